// npm run schemas [-- --check | --compile]: lists the registered rule ids in the config schema,
// then compiles every schema validator ahead of time (npm ci's prepare step runs --compile).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_SCHEMA_FILE, syncConfigSchema } from "../pack/config-schema.ts";
import { writeCompiled } from "./compile.ts";
import { compiledKey, compiledDir, precompiledSchema } from "./precompiled.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const check = process.argv.includes("--check");
const compileOnly = process.argv.includes("--compile");

async function main(): Promise<number> {
  if (!compileOnly) {
    const result = await syncConfigSchema(root, check);
    if (!result.ok) {
      process.stderr.write(`schemas: ${result.reason}; nothing written\n`);
      return 2;
    }
    if (result.changed && check) {
      process.stderr.write(`schemas: ${CONFIG_SCHEMA_FILE} does not list the registered rules; run npm run schemas\n`);
      return 1;
    }
    process.stdout.write(`schemas: ${CONFIG_SCHEMA_FILE} ${result.changed ? "updated" : "is current"}\n`);
  }
  if (check) {
    if (precompiledSchema("plugin-manifest")) return 0;
    process.stderr.write(
      `schemas: the compiled validators are missing or stale (${compiledKey()}); run npm run schemas\n`,
    );
    return 1;
  }
  const written = writeCompiled(compiledDir());
  if (!written.ok) {
    process.stderr.write(`schemas: validators not compiled: ${written.reason}\n`);
    return 2;
  }
  process.stdout.write(`schemas: validators compiled into ${path.relative(root, written.dir)}\n`);
  return 0;
}

process.exitCode = await main();
