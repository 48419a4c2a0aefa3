import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../scripts/core/config.ts";
import { validateProject } from "../../scripts/core/validate.ts";
import { rules } from "../../scripts/rules/index.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";

const scratch = tempDir("mars-pipeline-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A python3 stand-in that notes each start in a file, then runs the real interpreter. */
function recordingPython(): { env: NodeJS.ProcessEnv; starts: () => number } {
  const dir = fs.mkdtempSync(path.join(scratch, "python-"));
  const log = path.join(dir, "starts");
  const bin = path.join(dir, "python");
  fs.writeFileSync(bin, `#!/bin/sh\necho start >> "${log}"\nexec python3 "$@"\n`, { mode: 0o755 });
  return {
    env: { ...process.env, MARS_PYTHON: bin },
    starts: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0),
  };
}

const MANIFEST = JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo." });
const skill = (block: string) => `---\nname: s\ndescription: Does it. Use when asked.\n---\n\n${block}\n`;
const BROKEN_PYTHON = "```python\ndef f(:\n    pass\n```";
const BROKEN_TS = "```ts\nconst x = ;\n```";

describe("the validation pipeline", () => {
  it("starts python3 once when an enabled rule needs it and there is Python, and reads its verdict", async () => {
    const root = writeTree(
      { ".claude-plugin/plugin.json": MANIFEST, "skills/s/SKILL.md": skill(BROKEN_PYTHON) },
      fs.mkdtempSync(path.join(scratch, "t-")),
    );
    const python = recordingPython();
    const { findings } = await validateProject(root, { config: defaultConfig(), rules, env: python.env });
    expect(python.starts()).toBe(1);
    expect(findings.filter((f) => f.ruleId === "code-block-syntax").map((f) => f.location.start.line)).toEqual([7]);
  });

  it("does not start python3 when the tree holds no Python", async () => {
    const root = writeTree(
      { ".claude-plugin/plugin.json": MANIFEST, "skills/s/SKILL.md": skill(BROKEN_TS) },
      fs.mkdtempSync(path.join(scratch, "t-")),
    );
    const python = recordingPython();
    const { findings } = await validateProject(root, { config: defaultConfig(), rules, env: python.env });
    expect(python.starts()).toBe(0);
    // esbuild's verdict on the TypeScript block is in before the rule runs.
    expect(findings.filter((f) => f.ruleId === "code-block-syntax").map((f) => f.location.start.line)).toEqual([7]);
  });

  it("does not start python3 when every rule that needs it is off", async () => {
    const root = writeTree(
      { ".claude-plugin/plugin.json": MANIFEST, "skills/s/SKILL.md": skill(BROKEN_PYTHON) },
      fs.mkdtempSync(path.join(scratch, "t-")),
    );
    const python = recordingPython();
    const config = defaultConfig();
    for (const rule of rules) if (rule.needs?.includes("python")) config.rules[rule.id] = "off";
    const { findings } = await validateProject(root, { config, rules, env: python.env });
    expect(python.starts()).toBe(0);
    expect(findings.filter((f) => f.ruleId === "code-block-syntax")).toEqual([]);
  });
});
