import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../core/config.ts";
import { runRulesNow } from "../core/run.ts";
import type { Finding, Rule } from "../core/types.ts";
import { loadProject } from "../core/validate.ts";
import { unifiedDiff } from "../fix/diff.ts";
import { FIXABLE } from "../fix/fixable.ts";
import { fixProject } from "../fix/fixer.ts";
import { visible } from "../reporters/escape.ts";
import { rulePagePath } from "./url.ts";

/**
 * Renders docs/rules/<rule-id>.md for every rule from what the repository already holds: the
 * rule's metadata (what it checks, why, its default severity), its fixtures (a failing and a
 * passing example, with the findings the failing one gets), what --fix does and how to
 * configure it. `npm run docs` writes the pages; a test holds them equal to this rendering.
 */

export const GENERATED_NOTE =
  "<!-- npm run docs writes this page from the rule's metadata and test/fixtures/rules/<rule-id>/; edit those, not this file -->";

/** At most this many lines of a fixture file are shown, and this many findings listed. */
const MAX_LINES = 40;
const MAX_FINDINGS = 15;
const MAX_DIFF_LINES = 60;
/** Files shown per example. */
const MAX_FILES = 2;

export interface RulePage {
  path: string;
  text: string;
}

interface Expected {
  file: string;
  line: number;
  column: number;
}

const LANGUAGES: Record<string, string> = {
  ".md": "markdown",
  ".json": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".py": "python",
  ".sh": "sh",
  ".ts": "ts",
  ".js": "js",
  ".mjs": "js",
  ".toml": "toml",
};

function fixtureDir(root: string, id: string, kind: "pass" | "fail"): string {
  return path.join(root, "test", "fixtures", "rules", id, kind);
}

/** Every regular file of a fixture as git holds it (expected.txt and build.mjs are the test's). */
function fixtureFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && !["expected.txt", "build.mjs"].includes(child)) out.push(child);
    }
  };
  walk("");
  return out.sort();
}

function expectedFindings(dir: string, id: string): Expected[] {
  const file = path.join(dir, "expected.txt");
  if (!fs.existsSync(file)) return [];
  const list: Expected[] = [];
  for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || !line.endsWith(` ${id}`)) continue;
    const where = line.slice(0, -id.length - 1);
    const match = /^(.+):(\d+):(\d+)$/.exec(where);
    if (match) list.push({ file: match[1]!, line: Number(match[2]), column: Number(match[3]) });
  }
  return list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/** The findings a fixture gets as git holds it, with Python left out so pages never depend on python3. */
function findingsOf(dir: string, rules: readonly Rule[]): Finding[] {
  const { config, problems } = loadConfig(dir);
  if (problems.length > 0) return [];
  const project = loadProject(dir, config);
  return runRulesNow(
    project,
    rules.filter((rule) => !rule.needs?.length),
  ).findings;
}

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  let longest = 0;
  let run = 0;
  for (const char of text) {
    run = char === "`" ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return "`".repeat(Math.max(3, longest + 1));
}

function readShown(file: string, around: number | undefined): { text: string; note: string } | undefined {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (buffer.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer).replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  }
  const lines = text.replace(/\n$/, "").split("\n");
  if (lines.length <= MAX_LINES) return { text: lines.join("\n"), note: "" };
  const start = Math.max(0, Math.min((around ?? 1) - 6, lines.length - MAX_LINES));
  const shown = lines.slice(start, start + MAX_LINES).join("\n");
  return { text: shown, note: ` (lines ${start + 1}-${start + MAX_LINES} of ${lines.length})` };
}

function codeBlock(relativeName: string, text: string): string {
  const language = LANGUAGES[path.extname(relativeName).toLowerCase()] ?? "text";
  const marks = fence(text);
  return `${marks}${language}\n${visible(text, true)}\n${marks}`;
}

function showFiles(
  dir: string,
  fixturePath: string,
  files: readonly string[],
  lines: ReadonlyMap<string, number>,
): string[] {
  const parts: string[] = [];
  for (const file of files) {
    const shown = readShown(path.join(dir, file), lines.get(file));
    if (!shown) {
      parts.push(`\`${fixturePath}/${file}\` (not text; see the fixture)`, "");
      continue;
    }
    parts.push(`\`${file}\`${shown.note}:`, "", codeBlock(file, shown.text), "");
  }
  return parts;
}

/** The failing fixture's files that hold the most findings, at most MAX_FILES. */
function failingFiles(expected: readonly Expected[], available: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const finding of expected)
    if (available.includes(finding.file)) counts.set(finding.file, (counts.get(finding.file) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_FILES)
    .map(([file]) => file);
}

