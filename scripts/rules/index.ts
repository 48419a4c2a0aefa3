import type { Rule } from "../core/types.ts";
import { codeRules } from "./code/index.ts";
import { evalRules } from "./evals/index.ts";
import { componentRules } from "./components/index.ts";
import { fileRules } from "./files/index.ts";
import { manifestRules } from "./manifest/index.ts";
import { referenceRules } from "./references/index.ts";
import { schemaRules } from "./schema/index.ts";
import { securityRules } from "./security/index.ts";

/** Every rule, by group; each group's index lists its rules explicitly. */
export const rules: readonly Rule[] = [
  ...fileRules,
  ...schemaRules,
  ...manifestRules,
  ...componentRules,
  ...referenceRules,
  ...codeRules,
  ...securityRules,
  ...evalRules,
];
