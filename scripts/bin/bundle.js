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

/**
 * The validator's worker threads load its bundle again to tokenize Markdown (see
 * scripts/core/markdown-pool.ts). The bundle's entry is wrapped so that such a thread serves them
 * and never runs the command line itself: the entry is imported only in other threads.
 */
function workerSafe(entry) {
  const pool = path.join(ROOT, "scripts", "core", "markdown-pool.ts");
  return {
    stdin: {
      contents: `import { isMarkdownWorker } from ${JSON.stringify(pool)};\nif (!isMarkdownWorker()) await import(${JSON.stringify(entry)});\n`,
      resolveDir: ROOT,
      sourcefile: "worker-safe-entry.js",
      loader: "js",
    },
  };
}

/** Builds one entry point into `outfile` (through a temporary file, so a reader never sees half of it). */
async function buildOne(entry, outfile, key, plugins, wrap = false) {
  const { build } = await import("esbuild");
  const temp = `${outfile}.${process.pid}.tmp`;
  await build({
    ...NODE_BUNDLE,
    ...(wrap ? workerSafe(entry) : { entryPoints: [entry] }),
    outfile: temp,
    // Both bundles of one build share it: the cache keeps answers of this build only.
    define: { MARS_BUILD_ID: JSON.stringify(key) },
    plugins: [plainFields(), ...plugins],
    logLevel: "silent",
  });
  fs.renameSync(temp, outfile);
}

/**
 * The bundle of scripts/<name>.ts and, for the validator, the quick bundle that answers a
 * repeated --cache request (scripts/bin/answer.ts); each is built when missing.
 */
async function bundle(name, entry) {
  const cache = path.join(ROOT, "node_modules", ".cache", "mars");
  const key = sourceKey();
  const out = path.join(cache, `${name}-${key}.mjs`);
  const quick = name === "validate" ? path.join(cache, `${name}-${key}.answer.mjs`) : undefined;
  if (fs.existsSync(out) && (!quick || fs.existsSync(quick))) return { out, quick };
  fs.mkdirSync(cache, { recursive: true });
  await buildOne(entry, out, key, [], name === "validate");
  if (quick) await buildOne(path.join(ROOT, "scripts", "bin", "answer.ts"), quick, key, [cachedApi(ROOT)]);
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
