import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { CheckerThread } from "../../scripts/core/checker.ts";
import { defaultConfig } from "../../scripts/core/config.ts";
import { startPython } from "../../scripts/core/python.ts";
import { checkScripts, scriptBlocks } from "../../scripts/core/scripts.ts";
import { loadProject } from "../../scripts/core/validate.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";

const scratch = tempDir("mars-checker-fallback-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const skill = (blocks: string[]) =>
  `---\nname: s\ndescription: Does it. Use when asked.\n---\n\n${blocks.map((b) => `${b}\n`).join("\n")}`;

/** A worker thread that dies at once, as one that runs out of memory would. */
const dying = () => new Worker("process.exit(3)", { eval: true });

describe("code-block checks whose worker thread dies", () => {
  it("run on this thread instead and give what they give there", async () => {
    const root = writeTree(
      {
        ".claude-plugin/plugin.json": JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo." }),
        "skills/s/SKILL.md": skill(["```python\ndef f(:\n```", "```ts\nconst x = ;\n```", "```yaml\na: [1\n```"]),
      },
      fs.mkdtempSync(path.join(scratch, "t-")),
    );
    const project = loadProject(root, defaultConfig());
    const thread = CheckerThread.start({ env: process.env, python: true, scripts: true }, dying)!;
    for (const file of project.files) thread.offer(file);
    const blocks = scriptBlocks(project.files);
    const [python, scripts, yaml] = await Promise.all([
      thread.python(project.files),
      thread.scripts(blocks),
      thread.yaml(),
    ]);
    thread.close();
    expect(thread.fellBack).toBe(true);

    const expectedPython = await startPython(process.env, { early: false }).compile(project.files);
    expect(python).toEqual(expectedPython);
    expect([...python.errors.values()].map((e) => e.line)).toEqual([1]);
    const expectedScripts = await checkScripts(blocks);
    expect(blocks.map((b) => scripts.problems(b.code, b.lang))).toEqual(
      blocks.map((b) => expectedScripts.problems(b.code, b.lang)),
    );
    expect(scripts.problems("const x = ;", "ts")).toHaveLength(1);
    // Nothing came back from the thread: the YAML blocks are parsed when code-block-syntax reads them.
    expect(yaml.size).toBe(0);
  });
});
