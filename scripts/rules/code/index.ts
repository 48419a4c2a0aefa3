import type { Rule } from "../../core/types.ts";
import { codeBlockSyntax } from "./code-block-syntax.ts";
import { openapiValid } from "./openapi-valid.ts";
import { pythonSyntax } from "./python-syntax.ts";
import { tokenBudget } from "./token-budget.ts";

export const codeRules: Rule[] = [codeBlockSyntax, pythonSyntax, openapiValid, tokenBudget];
