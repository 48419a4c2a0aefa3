import { beforeAll, describe, expect, it } from "vitest";
import { requireClaude } from "../helpers/claude.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";
import { BASE_MARKETPLACE, BASE_PLUGIN, cases } from "./parity-cases.ts";
import { type CaseVerdict, type SharedRunSummary, validateCases } from "./parity-runs.ts";

/**
 * Every defect `claude plugin validate` reports (the experiments of the plugin-format spec,
 * §9.2 and the 2.1.330 delta), built as a small tree: mars-validate must report it too.
 */
const bin = requireClaude();

const BASE = "clean base plugin";

describe.skipIf(!bin)("everything claude plugin validate reports, mars-validate reports too", () => {
  // The CLI runs up front (cases that touch different files share a run, see parity-runs.ts),
  // and each test then checks its own case's messages; mars validates each case's own tree.
  let verdicts: Map<string, CaseVerdict>;
  let shared: SharedRunSummary[];
  const roots = new Map<string, string>();
  beforeAll(async () => {
    const all = [[BASE, BASE_PLUGIN] as const, ...cases];
    for (const [name, files] of all) roots.set(name, writeTree(files));
    ({ verdicts, shared } = await validateCases(bin!, { plugin: BASE_PLUGIN, marketplace: BASE_MARKETPLACE }, all));
  }, 600_000);

  it("accepts the clean base plugin, as the CLI does", async () => {
    expect(verdicts.get(BASE)!.status).toBe(0);
    expect(await findingsFor(roots.get(BASE)!)).toEqual([]);
  });

  it("reports, in each shared CLI run, only messages that belong to one of its cases", () => {
    for (const run of shared) expect(run.unowned, run.label).toEqual([]);
  });

  it.each(cases)("%s", async (name) => {
    const verdict = verdicts.get(name)!;
    const cliErrors = verdict.errors.length;
    const cliWarnings = verdict.warnings.length;
    // The case must really be a defect the CLI reports, or it proves nothing.
    expect(cliErrors + cliWarnings).toBeGreaterThan(0);
    expect(verdict.status).toBe(1);
    const ours = await findingsFor(roots.get(name)!);
    expect(ours.length).toBeGreaterThan(0);
    if (cliErrors > 0)
      expect(ours.filter((f) => f.severity === "error").map((f) => f.ruleId).length).toBeGreaterThan(0);
  });
});
