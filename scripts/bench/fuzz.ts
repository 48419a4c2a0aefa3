import { parseArgs } from "node:util";
import fc from "fast-check";
import { runAdversarial, type AdversarialReport } from "./fuzz-adversarial.ts";
import { applyMutations, checkTree, mutationArbitrary, type Mutation } from "./fuzz-core.ts";

export interface FuzzReport {
  ran: number;
  failed: number;
  seconds: number;
  problems: { problem: string; count: number; example: Mutation[] }[];
}

/** Runs the mutation campaign; every failing case is counted, none stops the run. */
export function runFuzz(runs: number, seed: number): FuzzReport {
  const started = performance.now();
  const problems = new Map<string, { count: number; example: Mutation[] }>();
  let ran = 0;
  let failed = 0;
  fc.assert(
    fc.property(mutationArbitrary(), (mutations) => {
      ran++;
      const result = checkTree(applyMutations(mutations));
      if (!result.ok) {
        failed++;
        const key = result.problem!.slice(0, 160);
        const entry = problems.get(key) ?? { count: 0, example: mutations };
        entry.count++;
        problems.set(key, entry);
      }
      return true;
    }),
    { numRuns: runs, seed },
  );
  return {
    ran,
    failed,
    seconds: (performance.now() - started) / 1000,
    problems: [...problems].map(([problem, v]) => ({ problem, ...v })),
  };
}

/** The adversarial campaign's rules in the benchmark: each input under 1 MiB answered within 2 s. */
export const ADVERSARIAL_BUDGET_SECONDS = 2;

export function printAdversarial(report: AdversarialReport, seed: string | number): void {
  console.log(
    `fuzz (adversarial): ${report.ran} cases ran, ${report.failed} failed, ${report.seconds.toFixed(1)} s (seed ${seed}, budget ${ADVERSARIAL_BUDGET_SECONDS} s per case under 1 MiB)`,
  );
  if (report.slowest)
    console.log(
      `  slowest: ${report.slowest.seconds.toFixed(2)} s for ${(report.slowest.bytes / 1024).toFixed(0)} KiB (${report.slowest.example.slice(0, 200)})`,
    );
  for (const p of report.problems) console.log(`  ${p.count}x ${p.problem}\n     e.g. ${p.example.slice(0, 300)}`);
}

// npm run fuzz [-- --runs 10000] [--adversarial-runs 500] [--seed n] [--generator random|adversarial|both]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "10000" },
      "adversarial-runs": { type: "string", default: "500" },
      seed: { type: "string", default: "20261127" },
      generator: { type: "string", default: "both" },
    },
  });
  let failed = 0;
  if (values.generator !== "adversarial") {
    const report = runFuzz(Number(values.runs), Number(values.seed));
    failed += report.failed;
    console.log(
      `fuzz (random): ${report.ran} cases ran, ${report.failed} failed, ${report.seconds.toFixed(1)} s (seed ${values.seed})`,
    );
    for (const p of report.problems)
      console.log(`  ${p.count}x ${p.problem}\n     e.g. ${JSON.stringify(p.example).slice(0, 300)}`);
  }
  if (values.generator !== "random") {
    const report = await runAdversarial(Number(values["adversarial-runs"]), Number(values.seed), {
      budgetSeconds: ADVERSARIAL_BUDGET_SECONDS,
    });
    failed += report.failed;
    printAdversarial(report, values.seed);
  }
  process.exitCode = failed > 0 ? 1 : 0;
}
