import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ValidateFunction } from "ajv";
import { schemas } from "./index.ts";

/**
 * Schema validators compiled ahead of time to standalone code, so no run compiles a schema.
 * A checkout gets them from `npm run schemas` (which npm ci's prepare step runs) in
 * node_modules/.cache/mars/schemas; the published package's build replaces this module with
 * the same code bundled in. Nothing here writes: when the files are missing or were compiled
 * from other schemas or package versions, callers compile in memory instead.
 */

/** The OpenAPI minor versions whose official schemas are compiled. */
export const OPENAPI_MINORS = ["3.0", "3.1", "3.2"] as const;

/** Bumped when the generated code's shape changes, so older files are not trusted. */
const FORMAT = 1;

const require = createRequire(import.meta.url);

/** The folder `npm run schemas` writes into, next to the checkout's other build output. */
export function compiledDir(): string | undefined {
  try {
    return path.join(path.dirname(path.dirname(require.resolve("ajv/package.json"))), ".cache", "mars", "schemas");
  } catch {
    return undefined;
  }
}

/** The package that owns the OpenAPI schemas, and a require that resolves from it (its ajv plug-ins). */
export function openApiPackage(): { dir: string; require: NodeJS.Require } {
  const main = require.resolve("@seriousme/openapi-schema-validator");
  return { dir: path.dirname(main), require: createRequire(main) };
}

function versionOf(resolve: NodeJS.Require, name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(resolve.resolve(`${name}/package.json`), "utf8")) as { version: string })
      .version;
  } catch {
    return "missing";
  }
}

let key: string | undefined;

/** What the compiled code depends on: our schemas and the versions of every package that shapes it. */
export function compiledKey(): string {
  if (key) return key;
  const openapi = openApiPackage();
  const hash = crypto.createHash("sha1").update(`format ${FORMAT}\n`);
  hash.update(`ajv ${versionOf(require, "ajv")}\n`);
  hash.update(`openapi ${versionOf(require, "@seriousme/openapi-schema-validator")}\n`);
  for (const plugin of ["ajv", "ajv-formats", "ajv-draft-04"])
    hash.update(`${plugin} ${versionOf(openapi.require, plugin)}\n`);
  hash.update(JSON.stringify(schemas));
  key = hash.digest("hex").slice(0, 16);
  return key;
}

type Loaded = Record<string, unknown> & { __key?: unknown };
const loaded = new Map<string, Loaded | null>();

/** A compiled module by file name, when it exists and was compiled from what this code carries. */
function compiledModule(file: string): Loaded | undefined {
  let module = loaded.get(file);
  if (module === undefined) {
    module = null;
    const dir = compiledDir();
    const full = dir && path.join(dir, file);
    try {
      if (full && fs.existsSync(full)) {
        const candidate = require(full) as Loaded;
        if (candidate.__key === compiledKey()) module = candidate;
      }
    } catch {
      module = null;
    }
    loaded.set(file, module);
  }
  return module ?? undefined;
}

/** The compiled validator of one of our schemas ("plugin-manifest", ...), if there is one. */
export function precompiledSchema(name: string): ValidateFunction | undefined {
  const fn = compiledModule("validators.cjs")?.[name];
  return typeof fn === "function" ? (fn as ValidateFunction) : undefined;
}

/** The compiled validator of the official schema of an OpenAPI minor version ("3.1"), if there is one. */
export function precompiledOpenApi(minor: string): ValidateFunction | undefined {
  if (!(OPENAPI_MINORS as readonly string[]).includes(minor)) return undefined;
  const module = compiledModule(`openapi-${minor}.cjs`);
  const fn = module?.default ?? module;
  return typeof fn === "function" ? (fn as ValidateFunction) : undefined;
}
