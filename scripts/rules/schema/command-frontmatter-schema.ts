import { schemaRule } from "./schema-rule.ts";

export const commandFrontmatterSchema = schemaRule({
  id: "command-frontmatter-schema",
  description: "Command frontmatter uses known fields with valid values; fields that commands ignore are flagged.",
  consequence:
    "Claude Code drops a command field it cannot use (a non-boolean disable-model-invocation reads as false, a list argument-hint loses its brackets) and ignores unknown keys, so a misspelt key never applies.",
  schema: "command-frontmatter",
  kinds: ["command"],
});
