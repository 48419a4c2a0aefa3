import { schemaRule } from "./schema-rule.ts";

export const evalPromptSchema = schemaRule({
  id: "eval-prompt-schema",
  description: "Prose eval cases (prompt.md) use only the frontmatter keys `claude plugin eval` accepts.",
  consequence: "`claude plugin eval` refuses a prompt.md whose frontmatter holds a key it does not accept.",
  schema: "eval-prompt-frontmatter",
  kinds: ["eval-prompt"],
});