/** Passing files to compare with: the same paths, else files of the same folder or kind. */
function passingFiles(failing: readonly string[], available: readonly string[]): string[] {
  const chosen: string[] = [];
  for (const file of failing) {
    const pick =
      available.find((candidate) => candidate === file) ??
      available.find(
        (candidate) => path.posix.dirname(candidate) === path.posix.dirname(file) && !chosen.includes(candidate),
      ) ??
      available.find(
        (candidate) => path.posix.extname(candidate) === path.posix.extname(file) && !chosen.includes(candidate),
      );
    if (pick && !chosen.includes(pick)) chosen.push(pick);
  }
  if (chosen.length === 0) chosen.push(...available.filter((f) => !f.startsWith(".claude-plugin/")).slice(0, 1));
  return chosen.slice(0, MAX_FILES);
}

function findingLines(expected: readonly Expected[], actual: readonly Finding[], id: string): string[] {
  const at = (location: Finding["location"]) => `${location.file}:${location.start.line}:${location.start.column}`;
  const byPlace = new Map<string, string>();
  for (const finding of actual) {
    if (finding.ruleId !== id) continue;
    byPlace.set(at(finding.location), `${finding.severity}  ${visible(finding.message)}`);
    // Repeats of one root cause are one finding: its other places point back at it.
    for (const location of finding.related ?? [])
      if (!byPlace.has(at(location)))
        byPlace.set(at(location), `${finding.severity}  (the same cause as ${at(finding.location)})`);
  }
  const lines = expected.slice(0, MAX_FINDINGS).map((e) => {
    const place = `${e.file}:${e.line}:${e.column}`;
    const what = byPlace.get(place);
    return what ? `${place}  ${what}` : place;
  });
  if (expected.length > MAX_FINDINGS) lines.push(`... and ${expected.length - MAX_FINDINGS} more`);
  return lines;
}

function hintsOf(actual: readonly Finding[], id: string): string[] {
  return [...new Set(actual.filter((f) => f.ruleId === id && f.hint).map((f) => visible(f.hint!)))].slice(0, 6);
}

function fixDiff(dir: string, rules: readonly Rule[], id: string): string | undefined {
  const { config, problems } = loadConfig(dir);
  if (problems.length > 0) return undefined;
  const outcome = fixProject(dir, config, rules);
  const mine = new Set(outcome.applied.filter((a) => a.ruleId === id).map((a) => a.file));
  const changes = outcome.changes.filter((change) => mine.has(change.path));
  if (changes.length === 0) return undefined;
  const lines = unifiedDiff(changes).replace(/\n$/, "").split("\n");
  const shown = lines.slice(0, MAX_DIFF_LINES);
  if (lines.length > MAX_DIFF_LINES) shown.push(`... ${lines.length - MAX_DIFF_LINES} more lines`);
  // A byte order mark is invisible on the page: it is shown as the escape that names it.
  return visible(shown.join("\n"), true).replaceAll("\uFEFF", "\\uFEFF");
}

/** The rule's source module, relative to the repository root, when it has one of its own. */
function sourceOf(root: string, id: string): string | undefined {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name === `${id}.ts`) found.push(child);
    }
  };
  walk("scripts/rules");
  walk("scripts/house/rules");
  return found[0];
}

function configureSection(id: string, house: boolean, severity: string): string[] {
  const preset = house ? `"presets": ["mars-house"],\n  ` : "";
  return [
    "## Configure it",
    "",
    `The rule reports at \`${severity}\` unless \`.mars-validate.json\` says otherwise: \`"error"\`, \`"warning"\` or \`"off"\`. \`"overrides"\` sets it for some files only (later entries win).${house ? ' It is a house rule of the mars repository: it runs only with the `"mars-house"` preset.' : ""}`,
    "",
    "```json",
    `{\n  ${preset}"rules": { "${id}": "warning" },\n  "overrides": [{ "files": ["legacy/**"], "rules": { "${id}": "off" } }]\n}`,
    "```",
    "",
    `On the command line, \`mars-validate --rule ${id}=off\` does the same for one run.`,
  ];
}

