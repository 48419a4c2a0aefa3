import type { Rule } from "../../core/types.ts";
import { catalogConsultsMentioned } from "./catalog-consults-mentioned.ts";
import { generatedRegionValid } from "./generated-region-valid.ts";
import { generatedUpToDate } from "./generated-up-to-date.ts";

export const catalogRules: Rule[] = [generatedRegionValid, generatedUpToDate, catalogConsultsMentioned];
