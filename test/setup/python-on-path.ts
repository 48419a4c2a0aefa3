import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Puts the interpreter that `python3` on PATH stands for first on PATH, for the test workers and
 * every program they start. A version manager's shim (pyenv's is a bash script that runs several
 * more) costs about 0.35 s of CPU per start, and a run starts python3 about 80 times (the
 * validator compiles Python code blocks with it), mostly in files that also wait on it; the
 * interpreter itself starts in milliseconds. Programs still find "python3" on PATH, the same interpreter, so nothing a test
 * checks changes. Where python3 is missing or already the interpreter, PATH is left alone.
 * Runs after run-folder.ts, inside the run's folder.
 */
export default function setup(): (() => void) | undefined {
  const run = process.env.MARS_TEST_RUN;
  if (!run) return undefined;
  const probe = spawnSync("python3", ["-I", "-S", "-c", "import sys; print(sys.executable)"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  const executable = probe.status === 0 ? probe.stdout.trim() : "";
  if (!path.isAbsolute(executable) || !fs.existsSync(executable)) return undefined;
  const onPath = spawnSync("sh", ["-c", "command -v python3"], { encoding: "utf8" }).stdout.trim();
  if (onPath && fs.realpathSync(onPath) === fs.realpathSync(executable)) return undefined;
  const bin = path.join(run, "python-bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(executable, path.join(bin, "python3"));
  const previous = process.env.PATH;
  process.env.PATH = [bin, previous ?? ""].join(path.delimiter);
  return () => {
    process.env.PATH = previous;
  };
}
