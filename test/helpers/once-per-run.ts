import fs from "node:fs";
import path from "node:path";

/**
 * Runs `make` once per test run, for every test file that asks (they run in parallel processes):
 * the first to take the lock makes the result under the run's folder and records it, the others
 * wait for the record. Outside a run folder (a single file run by hand), it just makes it.
 */
export function oncePerRun<T>(name: string, make: () => T): T {
  const folder = process.env.MARS_TEST_RUN;
  if (!folder) return make();
  const record = path.join(folder, `${name}.json`);
  const lock = path.join(folder, `${name}.lock`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (fs.existsSync(record)) return JSON.parse(fs.readFileSync(record, "utf8")) as T;
    try {
      fs.mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${name} made by another test file`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      const result = make();
      fs.writeFileSync(`${record}.tmp`, JSON.stringify(result));
      fs.renameSync(`${record}.tmp`, record);
      return result;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
