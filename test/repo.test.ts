import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCli, validateCli } from "./helpers/cli.ts";
import { REPO_ROOT } from "./helpers/repo.ts";

describe("this repository", () => {
  it("is in sync with its catalog (npm run build -- --check)", async () => {
    const check = buildCli(["--check"], REPO_ROOT);
    expect(check.stdout + check.stderr).toMatch(/generated files are up to date/);
    expect(check.code).toBe(0);
  });

  it("passes its own validator with no errors and no warnings (--strict)", async () => {
    const run = await validateCli(["--strict", "--format", "json", "."], REPO_ROOT);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; summary: { errors: number; warnings: number } };
    expect(report.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("states in the README prose the counts the generated manifests state", () => {
    const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8").replace(/\s+/g, " ");
    const manifest = JSON.parse(read(".claude-plugin/plugin.json")) as { description: string };
    const counts = /to (\w+) specialists, with (\w+) slash commands/.exec(manifest.description);
    expect(counts).not.toBeNull();
    const readme = read("README.md");
    expect(readme).toContain(`${counts![1]} specialists`);
    expect(readme).toContain(`${counts![2]} slash commands`);
    const words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    const skills = fs.readdirSync(path.join(REPO_ROOT, "skills")).length;
    expect(readme).toContain(`${words[skills]} skills`);
  });
});
