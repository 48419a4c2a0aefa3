import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that wait longest on programs they start, longest chain first, so they overlap with
 * the rest of the suite instead of trailing it: the pre-commit install (npm clones the
 * repository, installs its dev dependencies and builds it: the longest single chain, about 30 s
 * of CPU), packing the tarball (the other pack tests wait for it), npm ci in a checkout, the
 * Claude CLI's own npm ci when it installs the plugin, the CLI parity runs, the fuzzing
 * campaign. On a fresh checkout vitest has no timings to sort by, so it would start them in any
 * order.
 */
const LONG_FIRST = [
  "test/pack/pre-commit.test.ts",
  "test/pack/action.test.ts",
  "test/pack/action-checkout.test.ts",
  "test/integration/claude-cli.test.ts",
  "test/integration/parity.test.ts",
  "test/pack/install.test.ts",
  "test/hostile/fuzz.test.ts",
  "test/hostile/generator-interrupts.test.ts",
];

const rank = (spec: TestSpecification) => {
  const index = LONG_FIRST.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
  return index === -1 ? LONG_FIRST.length : index;
};

export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keep vitest's order (slowest or largest first).
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
