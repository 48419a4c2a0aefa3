import type { Rule } from "../core/types.ts";
import { fileRules } from "./files/index.ts";
import { schemaRules } from "./schema/index.ts";

/** Every rule, by group; each group's index lists its rules explicitly. */
export const rules: readonly Rule[] = [...fileRules, ...schemaRules];
