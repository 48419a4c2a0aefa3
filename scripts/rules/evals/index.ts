import type { Rule } from "../../core/types.ts";
import { evalCaseStructure } from "./eval-case-structure.ts";

export const evalRules: Rule[] = [evalCaseStructure];
