import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateCli } from "./helpers/cli.ts";
import { tempDir, writeTree } from "./helpers/repo.ts";

const MANIFEST = `${JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo.", author: { name: "Demo" } }, null, 2)}\n`;
const AGENT =
  "---\nname: reviewer\ndescription: Reviews pull requests for correctness and style. Use when a diff needs review.\nmodel: inherit\ntools: Read, Grep, Glob\n---\n\nBody.\n";
const BAD_AGENT =
  "---\nname: reviewer\ndescription: Reviews pull requests for correctness and style. Use when a diff needs review.\nmodel: sonnett\ncolor: magenta\ntools: Read\n---\n\nBody.\n";

interface JsonReport {
  findings: { ruleId: string; severity: string; message: string; file: string; line: number; column: number }[];
  summary: { errors: number; warnings: number; files: number };
}

describe("mars-validate command line", () => {
  it("accepts a plugin without commands/, skills/ or agents/ and an empty component folder", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST });
    fs.mkdirSync(path.join(root, "commands"));
    const run = await validateCli(["--format", "json", root], root);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as JsonReport).findings).toEqual([]);
  });

  it("exits 1 on errors and prints findings as file:line:col severity message rule-id, grouped by file", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": BAD_AGENT });
    const run = await validateCli([root], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^agents\/reviewer\.md:4:8 {2}error {2}unknown model "sonnett".* \(did you mean "sonnet"\?\) {2}model-valid$/m,
    );
    // Claude Code drops an unknown color and loads the agent: a warning, not an error.
    expect(run.stdout).toMatch(
      /^agents\/reviewer\.md:5:8 {2}warning {2}"magenta" is not a valid value for "color", so Claude Code ignores it/m,
    );
    expect(run.stdout).toMatch(/\n\d+ problems \(\d+ errors?, \d+ warnings?\) in \d+ files?\n$/);
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("prints one JSON object with the contract's fields", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": BAD_AGENT });
    const report = JSON.parse((await validateCli(["--format", "json", root], root)).stdout) as JsonReport;
    expect(report.summary).toEqual({ errors: 1, warnings: 1, notes: 0, files: 2 });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "model-valid",
        severity: "error",
        file: "agents/reviewer.md",
        line: 4,
        column: 8,
      }),
    );
  });

  it("colors only on a terminal, and never with NO_COLOR", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": BAD_AGENT });
    expect((await validateCli([root], root, {}, true)).stdout).toContain("\u001b[");
    expect((await validateCli([root], root, { NO_COLOR: "1" }, true)).stdout).not.toContain("\u001b[");
    expect((await validateCli([root, "--no-color"], root, {}, true)).stdout).not.toContain("\u001b[");
  });

  it("fails on warnings only under --strict", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "agents/reviewer.md": AGENT.replace("model: inherit", "model: inherit\nmodle: opus"),
    });
    expect((await validateCli([root], root)).code).toBe(0);
    expect((await validateCli(["--strict", root], root)).code).toBe(1);
  });

  it("exits 2 with a usage message for an unknown flag, an unknown format or a missing folder", async () => {
    const root = tempDir();
    for (const argv of [["--nope"], ["--format", "xml"], [path.join(root, "missing")]]) {
      const run = await validateCli(argv, root);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^mars-validate: /);
      expect(run.stderr).not.toMatch(/\n[ \t]+at /);
    }
  });

  it("validates a marketplace and every plugin it lists from a local folder", async () => {
    const root = writeTree({
      ".claude-plugin/marketplace.json": `${JSON.stringify({
        name: "market",
        owner: { name: "o" },
        description: "d",
        plugins: [
          { name: "one", source: "./plugins/one" },
          { name: "two", source: "./plugins/two" },
        ],
      })}\n`,
      "plugins/one/.claude-plugin/plugin.json": MANIFEST.replace('"demo"', '"one"'),
      "plugins/one/agents/reviewer.md": BAD_AGENT,
      "plugins/two/.claude-plugin/plugin.json": MANIFEST.replace('"demo"', '"two"'),
      "plugins/two/agents/writer.md": AGENT.replace("name: reviewer", "name: writer"),
    });
    const report = JSON.parse((await validateCli(["--format", "json", root], root)).stdout) as JsonReport;
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(["plugins/one/agents/reviewer.md"]);
  });

  it("validates a bare agents/ folder, reporting paths from the current folder", async () => {
    const root = writeTree({ "agents/reviewer.md": BAD_AGENT });
    const report = JSON.parse((await validateCli(["--format", "json", "agents"], root)).stdout) as JsonReport;
    expect(report.findings.map((f) => [f.file, f.ruleId])).toContainEqual(["agents/reviewer.md", "model-valid"]);
    const inside = JSON.parse(
      (await validateCli(["--format", "json", "."], path.join(root, "agents"))).stdout,
    ) as JsonReport;
    expect(inside.findings.map((f) => [f.file, f.ruleId])).toContainEqual(["reviewer.md", "model-valid"]);
  });

  it("reports files relative to each PATH, prefixed when several are given", async () => {
    const a = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": BAD_AGENT });
    const b = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": BAD_AGENT });
    const parent = path.dirname(a);
    const report = JSON.parse(
      (await validateCli(["--format", "json", path.basename(a), path.basename(b)], parent)).stdout,
    ) as JsonReport;
    expect(new Set(report.findings.map((f) => f.file.split("/")[0]))).toEqual(
      new Set([path.basename(a), path.basename(b)]),
    );
  });

  it("prints the token budget table with --budget", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": AGENT });
    const run = await validateCli(["--budget", root], root);
    expect(run.stdout).toMatch(/Token budget for demo/);
    expect(run.stdout).toMatch(/reviewer\s+agent\s+\d+\s+\d+/);
    const json = JSON.parse((await validateCli(["--budget", "--format", "json", root], root)).stdout) as {
      budget: { plugin: string; components: { name: string; alwaysOn: number }[] }[];
    };
    expect(json.budget[0]!.components[0]).toMatchObject({ name: "reviewer" });
  });

  it("reports Python checks as not run, with the reason, when python3 is missing, and does not wait", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "skills/s/SKILL.md":
        "---\nname: s\ndescription: This skill should be used when testing the python fallback of the validator and nothing else at all, really.\n---\n\n```python\nprint(\n```\n",
    });
    const run = await validateCli(["--format", "json", root], root);
    const missing = await validateCli(["--format", "json", root], root, { MARS_PYTHON: "/nonexistent/python3" });
    const findings = (JSON.parse(missing.stdout) as JsonReport).findings.filter(
      (f) => f.ruleId === "code-block-syntax",
    );
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ["note", "Python code blocks were not checked: /nonexistent/python3 could not be started (ENOENT)"],
    ]);
    expect(missing.code).toBe(0);
    const empty = await validateCli(["--format", "json", root], root, { MARS_PYTHON: "" });
    expect((JSON.parse(empty.stdout) as JsonReport).findings.map((f) => f.message)).toContain(
      "Python code blocks were not checked: MARS_PYTHON is set to an empty value",
    );
    expect((JSON.parse(run.stdout) as JsonReport).findings.some((f) => f.ruleId === "code-block-syntax")).toBe(true);
  });
});
