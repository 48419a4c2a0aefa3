import os from "node:os";
import { defineConfig } from "vitest/config";
import { LongFirstSequencer } from "./test/setup/sequencer.ts";

// Most of a test file's cost used to be importing the validator afresh (about 1.3 s of CPU per
// file); the tests share no mutable module state (each works in its own temporary folder and
// restores what it spies on), so one worker keeps its modules across files. Many tests wait on
// programs they start (the Claude CLI, npm, python3), so one worker more than cores keeps the
// cores busy while they wait.
const cores = os.availableParallelism();

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/run-folder.ts", "test/setup/python-on-path.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    isolate: false,
    maxWorkers: cores + 1,
    sequence: { sequencer: LongFirstSequencer },
    reporters: ["default", "json"],
    outputFile: { json: ".cache/vitest-report.json" },
  },
});
