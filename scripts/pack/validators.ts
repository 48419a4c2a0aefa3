import standaloneModule from "ajv/dist/standalone/index.js";
import { createAjv } from "../core/schema.ts";
import { schemas } from "../schemas/index.ts";

/** "https://…/plugin-manifest.schema.json" gives "plugin-manifest", whatever the base of the $id. */
export function schemaName(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1).replace(/\.schema\.json$/, "");
}

/**
 * CommonJS source exporting one standalone validator per schema, by schema name, compiled by the
 * validator's own Ajv set-up (formats and keywords included) so it behaves as the in-memory one.
 */
export function standaloneValidatorsSource(): string {
  const ajv = createAjv({ checkSchemas: false, source: true });
  const refs = Object.fromEntries(schemas.map((schema) => [schemaName(String(schema.$id)), String(schema.$id)]));
  const generate = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ??
    standaloneModule) as unknown as (instance: unknown, refs: Record<string, string>) => string;
  return generate(ajv, refs);
}
