import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type TransferListItem } from "node:worker_threads";

/**
 * Starting this package's own code in a worker thread. The thread loads the module file that
 * serves every worker role (Markdown tokenizing, code-block checks): the library bundle that
 * holds this code (dist/), a bundle of scripts/core/workers.ts beside the command line's (whose
 * name the command line's bundle is given as MARS_WORKER_BUNDLE: loading the command line
 * itself in a thread would run it), or the TypeScript sources through tsx.
 */
declare const MARS_WORKER_BUNDLE: string | undefined;

const SELF = import.meta.url;

/** True when this code runs from its TypeScript sources (tests, tsx). */
export const FROM_SOURCE = SELF.endsWith(".ts");

const WORKER_FILE = FROM_SOURCE
  ? new URL("./workers.ts", SELF)
  : typeof MARS_WORKER_BUNDLE === "string" && MARS_WORKER_BUNDLE
    ? new URL(MARS_WORKER_BUNDLE, SELF)
    : new URL(SELF);

/** The URL of tsx's ES module API (its CommonJS build cannot register the hooks), found through its package exports. */
function tsxApi(): string {
  const manifest = createRequire(SELF).resolve("tsx/package.json");
  const exports = (
    JSON.parse(fs.readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> }
  ).exports;
  return pathToFileURL(path.join(path.dirname(manifest), exports["./esm/api"]!.import.default)).href;
}

/** Starts a worker thread on the module that serves `data.role`; throws when it cannot start. */
export function startThread(data: { role: string }, transferList: TransferListItem[] = []): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_FILE, { workerData: data, transferList });
  const code = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;
  return new Worker(code, { eval: true, workerData: data, transferList });
}
