import fc from "fast-check";
import { stringify as yamlStringify } from "yaml";
import { defaultConfig } from "../core/config.ts";
import { readMemoryTree } from "../core/disk.ts";
import { buildProject } from "../core/project.ts";
import { runRulesNow, summarize } from "../core/run.ts";
import type { Finding } from "../core/types.ts";
import { jsonReporter } from "../reporters/json.ts";
import { rules } from "../rules/index.ts";

/** A small valid plugin with one of every file kind; mutations start from it. */
export const BASE_TREE: Readonly<Record<string, string>> = {
  ".claude-plugin/plugin.json": `${JSON.stringify({ name: "fuzz", version: "1.0.0", description: "Fuzz target", author: { name: "Fuzz" }, keywords: ["a"] }, null, 2)}\n`,
  ".claude-plugin/marketplace.json": `${JSON.stringify({ name: "fuzz-market", owner: { name: "Fuzz" }, description: "d", plugins: [{ name: "fuzz", source: "./", version: "1.0.0" }] }, null, 2)}\n`,
  "agents/reviewer.md":
    "---\nname: reviewer\ndescription: Reviews diffs for correctness. Use when a change needs review. Not for docs (use fuzz:writer).\nmodel: inherit\ntools: Read, Grep, Glob, Agent(fuzz:writer)\ncolor: blue\n---\n\n# Reviewer\n\nRead [the guide](../skills/guide/SKILL.md).\n\n```python\nimport os\nprint(os.getcwd())\n```\n",
  "agents/writer.md":
    "---\nname: writer\ndescription: Writes docs for changed endpoints. Use when a contract changes. Not for reviews (use fuzz:reviewer).\nmodel: sonnet\ntools: Read, Write\n---\n\nWrite docs.\n",
  "skills/guide/SKILL.md":
    '---\nname: guide\ndescription: This skill should be used when designing REST errors and pagination for an API. Not for GraphQL.\n---\n\n# Guide\n\n```json\n{"type": "about:blank", "status": 404}\n```\n\n```yaml\nlimit: 100\n```\n',
  "commands/run.md":
    '---\ndescription: Run the review\nargument-hint: "<path>"\nallowed-tools: Read, Bash(git diff:*), Agent(fuzz:reviewer)\n---\n\nReview $ARGUMENTS with `fuzz:reviewer`.\n',
  "hooks/hooks.json": `${JSON.stringify({ hooks: { PostToolUse: [{ matcher: "Write|Edit", hooks: [{ type: "command", command: '"${CLAUDE_PLUGIN_ROOT}/bin/fmt.sh"' }] }] } }, null, 2)}\n`,
  "bin/fmt.sh": "#!/bin/sh\nexit 0\n",
  ".mcp.json": `${JSON.stringify({ mcpServers: { docs: { type: "http", url: "https://mcp.example.com/mcp" } } }, null, 2)}\n`,
  "evals/review/case.yaml":
    'schema_version: "1.1"\nname: review\nexecution:\n  prompt: Review src/app.py\n  allowed_tools: [Agent]\ngraders:\n  - type: tool_used\n    name: used-agent\n    tool: Agent\n',
  "README.md": "# fuzz\n\nA plugin for fuzzing. See [agents](agents/reviewer.md).\n",
};

const PATHS = Object.keys(BASE_TREE);
const NEW_PATHS = [
  "agents/extra.md",
  "skills/other/SKILL.md",
  "commands/new.md",
  "hooks/hooks.json",
  ".lsp.json",
  "evals/x/prompt.md",
  "evals/x/graders/g.md",
  "assets/spec.yaml",
  "assets/data.json",
  "notes.md",
  "skills/guide/references/r.md",
];

export type Mutation =
  | { op: "truncate"; file: number; at: number }
  | { op: "flip"; file: number; at: number; byte: number }
  | { op: "nul"; file: number; at: number }
  | { op: "utf8"; file: number; at: number; bytes: readonly number[] }
  | { op: "retype"; file: number; key: string; value: unknown }
  | { op: "replace"; file: number; content: string }
  | { op: "binary"; file: number; content: number[] }
  | { op: "delete"; file: number }
  | { op: "add"; path: number; content: string }
  | { op: "nest"; file: number; depth: number }
  | { op: "eol"; file: number; bom: boolean };

const KEYS = [
  "name",
  "description",
  "model",
  "tools",
  "color",
  "version",
  "author",
  "keywords",
  "hooks",
  "mcpServers",
  "plugins",
  "source",
  "allowed-tools",
  "argument-hint",
  "skills",
  "agents",
  "commands",
  "owner",
  "execution",
  "graders",
  "type",
  "matcher",
  "command",
  "url",
];

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    "../../etc/passwd",
    "./x",
    "",
    "inherit",
    "sonnett",
    "${CLAUDE_PLUGIN_ROOT}/../x",
    "a: b",
    "[x] [y]",
    "---",
    " #x",
  ),
);

