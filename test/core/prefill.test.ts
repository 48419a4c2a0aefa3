import { describe, expect, it, vi } from "vitest";
import { defaultConfig } from "../../scripts/core/config.ts";
import { readMemoryTree } from "../../scripts/core/disk.ts";
import { buildProject } from "../../scripts/core/project.ts";
import type { PythonReport } from "../../scripts/core/types.ts";
import { runRules } from "../../scripts/core/run.ts";
import type { ScriptReport } from "../../scripts/core/scripts.ts";
import { codeBlockSyntax } from "../../scripts/rules/code/code-block-syntax.ts";

/** A skill whose body is the given fenced blocks, each as [info, code]. */
function skillWith(blocks: readonly (readonly [string, string])[]): string {
  const fences = blocks.flatMap(([info, code]) => [`\`\`\`${info}`, code, "```", ""]);
  return ["---", "name: s", "description: Does it. Use when asked.", "---", "", ...fences].join("\n");
}

const SKILL = skillWith([
  ["yaml", "a:\n    b: 1\n  c: 2"],
  ["yml", "fine: 1"],
]);

const HELM = skillWith([
  ["yaml", "replicas: {{ .Values.n }}"],
  ["yaml", "plain: 1"],
]);

function project(skill = SKILL) {
  const files = new Map([
    [".claude-plugin/plugin.json", Buffer.from(JSON.stringify({ name: "demo", version: "1.0.0" }))],
    ["skills/s/SKILL.md", Buffer.from(skill)],
  ]);
  return buildProject("/demo", readMemoryTree(files), defaultConfig());
}

const PYTHON: PythonReport = { available: true, errors: new Map() };
const SCRIPTS: ScriptReport = { problems: () => [] };

/**
 * Runs code-block-syntax on the project while esbuild has not answered yet, and returns the YAML
 * blocks parsed during that wait; `finish` lets esbuild answer and gives the run's result.
 */
async function whileWaiting(skill?: string) {
  const waited = project(skill);
  const parse = vi.spyOn(waited.index, "yamlBlock");
  let answer: (report: ScriptReport) => void = () => {};
  const scripts = new Promise<ScriptReport>((resolve) => (answer = resolve));
  const running = runRules(waited, [codeBlockSyntax], { python: Promise.resolve(PYTHON), scripts });
  for (let i = 0; i < 4; i++) await new Promise(setImmediate);
  const parsedWhileWaiting = parse.mock.calls.map(([block]) => block.code);
  return {
    parse,
    parsedWhileWaiting,
    finish: () => {
      answer(SCRIPTS);
      return running;
    },
  };
}

describe("rules that wait for python3 and esbuild", () => {
  it("find the YAML code blocks parsed while they waited, and report what they report without the wait", async () => {
    const run = await whileWaiting();
    // Both blocks were parsed before esbuild answered.
    expect(run.parsedWhileWaiting).toEqual(["a:\n    b: 1\n  c: 2", "fine: 1"]);
    const result = await run.finish();

    const direct = await runRules(project(), [codeBlockSyntax], {
      python: Promise.resolve(PYTHON),
      scripts: Promise.resolve(SCRIPTS),
    });
    expect(result.findings.map((f) => `${f.location.start.line} ${f.ruleId}`)).toEqual(["9 code-block-syntax"]);
    expect(result).toEqual(direct);
  });

  it("leave templated YAML blocks, which no rule parses, unparsed", async () => {
    const run = await whileWaiting(HELM);
    expect(run.parsedWhileWaiting).toEqual(["plain: 1"]);
    const result = await run.finish();
    // The rule reads the plain block (parsed while it waited); nothing parses the Helm template.
    expect(new Set(run.parse.mock.calls.map(([block]) => block.code))).toEqual(new Set(["plain: 1"]));
    expect(result.findings).toEqual([]);
  });
});
