import { schemaRule } from "./schema-rule.ts";

export const evalCaseSchema = schemaRule({
  id: "eval-case-schema",
  description: "Eval cases (case.yaml) match the format `claude plugin eval` reads.",
  schema: "eval-case",
  kinds: ["eval-case"],
});
