import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateCli } from "../helpers/cli.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";

const scratch = tempDir("mars-cache-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const MANIFEST = JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo.", author: { name: "Demo" } });
const AGENT = (model: string) =>
  `---\nname: reviewer\ndescription: Reviews pull requests. Use when a diff needs review.\nmodel: ${model}\n---\n\nBody.\n`;
const SKILL =
  "---\nname: s\ndescription: Does it. Use when asked.\n---\n\n```python\ndef f(:\n    pass\n```\n\n```ts\nconst x = ;\n```\n";

function plugin(): string {
  return writeTree(
    { ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": AGENT("sonnett"), "skills/s/SKILL.md": SKILL },
    fs.mkdtempSync(path.join(scratch, "plugin-")),
  );
}

/** A python3 stand-in that counts its starts, so a test can tell a verdict came from the cache. */
function countingPython(): { env: NodeJS.ProcessEnv; starts: () => number } {
  const dir = fs.mkdtempSync(path.join(scratch, "python-"));
  const log = path.join(dir, "starts");
  fs.writeFileSync(path.join(dir, "python"), `#!/bin/sh\necho start >> "${log}"\nexec python3 "$@"\n`, { mode: 0o755 });
  return {
    env: { ...process.env, MARS_PYTHON: path.join(dir, "python") },
    starts: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0),
  };
}

const ids = (stdout: string) =>
  (JSON.parse(stdout) as { findings: { ruleId: string; line: number }[] }).findings.map((f) => `${f.line} ${f.ruleId}`);

describe("--cache", () => {
  it("answers an unchanged folder with the same findings, and a changed one with new findings", async () => {
    const root = plugin();
    const cache = path.join(scratch, `cache-${path.basename(root)}`);
    const python = countingPython();
    const args = ["--format", "json", "--cache", "--cache-location", cache, root];
    const cold = await validateCli(["--format", "json", root], root, python.env);
    const first = await validateCli(args, root, python.env);
    expect(first.stdout).toBe(cold.stdout);
    expect(fs.existsSync(cache)).toBe(true);
    const startsBefore = python.starts();

    const second = await validateCli(args, root, python.env);
    expect(second.stdout).toBe(cold.stdout);
    expect(second.code).toBe(first.code);
    // Answered from the cache: python3 was not started again.
    expect(python.starts()).toBe(startsBefore);

    // A changed agent is validated again; the Python block did not change, so its verdict is reused.
    fs.writeFileSync(path.join(root, "agents/reviewer.md"), AGENT("sonnet"));
    const third = await validateCli(args, root, python.env);
    expect(ids(third.stdout)).not.toContain("4 model-valid");
    expect(ids(third.stdout)).toEqual(ids(cold.stdout).filter((f) => f !== "4 model-valid"));
    expect(python.starts()).toBe(startsBefore);
    expect(third.stdout).toBe((await validateCli(["--format", "json", root], root)).stdout);
  });

  it("ignores a cache file that is not JSON, not in its shape, or planted with bad findings, and rewrites it", async () => {
    const root = plugin();
    const expected = (await validateCli(["--format", "json", root], root)).stdout;
    const planted = {
      format: 1,
      tool: "x",
      runs: { [root]: { key: "k", extra: [], run: { findings: [{ ruleId: 1 }], files: 1, empty: false } } },
      python: {},
      scripts: {},
    };
    for (const content of ["{not json", "[]", JSON.stringify(planted), "\u0000".repeat(64)]) {
      const cache = path.join(scratch, `bad-${Math.random().toString(36).slice(2)}`);
      fs.writeFileSync(cache, content);
      const run = await validateCli(["--format", "json", "--cache", "--cache-location", cache, root], root);
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe(expected);
      expect(() => JSON.parse(fs.readFileSync(cache, "utf8")) as unknown).not.toThrow();
    }
  });

  it("keeps its file out of the folder it validates, and takes a folder as the location", async () => {
    const root = plugin();
    const expected = (await validateCli(["--format", "json", root], root)).stdout;
    const first = await validateCli(["--format", "json", "--cache", root], root);
    expect(fs.existsSync(path.join(root, ".mars-validate-cache"))).toBe(true);
    const second = await validateCli(["--format", "json", "--cache", root], root);
    expect(first.stdout).toBe(expected);
    expect(second.stdout).toBe(expected);
    const folder = fs.mkdtempSync(path.join(scratch, "folder-"));
    await validateCli(["--format", "json", "--cache", "--cache-location", folder, root], root);
    expect(fs.readdirSync(folder)).toEqual([expect.stringMatching(/^\.mars-validate-cache-[0-9a-f]{10}$/)]);
  });

  it("refuses an unknown cache strategy", async () => {
    const root = plugin();
    const run = await validateCli(["--cache", "--cache-strategy", "mtime", root], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown cache strategy "mtime"');
  });
});
