import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { processAlive } from "../../scripts/generate/write.ts";

/**
 * One temporary folder per test run: TMPDIR points into it for the test workers and every
 * program they start, so each temporary folder a test makes (and npm's, python3's and the
 * Claude CLI's) lands there, and the whole folder is removed when the run ends.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const base = scratchBase();
  for (const folder of new Set([base, os.tmpdir()])) sweepAbandonedRuns(folder);
  const run = fs.mkdtempSync(path.join(base, RUN_PREFIX));
  fs.writeFileSync(path.join(run, OWNER_FILE), String(process.pid));
  process.env.TMPDIR = run;
  process.env.MARS_TEST_RUN = run;
  return () => {
    remove(run);
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}

const RUN_PREFIX = "mars-test-run-";
/** Holds the pid of the run that owns the folder, so a later run can tell an abandoned one. */
const OWNER_FILE = ".owner-pid";
/** A run folder with no owner file (made before it existed) counts as abandoned after a day. */
const UNOWNED_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes run folders whose run was killed before its teardown (Ctrl-C twice, a CI timeout): on
 * /dev/shm each would hold about 1 GB of memory until the machine restarts.
 */
function sweepAbandonedRuns(base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(base).filter((name) => name.startsWith(RUN_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const folder = path.join(base, name);
    if (abandoned(folder)) remove(folder);
  }
}

/** A run folder whose owner process is gone, or one with no owner file older than a day. */
function abandoned(folder: string): boolean {
  try {
    const owner = Number(fs.readFileSync(path.join(folder, OWNER_FILE), "utf8"));
    return Number.isInteger(owner) && owner > 0 && !processAlive(owner);
  } catch {
    try {
      return Date.now() - fs.statSync(folder).mtimeMs > UNOWNED_AGE_MS;
    } catch {
      return false; // gone already, or not ours to read
    }
  }
}

const SHARED_MEMORY = "/dev/shm";
const TMPFS_MAGIC = 0x01021994;
/** A run writes about 1 GB (repository copies, npm installs); leave the machine far more than that. */
const MEMORY_TO_SPARE = 4 * 2 ** 30;

/**
 * Where the run's folder goes: the RAM-backed /dev/shm when TMPDIR does not choose a place and it
 * is a tmpfs with room to spare that may hold programs (npm installs esbuild's binary there and
 * runs it), else the system's temporary folder. A run creates tens of thousands of small files;
 * on a journaled disk that is most of its system CPU: one repository copy took 310 ms of CPU on
 * ext4 and 33 ms on tmpfs, an `npm ci` of this repository 9.3 s and 6.3 s.
 */
function scratchBase(): string {
  if (process.env.TMPDIR) return os.tmpdir();
  try {
    const stats = fs.statfsSync(SHARED_MEMORY);
    const free = stats.bavail * stats.bsize;
    if (stats.type === TMPFS_MAGIC && free >= MEMORY_TO_SPARE && mayRunPrograms(SHARED_MEMORY)) return SHARED_MEMORY;
  } catch {
    // No /dev/shm (macOS, Windows) or no access to it.
  }
  return os.tmpdir();
}

/** False on a noexec mount: access(X_OK) on a file there fails even with the execute bit set. */
function mayRunPrograms(folder: string): boolean {
  const probe = fs.mkdtempSync(path.join(folder, "mars-exec-probe-"));
  try {
    const file = path.join(probe, "probe");
    fs.writeFileSync(file, "", { mode: 0o700 });
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
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
