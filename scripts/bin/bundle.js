// Loads a TypeScript entry point as one esbuild bundle, rebuilt whenever a source changes.
// Starting Node on one file is several times faster than resolving ~150 modules through a
// loader hook, which matters for a command people run on every save and in CI.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cachedApi } from "./cached-api.js";
import { plainFields } from "./plain-fields.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function sourceKey() {
  const hash = crypto.createHash("sha1");
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json|js|mjs)$/.test(entry.name)) {
        const stat = fs.statSync(full);
        hash.update(`${full}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  walk(path.join(ROOT, "scripts"));
  for (const file of ["package-lock.json", "package.json"]) {
    const full = path.join(ROOT, file);
    if (fs.existsSync(full)) hash.update(`${file}:${fs.statSync(full).mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/** esbuild options every Node bundle of this repository's TypeScript uses (the tests' bundles too). */
export const NODE_BUNDLE = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // jsonc-parser's UMD build requires its own files at run time; its ESM build does not.
  mainFields: ["module", "main"],
  // These two load files next to their own modules (a native binary, OpenAPI schemas).
  external: ["esbuild", "@seriousme/openapi-schema-validator"],
  banner: {
    js: "import { createRequire as __marsRequire } from 'node:module'; const require = __marsRequire(import.meta.url);",
  },
};

/** Builds one entry point into `outfile` (through a temporary file, so a reader never sees half of it). */
async function buildOne(entry, outfile, key, plugins, define = {}) {
  const { build } = await import("esbuild");
  const temp = `${outfile}.${process.pid}.tmp`;
  await build({
    ...NODE_BUNDLE,
    entryPoints: [entry],
    outfile: temp,
    // Both bundles of one build share it: the cache keeps answers of this build only.
    define: { MARS_BUILD_ID: JSON.stringify(key), ...define },
    plugins: [plainFields(), ...plugins],
    logLevel: "silent",
  });
  fs.renameSync(temp, outfile);
}

/**
 * The bundle of scripts/<name>.ts and, for the validator, the quick bundle that answers a
 * repeated --cache request (scripts/bin/answer.ts) and the bundle its worker threads run to
 * tokenize Markdown and check code blocks (scripts/core/workers.ts, whose file the validator's
 * bundle is told through MARS_WORKER_BUNDLE: loading the validator itself in a thread would run
 * the command line); each is built when missing.
 */
async function bundle(name, entry) {
  const cache = path.join(ROOT, "node_modules", ".cache", "mars");
  const key = sourceKey();
  const out = path.join(cache, `${name}-${key}.mjs`);
  const validator = name === "validate";
  const quick = validator ? path.join(cache, `${name}-${key}.answer.mjs`) : undefined;
  const worker = validator ? `${name}-${key}.worker.mjs` : undefined;
  const built = [out, quick, worker && path.join(cache, worker)].filter(Boolean);
  if (built.every((file) => fs.existsSync(file))) return { out, quick };
  fs.mkdirSync(cache, { recursive: true });
  const define = worker ? { MARS_WORKER_BUNDLE: JSON.stringify(`./${worker}`) } : {};
  await buildOne(entry, out, key, [], define);
  if (quick) await buildOne(path.join(ROOT, "scripts", "bin", "answer.ts"), quick, key, [cachedApi(ROOT)]);
  if (worker) await buildOne(path.join(ROOT, "scripts", "core", "workers.ts"), path.join(cache, worker), key, []);
  for (const old of fs.readdirSync(cache))
    if (old.startsWith(`${name}-`) && !old.startsWith(`${name}-${key}.`))
      fs.rmSync(path.join(cache, old), { force: true });
  return { out, quick };
}

/**
 * Imports scripts/<name>.ts through a cached bundle, or through tsx if bundling is impossible.
 * A command line with --cache first tries the quick bundle, which loads none of the validator.
 */
export async function run(name) {
  const entry = path.join(ROOT, "scripts", `${name}.ts`);
  let target;
  try {
    const built = await bundle(name, entry);
    if (built.quick && process.argv.includes("--cache")) {
      const { answer } = await import(pathToFileURL(built.quick).href);
      if (await answer()) return;
    }
    target = built.out;
  } catch {
    const { register } = await import("tsx/esm/api");
    register();
    target = entry;
  }
  await import(pathToFileURL(target).href);
}
