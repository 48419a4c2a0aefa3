import { schemaRule } from "./schema-rule.ts";

export const evalCaseSchema = schemaRule({
  id: "eval-case-schema",
  description: "Eval cases (case.yaml) match the format `claude plugin eval` reads.",
  consequence:
    '`claude plugin eval` refuses a case.yaml that does not match its schema ("invalid case.yaml") and runs none of its graders.',
  schema: "eval-case",
  kinds: ["eval-case"],
});