export function mutationArbitrary(): fc.Arbitrary<Mutation[]> {
  const file = fc.nat({ max: PATHS.length - 1 });
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant("truncate" as const), file, at }),
    fc.record({ op: fc.constant("flip" as const), file, at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant("nul" as const), file, at }),
    fc.record({
      op: fc.constant("utf8" as const),
      file,
      at,
      bytes: fc.constantFrom([0xc3, 0x28], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80]),
    }),
    fc.record({ op: fc.constant("retype" as const), file, key: fc.constantFrom(...KEYS), value: anyValue }),
    fc.record({
      op: fc.constant("replace" as const),
      file,
      content: fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        fc.jsonValue({ maxDepth: 4 }).map((v) => `---\n${yamlStringify(v)}---\nbody\n`),
        fc.constantFrom(
          "---\n",
          "---js\n{}\n---\n",
          "\uFEFF---\r\nname: x\r\n---\r\n",
          "---\na: &a [1]\nb: [*a, *a]\n---\n",
          '{"a": 1, "a": 2}',
          "[".repeat(400),
        ),
      ),
    }),
    fc.record({
      op: fc.constant("binary" as const),
      file,
      content: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }),
    }),
    fc.record({ op: fc.constant("delete" as const), file }),
    fc.record({
      op: fc.constant("add" as const),
      path: fc.nat({ max: NEW_PATHS.length - 1 }),
      content: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...Object.values(BASE_TREE))),
    }),
    fc.record({ op: fc.constant("nest" as const), file, depth: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ op: fc.constant("eol" as const), file, bom: fc.boolean() }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 });
}

function setKey(text: string, key: string, value: unknown): string {
  const trimmed = text.replace(/^\uFEFF/, "");
  if (trimmed.trimStart().startsWith("{")) {
    try {
      const data = JSON.parse(trimmed) as Record<string, unknown>;
      if (data && typeof data === "object") return JSON.stringify({ ...data, [key]: value }, null, 2);
    } catch {
      // Not JSON any more: fall through to the text edit.
    }
  }
  const line = `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`;
  const pattern = new RegExp(`^${key.replace(/-/g, "\\-")}:.*$`, "m");
  return pattern.test(text) ? text.replace(pattern, line) : text.replace(/^---\n/, `---\n${line}\n`);
}

export function applyMutations(mutations: readonly Mutation[]): Map<string, Buffer> {
  const files = new Map(Object.entries(BASE_TREE).map(([p, t]) => [p, Buffer.from(t)]));
  for (const m of mutations) {
    if (m.op === "add") {
      files.set(NEW_PATHS[m.path]!, Buffer.from(m.content));
      continue;
    }
    const path = PATHS[m.file]!;
    const current = files.get(path);
    if (!current) continue;
    const at = "at" in m ? Math.floor(m.at * current.length) : 0;
    switch (m.op) {
      case "truncate":
        files.set(path, current.subarray(0, at));
        break;
      case "flip": {
        const copy = Buffer.from(current);
        if (copy.length) copy[Math.min(at, copy.length - 1)] = m.byte;
        files.set(path, copy);
        break;
      }
      case "nul":
        files.set(path, Buffer.concat([current.subarray(0, at), Buffer.from([0]), current.subarray(at)]));
        break;
      case "utf8":
        files.set(path, Buffer.concat([current.subarray(0, at), Buffer.from(m.bytes), current.subarray(at)]));
        break;
      case "retype":
        files.set(path, Buffer.from(setKey(current.toString("utf8"), m.key, m.value)));
        break;
      case "replace":
        files.set(path, Buffer.from(m.content));
        break;
      case "binary":
        files.set(path, Buffer.from(m.content));
        break;
      case "delete":
        files.delete(path);
        break;
      case "nest":
        files.set(
          path,
          Buffer.from(
            path.endsWith(".md")
              ? `---\nname: ${"[".repeat(m.depth)}\n---\n`
              : `${"[".repeat(m.depth)}${"]".repeat(m.depth)}`,
          ),
        );
        break;
      case "eol":
        files.set(path, Buffer.from(`${m.bom ? "\uFEFF" : ""}${current.toString("utf8").replace(/\r?\n/g, "\r\n")}`));
        break;
    }
  }
  return files;
}

export interface CaseResult {
  ok: boolean;
  problem?: string;
  findings: number;
}

/** Visible line lengths: a "\r" before "\n" ends a line; a lone "\r" is a character. */
function lineLengths(text: string): number[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l.replace(/\r$/, "") : l).length);
}

/** Validates a tree in memory and checks the invariants every input must keep. */
export function checkTree(files: ReadonlyMap<string, Buffer>): CaseResult {
  let findings: Finding[];
  let texts: Map<string, string>;
  try {
    const snapshot = readMemoryTree(files);
    const project = buildProject("/fuzz", snapshot, defaultConfig(), () => ({ available: false, errors: new Map() }));
    texts = new Map(project.files.map((f) => [f.path, f.text]));
    const result = runRulesNow(project, rules);
    if (result.crashes.length)
      return {
        ok: false,
        problem: `rule ${result.crashes[0]!.ruleId} threw: ${result.crashes[0]!.message.split("\n")[0]}`,
        findings: 0,
      };
    findings = result.findings;
    const output = jsonReporter(findings, { rules, summary: summarize(findings, project.files.length), color: false });
    const parsed = JSON.parse(output) as { findings: unknown[] };
    if (parsed.findings.length !== findings.length)
      return { ok: false, problem: "JSON output lost findings", findings: findings.length };
  } catch (error) {
    return {
      ok: false,
      problem: `exception: ${(error as Error).stack?.split("\n").slice(0, 3).join(" | ")}`,
      findings: 0,
    };
  }
  for (const finding of findings) {
    const { file, start } = finding.location;
    if (!files.has(file))
      return { ok: false, problem: `${finding.ruleId}: finding on unknown file ${file}`, findings: findings.length };
    const lengths = lineLengths(texts.get(file) ?? "");
    if (
      start.line < 1 ||
      start.column < 1 ||
      start.line > lengths.length ||
      start.column > (lengths[start.line - 1] ?? 0) + 1
    ) {
      return {
        ok: false,
        problem: `${finding.ruleId}: ${file}:${start.line}:${start.column} is outside the file (${lengths.length} lines)`,
        findings: findings.length,
      };
    }
  }
  return { ok: true, findings: findings.length };
}
