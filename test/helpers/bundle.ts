import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { oncePerRun } from "./once-per-run.ts";
import { REPO_ROOT, tempDir } from "./repo.ts";

const BUILDER = path.join(REPO_ROOT, "test", "helpers", "bundle-build.mjs");

/**
 * A TypeScript entry point of this repository as one esbuild bundle, built once per test run, for
 * tests that start it as a real process: `node <bundle>` starts in a fraction of the time
 * `node --import tsx <entry>` takes to resolve and compile every module through the loader
 * hook, and runs the same code (as scripts/bin/bundle.js does for the validator). Each module
 * keeps its own import.meta.url (see bundle-build.mjs), and node_modules is linked next to the
 * bundle, so what the code resolves from its own location resolves as it does from source.
 */
export function bundled(entry: string): string {
  const relative = path.relative(REPO_ROOT, path.resolve(REPO_ROOT, entry));
  return oncePerRun(`bundle-${relative.replace(/[^\w.-]/g, "_")}`, () => {
    const dir = tempDir("mars-bundle-");
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const outfile = path.join(dir, `${path.basename(relative, ".ts")}.mjs`);
    execFileSync(process.execPath, [BUILDER, REPO_ROOT, relative, outfile], { stdio: ["ignore", "ignore", "pipe"] });
    return outfile;
  });
}
