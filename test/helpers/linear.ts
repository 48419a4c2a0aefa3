/**
 * Time per run, measured over batches of at least 25 ms so that small inputs are not lost in
 * timer and scheduler noise; the best batch counts, so a pause of the machine does not.
 */
function costPerRun(work: () => void): number {
  work();
  let runs = 1;
  for (let start = performance.now(); performance.now() - start < 25; runs++) work();
  let best = Infinity;
  for (let batch = 0; batch < 5; batch++) {
    const start = performance.now();
    for (let i = 0; i < runs; i++) work();
    best = Math.min(best, (performance.now() - start) / runs);
  }
  return best;
}

/**
 * How much more 64 times the input costs: about 64 for a linear scan (a little more once the
 * input outgrows the caches), about 4,096 for a quadratic one. Callers assert it stays under
 * 512, eight times from both, so neither the machine's speed nor its load decides the result.
 */
export function growthFor64xInput(make: (n: number) => string, run: (input: string) => unknown, n = 10_000): number {
  const small = make(n);
  const large = make(n * 64);
  return costPerRun(() => void run(large)) / costPerRun(() => void run(small));
}
