import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../scripts/core/config.ts";
import type { Finding } from "../../scripts/core/types.ts";
import { unifiedDiff } from "../../scripts/fix/diff.ts";
import { FIXABLE } from "../../scripts/fix/fixable.ts";
import { fixProject, type AppliedFix, type FileChange } from "../../scripts/fix/fixer.ts";
import { writeChanges } from "../../scripts/fix/write.ts";
import { tempDir } from "../helpers/repo.ts";
import { allRules, expand, findingsFor, FIXTURES } from "../helpers/validate.ts";

const RULES = path.join(FIXTURES, "rules");

function copyFixture(id: string): string {
  const dir = path.join(tempDir("mars-fix-"), "plugin");
  fs.cpSync(path.join(RULES, id, "fail"), dir, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(path.join(dir, "expected.txt"), { force: true });
  return dir;
}

/** Every regular file below dir, by POSIX path. */
function files(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== ".git") walk(child);
      else if (entry.isFile()) {
        const full = path.join(dir, child);
        out.set(child, { bytes: fs.readFileSync(full), mode: fs.statSync(full).mode & 0o777 });
      }
    }
  };
  walk("");
  return out;
}

/**
 * The spans of a file's original text (byte order mark included, as FileChange.before holds it)
 * that its applied fixes replace. Pass-1 offsets are offsets of the text as read, so they apply
 * to the original directly.
 */
interface Span {
  start: number;
  end: number;
  text: string;
}

function spansOf(change: FileChange, applied: readonly AppliedFix[]): Span[] {
  const shift = change.before.startsWith("\uFEFF") ? 1 : 0;
  const spans: Span[] = [];
  for (const { fix } of applied.filter((a) => a.file === change.path)) {
    if (fix.kind === "edit")
      for (const edit of fix.edits) spans.push({ start: edit.start + shift, end: edit.end + shift, text: edit.text });
    if (fix.kind === "remove-bom") spans.push({ start: 0, end: 1, text: "" });
  }
  return spans;
}

/**
 * The text between the spans, as it stood before, found unchanged in the new text where the
 * spans' declared replacements put it: no byte outside a span moved or changed.
 */
function changesOutside(before: string, after: string, spans: readonly Span[]): string[] {
  const problems: string[] = [];
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let from = 0;
  let shift = 0;
  for (const span of [...sorted, { start: before.length, end: before.length, text: "" }]) {
    const kept = before.slice(from, span.start);
    if (after.slice(from + shift, from + shift + kept.length) !== kept)
      problems.push(`the text at ${from}-${span.start} is not where the fixes leave it`);
    shift += span.text.length - (span.end - span.start);
    from = Math.max(from, span.end);
  }
  if (before.length + shift !== after.length) problems.push("the new text has another length than the fixes declare");
  return problems;
}

const key = (finding: Finding, renames: ReadonlyMap<string, string>) =>
  `${renames.get(finding.location.file) ?? finding.location.file}:${finding.location.start.line} ${finding.message}`;

/** skill-ref-exists fixes only a name two plugins share; its fixture has one plugin (fix-cases covers it). */
const SHOWN_ELSEWHERE = new Set(["skill-ref-exists"]);
const fixable = Object.keys(FIXABLE).filter((id) => !SHOWN_ELSEWHERE.has(id));

describe("the fix list", () => {
  it("names exactly the rules whose failing fixtures --fix repairs, and skill-ref-exists, shown in fix-cases", async () => {
    const fixing = new Set<string>();
    for (const id of fs.readdirSync(RULES)) {
      const dir = path.join(RULES, id, "fail");
      if (!fs.existsSync(path.join(dir, "build.mjs")))
        for (const finding of await findingsFor(dir)) if (finding.fixes?.length) fixing.add(finding.ruleId);
    }
    expect([...fixing, ...SHOWN_ELSEWHERE].sort()).toEqual(Object.keys(FIXABLE).sort());
  });
});

describe.each(fixable)("--fix on the failing fixture of %s", async (id) => {
  it("changes only the spans its fixes name, keeps modes, and leaves none of its fixable findings", async () => {
    const dir = copyFixture(id);
    for (const file of files(dir).keys()) fs.chmodSync(path.join(dir, file), 0o640);
    const before = files(dir);
    const findingsBefore = expand(await findingsFor(dir));
    const { config } = loadConfig(dir);
    const outcome = fixProject(dir, config, allRules);
    writeChanges(dir, outcome.changes);

    const mine = outcome.applied.filter((a) => a.ruleId === id);
    expect(mine.length).toBeGreaterThan(0);
    // Every fix of a fixture applies in the first pass, so its offsets are those of the file as read.
    expect(outcome.applied.map((a) => a.pass)).toEqual(outcome.applied.map(() => 1));

    const after = files(dir);
    const renames = new Map(outcome.changes.filter((c) => c.to).map((c) => [c.path, c.to!]));
    for (const [file, { bytes, mode }] of before) {
      const change = outcome.changes.find((c) => c.path === file);
      const now = after.get(renames.get(file) ?? file);
      expect(now?.mode, file).toBe(mode);
      if (!change) {
        expect(now?.bytes.equals(bytes), `${file} changed without a fix`).toBe(true);
        continue;
      }
      expect(bytes.toString("utf8")).toBe(change.before);
      expect(now?.bytes.toString("utf8")).toBe(change.after);
      expect(changesOutside(change.before, change.after, spansOf(change, outcome.applied)), file).toEqual([]);
    }
    expect([...after.keys()].sort()).toEqual([...before.keys()].map((f) => renames.get(f) ?? f).sort());

    const findingsAfter = expand(await findingsFor(dir));
    const ruleBefore = findingsBefore.filter((f) => f.ruleId === id).map((f) => key(f, renames));
    const ruleAfter = findingsAfter.filter((f) => f.ruleId === id);
    expect(ruleAfter.filter((f) => f.fixes?.length).map((f) => key(f, new Map()))).toEqual([]);
    for (const finding of ruleAfter) expect(ruleBefore, "a finding the fix created").toContain(key(finding, new Map()));
    // A fix never breaks what it edits: no syntax finding appears that was not there before.
    for (const syntax of ["json-syntax", "yaml-syntax", "frontmatter-syntax", "frontmatter-present"]) {
      const was = findingsBefore.filter((f) => f.ruleId === syntax).map((f) => key(f, renames));
      for (const finding of findingsAfter.filter((f) => f.ruleId === syntax))
        expect(was).toContain(key(finding, new Map()));
    }
    // One fix may settle more than one finding ("comand" is unknown, and "command" is missing).
    expect(ruleAfter.length).toBeLessThanOrEqual(ruleBefore.length - mine.length);
  });

  it("prints a diff that git apply turns into exactly what --fix writes", () => {
    const dir = copyFixture(id);
    const applied = copyFixture(id);
    const { config } = loadConfig(dir);
    const outcome = fixProject(dir, config, allRules);
    const patch = path.join(tempDir("mars-patch-"), "fix.patch");
    fs.writeFileSync(patch, unifiedDiff(outcome.changes));
    writeChanges(dir, outcome.changes);
    execFileSync("git", ["apply", "--unsafe-paths", patch], { cwd: applied, stdio: "pipe" });
    const expected = files(dir);
    const actual = files(applied);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, { bytes }] of expected) expect(actual.get(file)?.bytes.equals(bytes), file).toBe(true);
  });
});
