import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adversarialCases, runAdversarial } from "../../scripts/bench/fuzz-adversarial.ts";
import { applyMutations, checkTree, mutationArbitrary } from "../../scripts/bench/fuzz-core.ts";
import { validateCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/repo.ts";

// A fixed seed keeps the suite repeatable; `npm run bench` runs the long campaign.
const SEED = 20261127;

describe("mutated plugin trees never break the validator", () => {
  it("keeps its invariants in memory: no exception, JSON parses, every finding inside its file", async () => {
    fc.assert(
      fc.property(mutationArbitrary(), (mutations) => {
        const result = checkTree(applyMutations(mutations));
        expect(result.problem).toBeUndefined();
        expect(result.ok).toBe(true);
      }),
      { numRuns: 250, seed: SEED },
    );
  });

  it("exits 0 or 1 with parseable JSON when run as the CLI on disk", async () => {
    await fc.assert(
      fc.asyncProperty(mutationArbitrary(), async (mutations) => {
        const dir = tempDir("mars-fuzz-");
        for (const [file, content] of applyMutations(mutations)) {
          fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          fs.writeFileSync(path.join(dir, file), content);
        }
        const run = await validateCli(["--format", "json", dir], dir);
        expect(run.stderr).toBe("");
        expect([0, 1]).toContain(run.code);
        const report = JSON.parse(run.stdout) as {
          findings: { line: number; column: number; file: string }[];
          summary: { errors: number };
        };
        expect(run.code).toBe(report.summary.errors > 0 ? 1 : 0);
        for (const finding of report.findings) {
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.column).toBeGreaterThanOrEqual(1);
          expect(
            fs.existsSync(path.join(dir, finding.file)) ||
              fs.lstatSync(path.join(dir, finding.file), { throwIfNoEntry: false }),
          ).toBeTruthy();
        }
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 30, seed: SEED },
    );
  });
});

describe("crafted plugin trees never break the validator", () => {
  // Runs of up to 64 KiB keep this quick; npm run fuzz runs 500 cases at up to 1 MiB.
  const RUNS = 20;
  const MAX_RUN_BYTES = 64 * 1024;

  it("the sample holds every kind of attack: repeated tokens, FIFOs, links and control characters", () => {
    const kinds = new Set(
      adversarialCases(RUNS, SEED, MAX_RUN_BYTES)
        .flat()
        .map((a) => a.kind),
    );
    expect([...kinds].sort()).toEqual(["control", "fifo", "link", "repeat"]);
  });

  it("answers every case: no hang, no internal error, nothing outside printed, no raw control character", async () => {
    const report = await runAdversarial(RUNS, SEED, { maxRunBytes: MAX_RUN_BYTES, stallSeconds: 60 });
    expect(report.problems).toEqual([]);
    expect(report.ran).toBe(RUNS);
    expect(report.failed).toBe(0);
  });
});
