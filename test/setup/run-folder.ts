import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One temporary folder per test run: TMPDIR points into it for the test workers and every
 * program they start, so each temporary folder a test makes (and npm's, python3's and the
 * Claude CLI's) lands there, and the whole folder is removed when the run ends.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const run = fs.mkdtempSync(path.join(os.tmpdir(), "mars-test-run-"));
  process.env.TMPDIR = run;
  process.env.MARS_TEST_RUN = run;
  return () => {
    remove(run);
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}

/**
 * Removes the run's folder (tens of thousands of files: repository copies, an npm install) in
 * a detached `rm -rf`, so the suite does not wait for the disk; where that cannot start, in
 * this process.
 */
function remove(folder: string): void {
  try {
    const child = spawn("rm", ["-rf", "--", folder], { detached: true, stdio: "ignore" });
    child.on("error", () => fs.rmSync(folder, { recursive: true, force: true }));
    child.unref();
  } catch {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
