import fs from "node:fs";
import path from "node:path";
import { toPosix } from "./core/text.ts";
import { packageFileUrl } from "./docs/url.ts";

const SCHEMA_FILE = "scripts/schemas/validator-config.schema.json";

/**
 * What the starter config's `$schema` names: the schema of the mars-validate installed in the
 * folder's node_modules (or a parent's), which matches the validator that runs; without one, the
 * schema of this version on unpkg.
 */
function schemaReference(folder: string): string {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "mars-validate", SCHEMA_FILE);
    if (fs.existsSync(candidate)) {
      const relative = toPosix(path.relative(folder, candidate));
      return relative.startsWith("../") ? relative : `./${relative}`;
    }
    if (path.dirname(dir) === dir) return packageFileUrl(SCHEMA_FILE);
  }
}

/** The text of a starter .mars-validate.json for `folder`: every section empty, the schema named. */
export function starterConfig(folder: string): string {
  const config = {
    $schema: schemaReference(folder),
    ignore: [],
    externalPlugins: [],
    rules: {},
    overrides: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
