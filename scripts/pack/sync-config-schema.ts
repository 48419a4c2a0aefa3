// npm run schemas [-- --check]: lists the registered rule ids in the config schema.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_SCHEMA_FILE, syncConfigSchema } from "./config-schema.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const check = process.argv.includes("--check");
const result = await syncConfigSchema(root, check);
if (!result.ok) {
  process.stderr.write(`schemas: ${result.reason}; nothing written\n`);
  process.exitCode = 2;
} else if (result.changed && check) {
  process.stderr.write(`schemas: ${CONFIG_SCHEMA_FILE} does not list the registered rules; run npm run schemas\n`);
  process.exitCode = 1;
} else process.stdout.write(`schemas: ${CONFIG_SCHEMA_FILE} ${result.changed ? "updated" : "is current"}\n`);
