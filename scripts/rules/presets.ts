import type { Rule, ValidatorConfig } from "../core/types.ts";
import { rules } from "./index.ts";

/**
 * The general rules plus the presets a config enables. Presets load on demand, so validating
 * someone else's plugin never imports this repository's generator and catalog.
 */
export async function activeRules(config: ValidatorConfig): Promise<readonly Rule[]> {
  if (!config.presets.includes("mars-house")) return rules;
  const { houseRules } = await import("../house/index.ts");
  return [...rules, ...houseRules];
}
