#!/usr/bin/env node
// The published package runs the JavaScript built at pack time (dist/); a source checkout,
// which has the TypeScript, bundles it on first run and rebuilds it when a source changes.
import fs from "node:fs";
import os from "node:os";
import process from "node:process";
import { URL } from "node:url";
import v8 from "node:v8";

// A run lasts seconds, too short to repay optimizing every warm function: with V8's default
// budget its optimizing compiler took 1.2 s of CPU on background threads (a 91-plugin
// marketplace), and on two cores that CPU is taken from the run. Twelve times the default budget
// leaves the optimizing compiler to the hottest functions (the whole run about 15% faster, the
// main thread about as fast). With more cores the compiler's threads do not slow the run and
// optimized code serves it better, so V8's default stays. Tiering never changes what code does.
if (os.availableParallelism() <= 2) v8.setFlagsFromString("--interrupt-budget=800000");

const source = new URL("../validate.ts", import.meta.url);
const built = new URL("../../dist/mars-validate.mjs", import.meta.url);
// Answers a repeated --cache request without loading the validator (see scripts/bin/answer.ts).
const quick = new URL("../../dist/answer.mjs", import.meta.url);

/** True when the quick path printed the answer. */
async function answered() {
  if (!process.argv.includes("--cache") || !fs.existsSync(quick)) return false;
  const { answer } = await import(quick.href);
  return answer();
}

if (fs.existsSync(source)) {
  const { run } = await import("./bundle.js");
  await run("validate");
} else if (fs.existsSync(built)) {
  if (!(await answered())) await import(built.href);
} else {
  // Only an install that skipped the build gets here (a git dependency installed with --ignore-scripts).
  process.stderr.write(
    "mars-validate: this copy was installed without its build (dist/ is missing); reinstall it from npm, or from git without --ignore-scripts\n",
  );
  process.exitCode = 2;
}
