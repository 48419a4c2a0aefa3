// Loads a TypeScript entry point as one esbuild bundle, rebuilt whenever a source changes.
// Starting Node on one file is several times faster than resolving ~150 modules through a
// loader hook, which matters for a command people run on every save and in CI.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
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

async function bundle(name, entry) {
  const cache = path.join(ROOT, "node_modules", ".cache", "mars");
  const key = sourceKey();
  const out = path.join(cache, `${name}-${key}.mjs`);
  if (fs.existsSync(out)) return out;
  const { build } = await import("esbuild");
  fs.mkdirSync(cache, { recursive: true });
  const temp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [entry],
    outfile: temp,
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
    plugins: [plainFields()],
    logLevel: "silent",
  });
  fs.renameSync(temp, out);
  for (const old of fs.readdirSync(cache))
    if (old.startsWith(`${name}-`) && old !== path.basename(out)) fs.rmSync(path.join(cache, old), { force: true });
  return out;
}

/** Imports scripts/<name>.ts through a cached bundle, or through tsx if bundling is impossible. */
export async function run(name) {
  const entry = path.join(ROOT, "scripts", `${name}.ts`);
  let target;
  try {
    target = await bundle(name, entry);
  } catch {
    const { register } = await import("tsx/esm/api");
    register();
    target = entry;
  }
  await import(pathToFileURL(target).href);
}
