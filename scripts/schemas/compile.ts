import fs from "node:fs";
import path from "node:path";
import type { Ajv, _ as codegenTag } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "../core/schema.ts";
import { schemas } from "./index.ts";
import { compiledDir, compiledKey, OPENAPI_MINORS, openApiPackage } from "./precompiled.ts";

/** A CommonJS module of standalone validator code, and the file name it is saved under. */
export interface CompiledModule {
  file: string;
  source: string;
}

type Generate = (ajv: Ajv, refsOrFunc?: Record<string, string> | unknown) => string;
const generate = ((standaloneModule as unknown as { default?: Generate }).default ??
  standaloneModule) as unknown as Generate;

/** "https://…/plugin-manifest.schema.json" gives "plugin-manifest", whatever the base of the $id. */
export function schemaName(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1).replace(/\.schema\.json$/, "");
}

function withKey(source: string, exportsName: "exports" | "module.exports"): string {
  return `${source}\n${exportsName}.__key = ${JSON.stringify(compiledKey())};\n`;
}

/** One validator per schema of ours, by schema name, compiled by the validator's own Ajv set-up. */
export function schemaModule(): CompiledModule {
  const ajv = createAjv({ checkSchemas: false, source: true });
  const refs = Object.fromEntries(schemas.map((schema) => [schemaName(String(schema.$id)), String(schema.$id)]));
  return { file: "validators.cjs", source: withKey(generate(ajv as unknown as Ajv, refs), "exports") };
}

/**
 * The official schema of one OpenAPI minor version, compiled exactly as
 * @seriousme/openapi-schema-validator compiles it (its Ajv class for the schema's draft, its
 * formats, strict off) plus `allErrors` and `verbose`, which the openapi-valid rule reads.
 */
export function openApiModule(minor: string): CompiledModule {
  const pkg = openApiPackage();
  const schema = JSON.parse(fs.readFileSync(path.join(pkg.dir, "schemas", `v${minor}`, "schema.json"), "utf8")) as {
    $schema: string;
  };
  const load = (name: string) => {
    const module = pkg.require(name) as { default?: unknown };
    return (module.default ?? module) as new (options: Record<string, unknown>) => Ajv;
  };
  const AjvClass = schema.$schema.includes("draft-04") ? load("ajv-draft-04") : load("ajv/dist/2020.js");
  // The template tag must come from the same copy of Ajv as the class, which checks its own type.
  const { _ } = pkg.require("ajv") as { _: typeof codegenTag };
  const ajv = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: false,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  (load("ajv-formats") as unknown as (ajv: Ajv) => void)(ajv);
  ajv.addFormat("media-range", true);
  const validate = ajv.compile(schema);
  return { file: `openapi-${minor}.cjs`, source: withKey(generate(ajv, validate), "module.exports") };
}

/** Every compiled module: our schemas and each OpenAPI version. */
export function compiledModules(): CompiledModule[] {
  return [schemaModule(), ...OPENAPI_MINORS.map(openApiModule)];
}

/**
 * Writes the compiled modules where the checkout's validator looks for them (each file replaced
 * whole, through a temporary file). Returns the folder, or why nothing was written.
 */
export function writeCompiled(dir = compiledDir()): { ok: true; dir: string } | { ok: false; reason: string } {
  if (!dir) return { ok: false, reason: "node_modules/ajv is not installed" };
  fs.mkdirSync(dir, { recursive: true });
  for (const { file, source } of compiledModules()) {
    const target = path.join(dir, file);
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, source);
    fs.renameSync(temp, target);
  }
  return { ok: true, dir };
}