/** One rule's page. `root` is the repository root (for the fixtures); `rules` runs them. */
function renderRulePage(root: string, rule: Rule, rules: readonly Rule[], house: boolean): RulePage {
  const id = rule.id;
  const failDir = fixtureDir(root, id, "fail");
  const passDir = fixtureDir(root, id, "pass");
  const fixturePath = `test/fixtures/rules/${id}`;
  const expected = expectedFindings(failDir, id);
  const actual = fs.existsSync(failDir) ? findingsOf(failDir, rules) : [];
  const failing = failingFiles(expected, fixtureFiles(failDir));
  const passing = passingFiles(failing, fixtureFiles(passDir));
  const firstLines = new Map<string, number>();
  for (const finding of expected) if (!firstLines.has(finding.file)) firstLines.set(finding.file, finding.line);
  const source = sourceOf(root, id);
  const fixable = FIXABLE[id];
  const parts: string[] = [
    GENERATED_NOTE,
    "",
    `# ${id}`,
    "",
    visible(rule.description, true),
    "",
    `- Default severity: \`${rule.severity}\``,
    `- Fixable: ${fixable ? "yes, with `--fix`" : "no"}`,
    `- Rule set: ${house ? "`mars-house` preset (this repository's own rules)" : "general (always on)"}`,
    ...(source ? [`- Source: [\`${source}\`](../../${source})`] : []),
    "",
    "## Why it matters",
    "",
    visible(rule.consequence, true),
    "",
    "## Example",
    "",
  ];
  if (failing.length > 0) {
    parts.push(
      `Fails ([\`${fixturePath}/fail\`](../../${fixturePath}/fail/)):`,
      "",
      ...showFiles(failDir, `${fixturePath}/fail`, failing, firstLines),
      "",
    );
    parts.push(
      "What the rule reports on the failing fixture:",
      "",
      "```text",
      ...findingLines(expected, actual, id),
      "```",
      "",
    );
  } else if (fs.existsSync(path.join(failDir, "build.mjs"))) {
    // Some fixtures hold what git cannot (secrets, huge or unreadable files, copies of this plugin).
    const script = fs.readFileSync(path.join(failDir, "build.mjs"), "utf8").replace(/\n$/, "");
    parts.push(
      `The failing fixture ([\`${fixturePath}/fail\`](../../${fixturePath}/fail/)) is built by a script, since git cannot hold it as it is:`,
      "",
      codeBlock("build.mjs", script),
      "",
    );
  } else parts.push(`See the failing fixture in [\`${fixturePath}/fail\`](../../${fixturePath}/fail/).`, "");
  if (passing.length > 0)
    parts.push(
      `Passes ([\`${fixturePath}/pass\`](../../${fixturePath}/pass/)):`,
      "",
      ...showFiles(passDir, `${fixturePath}/pass`, passing, new Map()),
      "",
    );
  parts.push("## How to fix it", "");
  if (fixable) {
    parts.push(
      `\`mars-validate --fix\` ${fixable}. It changes nothing else, and lists each fix; \`mars-validate --fix-dry-run\` prints the diff without writing.`,
      "",
    );
    const diff = fs.existsSync(failDir) ? fixDiff(failDir, rules, id) : undefined;
    if (diff) parts.push("On the failing fixture, `--fix` writes:", "", `${fence(diff)}diff`, diff, fence(diff), "");
  }
  const hints = hintsOf(actual, id);
  if (hints.length > 0)
    parts.push(
      fixable ? "Otherwise, as the findings say:" : "As the findings say:",
      "",
      ...hints.map((h) => `- ${h}`),
      "",
    );
  else if (!fixable) parts.push("Change what the message names; the example above shows a passing form.", "");
  parts.push(...configureSection(id, house, rule.severity), "");
  return { path: rulePagePath(id), text: `${parts.join("\n")}` };
}

/** The index of every rule page. */
function renderIndex(general: readonly Rule[], house: readonly Rule[]): RulePage {
  const table = (rules: readonly Rule[]) => [
    "| Rule | Default | Fixable | Checks |",
    "| --- | --- | --- | --- |",
    ...[...rules]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map(
        (r) =>
          `| [\`${r.id}\`](${r.id}.md) | ${r.severity} | ${FIXABLE[r.id] ? "yes" : ""} | ${r.description.replace(/\|/g, "\\|")} |`,
      ),
  ];
  const text = [
    GENERATED_NOTE,
    "",
    "# mars-validate rules",
    "",
    "Every rule has a page: what it checks, why it matters in Claude Code, a failing and a passing example, and how to fix or configure it.",
    "",
    ...table(general),
    "",
    "## House rules (`mars-house` preset)",
    "",
    "They judge the mars repository against its own catalog and content guide, and run only where `.mars-validate.json` enables the preset.",
    "",
    ...table(house),
    "",
  ].join("\n");
  return { path: "docs/rules/README.md", text };
}

/** Every page the docs step writes, in path order. */
export function renderRulePages(root: string, general: readonly Rule[], house: readonly Rule[]): RulePage[] {
  const all = [...general, ...house];
  const houseIds = new Set(house.map((rule) => rule.id));
  const pages = all.map((rule) => renderRulePage(root, rule, all, houseIds.has(rule.id)));
  pages.push(renderIndex(general, house));
  return pages.sort((a, b) => (a.path < b.path ? -1 : 1));
}
