import { describe, expect, it, vi } from "vitest";
import { defaultConfig } from "../../scripts/core/config.ts";
import { readMemoryTree } from "../../scripts/core/disk.ts";
import { buildProject } from "../../scripts/core/project.ts";
import type { PythonReport } from "../../scripts/core/types.ts";
import { runRules } from "../../scripts/core/run.ts";
import type { ScriptReport } from "../../scripts/core/scripts.ts";
import { codeBlockSyntax } from "../../scripts/rules/code/code-block-syntax.ts";

const SKILL = [
  "---",
  "name: s",
  "description: Does it. Use when asked.",
  "---",
  "",
  "```yaml",
  "a:",
  "    b: 1",
  "  c: 2",
  "```",
  "",
  "```yml",
  "fine: 1",
  "```",
  "",
].join("\n");

const HELM = [
  "---",
  "name: s",
  "description: Does it. Use when asked.",
  "---",
  "",
  "```yaml",
  "replicas: {{ .Values.n }}",
  "```",
  "",
  "```yaml",
  "plain: 1",
  "```",
  "",
].join("\n");

function project(skill = SKILL) {
  const files = new Map([
    [".claude-plugin/plugin.json", Buffer.from(JSON.stringify({ name: "demo", version: "1.0.0" }))],
    ["skills/s/SKILL.md", Buffer.from(skill)],
  ]);
  return buildProject("/demo", readMemoryTree(files), defaultConfig());
}

const PYTHON: PythonReport = { available: true, errors: new Map() };
const SCRIPTS: ScriptReport = { problems: () => [] };

describe("rules that wait for python3 and esbuild", () => {
  it("find the YAML code blocks parsed while they waited, and report what they report without the wait", async () => {
    const waited = project();
    const parse = vi.spyOn(waited.index, "yamlBlock");
    let finish: (report: ScriptReport) => void = () => {};
    const scripts = new Promise<ScriptReport>((resolve) => (finish = resolve));
    const running = runRules(waited, [codeBlockSyntax], { python: Promise.resolve(PYTHON), scripts });
    for (let i = 0; i < 4; i++) await new Promise(setImmediate);
    // Both blocks were parsed before esbuild answered.
    expect(parse.mock.calls.map(([block]) => block.code)).toEqual(["a:\n    b: 1\n  c: 2", "fine: 1"]);
    finish(SCRIPTS);
    const result = await running;

    const direct = await runRules(project(), [codeBlockSyntax], {
      python: Promise.resolve(PYTHON),
      scripts: Promise.resolve(SCRIPTS),
    });
    expect(result.findings.map((f) => `${f.location.start.line} ${f.ruleId}`)).toEqual(["9 code-block-syntax"]);
    expect(result).toEqual(direct);
  });

  it("leave templated YAML blocks, which no rule parses, unparsed", async () => {
    const waited = project(HELM);
    const parse = vi.spyOn(waited.index, "yamlBlock");
    let finish: (report: ScriptReport) => void = () => {};
    const scripts = new Promise<ScriptReport>((resolve) => (finish = resolve));
    const running = runRules(waited, [codeBlockSyntax], { python: Promise.resolve(PYTHON), scripts });
    for (let i = 0; i < 4; i++) await new Promise(setImmediate);
    expect(parse.mock.calls.map(([block]) => block.code)).toEqual(["plain: 1"]);
    finish(SCRIPTS);
    const result = await running;
    // The rule reads the plain block (parsed while it waited); nothing parses the Helm template.
    expect(new Set(parse.mock.calls.map(([block]) => block.code))).toEqual(new Set(["plain: 1"]));
    expect(result.findings).toEqual([]);
  });
});
