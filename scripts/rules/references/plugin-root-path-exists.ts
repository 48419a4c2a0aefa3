import path from "node:path";
import type { Node as JsonNode } from "jsonc-parser";
import type { Project, Rule, RuleContext, SourceFile } from "../../core/types.ts";
import { pluginOf } from "../util.ts";
import { fencedSpans } from "./refs.ts";
import { caseTwin, existsOrUnknown, inside, normalize } from "./paths.ts";

const posix = path.posix;
const VARIABLE = /\$\{CLAUDE_(PLUGIN_ROOT|SKILL_DIR)\}|\$CLAUDE_(PLUGIN_ROOT|SKILL_DIR)\b/g;
/** Characters that end a path: shell and Markdown syntax, quotes, and JSON escapes. */
const STOP = /[\s"'`();|&><,#\\\]}]/;
/** Characters after which the path goes on in a form that cannot be resolved (globs, variables, an elision "…"). */
const PARTIAL = /[*?[{$…]/;
/** File names that stand for any file in a documented pattern (FILE.md, SCRIPT.py). */
const PLACEHOLDER_STEM =
  /^(?:FILE|FILENAME|FILE_NAME|SCRIPT|SCRIPT_NAME|NAME|PATH|X{1,3}|FOO|BAR|MODULE|TOOL)$|^(?:script|file|tool|module)[-_]name$|^your[-_][\w-]{1,40}$/;
const SCANNED = new Set(["hooks", "mcp", "lsp", "plugin-manifest"]);
const COMPONENTS = new Set(["agent", "skill", "command"]);
const KIND_NAMES: Record<string, string> = {
  command: "a command",
  agent: "an agent",
  hooks: "a hooks file",
  mcp: "an MCP config",
  lsp: "an LSP config",
  "plugin-manifest": "plugin.json",
};

/** The folder of the skill a file belongs to (its SKILL.md's folder), if any. */
function skillDirOf(project: Project, file: SourceFile): string | undefined {
  const plugin = pluginOf(project, file);
  if (!plugin) return undefined;
  let best: string | undefined;
  for (const skill of plugin.skills) {
    const dir = posix.dirname(skill.file.path);
    if ((file.path.startsWith(`${dir}/`) || file.path === skill.file.path) && (!best || dir.length > best.length))
      best = dir;
  }
  return best;
}

/** Reads the path that follows a variable; undefined when nothing path-like follows. */
export function pathAfter(text: string, from: number): { path: string; length: number } | undefined {
  if (text[from] !== "/") return undefined;
  let end = from;
  let partial = false;
  while (end < text.length) {
    const char = text[end]!;
    if (STOP.test(char)) break;
    if (PARTIAL.test(char)) {
      partial = true;
      break;
    }
    end++;
  }
  let raw = text.slice(from, end);
  if (partial) {
    // "x.sh:*" is a complete path followed by a permission wildcard; "scripts/*.sh" is not.
    if (raw.endsWith(":") || raw.endsWith("/")) raw = raw.replace(/(?<![:/])[:/]+$/, "");
    else raw = raw.slice(0, raw.lastIndexOf("/"));
  }
  raw = raw.replace(/(?<![.,:;!?])[.,:;!?]+$/, "");
  return { path: raw.replace(/^\/+/, ""), length: raw.length };
}

/** Fenced blocks that show another file (a hooks.json, a command file...), not something to run. */
const EXAMPLE_LANGS = new Set(["json", "jsonc", "json5", "yaml", "yml", "toml", "markdown", "md", "mdx"]);

/**
 * Code blocks not to read: those showing another file, and, in a file that shows the variable
 * inside such an example (a guide to writing plugins), every code block, since they are samples
 * for the reader's own plugin. Prose and inline code are always read.
 */
function exampleSpans(project: Project, file: SourceFile): [number, number][] {
  const blocks = file.markdown?.codeBlocks ?? [];
  const spans = fencedSpans(project, file);
  const examples = spans.filter((_, i) => EXAMPLE_LANGS.has(blocks[i]?.lang ?? ""));
  const teaching = examples.some(([start, end]) =>
    /\$\{?CLAUDE_(?:PLUGIN_ROOT|SKILL_DIR)/.test(file.text.slice(start, end)),
  );
  return teaching ? spans : examples;
}

/**
 * Keys whose values Claude Code runs or hands to what it starts: a hook's or server's command,
 * its arguments, environment and working folder. Other values of a config (under a key it
 * ignores, such as "troubleshooting" or "environment" in a hook) are documentation.
 */
const RUN_KEYS = new Set(["command", "args", "env", "cwd", "url", "headers", "transport"]);

/** The spans of a JSON config's values under `RUN_KEYS`, or undefined when the file did not parse. */
function runSpans(file: SourceFile): [number, number][] | undefined {
  const tree = file.json?.tree;
  if (!tree) return undefined;
  const spans: [number, number][] = [];
  const visit = (node: JsonNode) => {
    if (node.type === "property") {
      const [key, value] = node.children ?? [];
      if (key && value && RUN_KEYS.has(String(key.value))) {
        spans.push([value.offset, value.offset + value.length]);
        return;
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  return spans;
}

function scan(project: Project, file: SourceFile, report: RuleContext["report"]): void {
  const plugin = pluginOf(project, file);
  if (!plugin) return;
  const text = file.text;
  const skipped = exampleSpans(project, file);
  const read = SCANNED.has(file.kind) ? runSpans(file) : undefined;
  for (const match of text.matchAll(VARIABLE)) {
    if (skipped.some(([start, end]) => match.index >= start && match.index < end)) continue;
    if (read && !read.some(([start, end]) => match.index >= start && match.index < end)) continue;
    const variable = match[1] ?? match[2]!;
    const start = match.index;
    const after = pathAfter(text, start + match[0].length);
    if (!after) continue;
    const at = { offset: start, length: match[0].length + after.length };
    let base = plugin.dir;
    if (variable === "SKILL_DIR") {
      const skillDir = skillDirOf(project, file);
      if (skillDir === undefined) {
        if (file.kind === "command" || file.kind === "agent" || SCANNED.has(file.kind)) {
          report({
            file,
            at,
            severity: "warning",
            message: `"\${CLAUDE_SKILL_DIR}" is only substituted in skills, so it stays literal in ${KIND_NAMES[file.kind] ?? "this file"}`,
            hint: "use ${CLAUDE_PLUGIN_ROOT} with the path from the plugin root",
          });
        }
        continue;
      }
      base = skillDir;
    }
    if (after.path === "") continue;
    const resolved = normalize(posix.join(base === "" ? "." : base, after.path));
    const shown = match[0] + "/" + after.path;
    if (!inside(plugin.dir, resolved)) {
      report({
        file,
        at,
        message: `"${shown}" points outside the plugin folder`,
        hint: "an installed plugin holds only its own folder; keep the file inside it",
      });
      continue;
    }
    if (!existsOrUnknown(project, resolved)) {
      // "${CLAUDE_PLUGIN_ROOT}/scripts/SCRIPT.py": a pattern with a placeholder the reader fills in.
      if (PLACEHOLDER_STEM.test(posix.basename(resolved).replace(/\.[^.]*$/, ""))) continue;
      const twin = caseTwin(project, resolved);
      const relative = plugin.dir === "" ? resolved : resolved.slice(plugin.dir.length + 1);
      report({
        file,
        at,
        // A hook, server or manifest entry runs the path; a component only tells Claude about it.
        severity: SCANNED.has(file.kind) ? "error" : "warning",
        message: `"${shown}" does not exist in plugin "${plugin.name}"${variable === "SKILL_DIR" ? ` (it resolves to "${relative}")` : ""}`,
        hint: twin
          ? `the path differs only in letter case from "${twin}", which breaks on case-sensitive file systems`
          : "fix the path or add the file",
      });
    }
  }
}

export const pluginRootPathExists: Rule = {
  id: "plugin-root-path-exists",
  severity: "error",
  description:
    "Paths built from ${CLAUDE_PLUGIN_ROOT} or ${CLAUDE_SKILL_DIR} in components, hooks, MCP and LSP configs point to a file or folder inside the plugin.",
  consequence:
    "A hook, MCP or LSP command that runs a ${CLAUDE_PLUGIN_ROOT} path that does not exist fails every time it runs (a broken guard hook disables the plugin in 2.1.330); a component that points Claude at a missing script or file sends it to nothing.",
  check({ project, report }) {
    for (const file of project.files) {
      // Claude Code substitutes the variables in component bodies and in configs; other Markdown
      // (references, examples, READMEs) is documentation that shows the literal text.
      if (!COMPONENTS.has(file.kind) && !SCANNED.has(file.kind)) continue;
      scan(project, file, report);
    }
  },
};
