import { schemaRule } from "./schema-rule.ts";

export const skillFrontmatterSchema = schemaRule({
  id: "skill-frontmatter-schema",
  description:
    "Skill frontmatter uses known fields with valid values (booleans, context, shell, argument-hint as a string, ...).",
  schema: "skill-frontmatter",
  kinds: ["skill"],
});
