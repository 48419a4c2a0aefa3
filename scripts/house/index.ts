import type { Rule } from "../core/types.ts";
import { catalogConsultsMentioned } from "./rules/catalog-consults-mentioned.ts";
import { generatedRegionValid } from "./rules/generated-region-valid.ts";
import { generatedUpToDate } from "./rules/generated-up-to-date.ts";
import { staleIdiom } from "./rules/stale-idiom.ts";

/**
 * This repository's own rules: the generator's drift and refusals, the catalog's agreement with
 * the agents, and the content guide's stale-idiom denylist. They judge the mars plugin against
 * its own source of truth and style, so they run only where `.mars-validate.json` enables the
 * "mars-house" preset, never on other people's plugins.
 */
export const houseRules: readonly Rule[] = [
  generatedRegionValid,
  generatedUpToDate,
  catalogConsultsMentioned,
  staleIdiom,
];
