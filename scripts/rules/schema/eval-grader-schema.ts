import { schemaRule } from "./schema-rule.ts";

export const evalGraderSchema = schemaRule({
  id: "eval-grader-schema",
  description: "Prose graders (graders/*.md) declare a known type and valid grader fields.",
  consequence:
    "`claude plugin eval` refuses a grader whose frontmatter does not declare a known type and valid fields.",
  schema: "eval-grader-frontmatter",
  kinds: ["eval-grader"],
});
