import { parseArgs } from "node:util";
import fc from "fast-check";
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "10000" }, seed: { type: "string", default: "20261127" } },
  });
  const report = runFuzz(Number(values.runs), Number(values.seed));
  console.log(
    `fuzz: ${report.ran} cases ran, ${report.failed} failed, ${report.seconds.toFixed(1)} s (seed ${values.seed})`,
  );
  for (const p of report.problems)
    console.log(`  ${p.count}x ${p.problem}\n     e.g. ${JSON.stringify(p.example).slice(0, 300)}`);
  process.exitCode = report.failed > 0 ? 1 : 0;
}
