import fs from "node:fs";
import path from "node:path";
import type { RuleMeta } from "../core/types.ts";

export const CONFIG_SCHEMA_FILE = "scripts/schemas/validator-config.schema.json";

type Json = Record<string, unknown>;

export type ConfigSchemaResult = { ok: true; text: string } | { ok: false; reason: string };

/** One property per rule: editors complete the id, show what it checks and offer its default. */
function ruleProperty(rule: RuleMeta): Json {
  return { description: rule.description, default: rule.severity, $ref: "#/$defs/severity" };
}

/**
 * The config schema with `$defs.ruleSeverities.properties` listing every rule id. Everything
 * else in the file is hand-written, so the file must be exactly what JSON.stringify prints
 * (a round trip keeps every byte) and hold the `$defs` this fills; otherwise it refuses.
 */
export function configSchemaWithRules(text: string, rules: readonly RuleMeta[]): ConfigSchemaResult {
  let schema: Json;
  try {
    schema = JSON.parse(text) as Json;
  } catch (error) {
    return { ok: false, reason: `${CONFIG_SCHEMA_FILE} is not JSON: ${(error as Error).message}` };
  }
  if (`${JSON.stringify(schema, null, 2)}\n` !== text)
    return {
      ok: false,
      reason: `${CONFIG_SCHEMA_FILE} is not laid out as JSON.stringify(value, null, 2) prints it, so rewriting it would change more than the rule list`,
    };
  const target = (schema.$defs as Json | undefined)?.ruleSeverities as Json | undefined;
  if (!target || typeof target !== "object" || Array.isArray(target))
    return { ok: false, reason: `${CONFIG_SCHEMA_FILE} has no $defs.ruleSeverities object to list the rules in` };
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) return { ok: false, reason: `rule id "${rule.id}" is registered twice` };
    ids.add(rule.id);
  }
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  target.properties = Object.fromEntries(sorted.map((rule) => [rule.id, ruleProperty(rule)]));
  return { ok: true, text: `${JSON.stringify(schema, null, 2)}\n` };
}

/** The rule ids the config schema lists, in file order. */
export function listedRuleIds(text: string): string[] {
  const schema = JSON.parse(text) as { $defs?: { ruleSeverities?: { properties?: Json } } };
  return Object.keys(schema.$defs?.ruleSeverities?.properties ?? {});
}

/** Every rule a config may name: the general registry and the presets a config can enable. */
async function registeredRules(): Promise<RuleMeta[]> {
  const { rules } = await import("../rules/index.ts");
  const { houseRules } = await import("../house/index.ts");
  return [...rules, ...houseRules];
}

/** Writes the rule list into the config schema, or with `check` only reports whether it is current. */
export async function syncConfigSchema(
  root: string,
  check: boolean,
): Promise<ConfigSchemaResult & { changed?: boolean }> {
  const file = path.join(root, CONFIG_SCHEMA_FILE);
  const before = fs.readFileSync(file, "utf8");
  const result = configSchemaWithRules(before, await registeredRules());
  if (!result.ok) return result;
  const changed = result.text !== before;
  if (changed && !check) fs.writeFileSync(file, result.text);
  return { ...result, changed };
}
