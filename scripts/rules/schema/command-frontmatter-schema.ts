import { schemaRule } from "./schema-rule.ts";

export const commandFrontmatterSchema = schemaRule({
  id: "command-frontmatter-schema",
  description: "Command frontmatter uses known fields with valid values; fields that commands ignore are flagged.",
  schema: "command-frontmatter",
  kinds: ["command"],
});
