import type { Rule } from "../../core/types.ts";

export const evalRules: Rule[] = [];
