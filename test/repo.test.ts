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
});
