import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CheckerThread, checkerWanted } from "../../scripts/core/checker.ts";
import { defaultConfig } from "../../scripts/core/config.ts";
import type { PythonVerdicts } from "../../scripts/core/python.ts";
import type { ScriptVerdicts } from "../../scripts/core/scripts.ts";
import { validateProject } from "../../scripts/core/validate.ts";
import { rules } from "../../scripts/rules/index.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";

const scratch = tempDir("mars-checker-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const MANIFEST = JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo." });
const skill = (blocks: string[]) =>
  `---\nname: s\ndescription: Does it. Use when asked.\n---\n\n${blocks.map((b) => `${b}\n`).join("\n")}`;

/** Python, TypeScript and YAML blocks, broken and whole, a fragment of each, and an OpenAPI document. */
const BLOCKS = [
  "```python\ndef f(:\n    pass\n```",
  "```python\nawait client.get(url)\nreturn data\n```",
  "```ts\nconst x = ;\n```",
  "```ts\ngetUser(id: string) {\n  return this.repo.find(id);\n}\n```",
  "```yaml\na:\n    b: 1\n  c: 2\n```",
  "```yaml\nkey: value\nlist:\n  - one\n```",
  "```yaml\nopenapi: 3.1.0\ninfo:\n  title: T\npaths: {}\n```",
];

function tree(): string {
  return writeTree(
    {
      ".claude-plugin/plugin.json": MANIFEST,
      "skills/s/SKILL.md": skill(BLOCKS),
      "skills/t/SKILL.md": skill(["```py\nprint(\n```", "```yaml\n- [a\n```"]),
      "scripts/tool.py": "def g(:\n",
    },
    fs.mkdtempSync(path.join(scratch, "t-")),
  );
}

const summary = (findings: Awaited<ReturnType<typeof validateProject>>["findings"]) =>
  findings.map(
    (f) => `${f.location.file}:${f.location.start.line}:${f.location.start.column} ${f.ruleId} ${f.message}`,
  );

describe("code-block checks on a worker thread", () => {
  it("report exactly what the checks on this thread report", async () => {
    const root = tree();
    const start = vi.spyOn(CheckerThread, "start");
    const here = await validateProject(root, { config: defaultConfig(), rules, checker: false });
    expect(start).not.toHaveBeenCalled();
    const there = await validateProject(root, { config: defaultConfig(), rules, checker: true });
    // The worker answered every check itself: none ran here after it stopped.
    const thread = start.mock.results[0]?.value as CheckerThread | undefined;
    expect(thread).toBeInstanceOf(CheckerThread);
    expect(thread!.fellBack).toBe(false);
    start.mockRestore();
    const found = summary(here.findings);
    expect(found.filter((f) => / (code-block-syntax|python-syntax) /.test(f)).length).toBeGreaterThanOrEqual(5);
    expect(summary(there.findings)).toEqual(found);
  });

  it("add the verdicts they reach to the ones a cache keeps, as this thread does", async () => {
    const root = tree();
    const known = () => ({ python: new Map() as PythonVerdicts, scripts: new Map() as ScriptVerdicts });
    const here = known();
    const there = known();
    await validateProject(root, { config: defaultConfig(), rules, checker: false, known: here });
    await validateProject(root, { config: defaultConfig(), rules, checker: true, known: there });
    expect(here.python.size).toBeGreaterThan(0);
    expect(here.scripts.size).toBeGreaterThan(0);
    expect(new Map(there.python)).toEqual(new Map(here.python));
    expect(new Map(there.scripts)).toEqual(new Map(here.scripts));
  });

  it("start only for a large tree, and never when asked not to", () => {
    expect(checkerWanted(10_000)).toBe(false);
    expect(checkerWanted(10_000_000, false)).toBe(false);
    expect(checkerWanted(0, true)).toBe(true);
  });
});
