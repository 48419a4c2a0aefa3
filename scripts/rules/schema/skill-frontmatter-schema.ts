import { schemaRule } from "./schema-rule.ts";

export const skillFrontmatterSchema = schemaRule({
  id: "skill-frontmatter-schema",
  description:
    "Skill frontmatter uses known fields with valid values (booleans, context, shell, argument-hint as a string, ...).",
  consequence:
    "Claude Code drops a skill field it cannot use (user-invocable other than true hides the skill from the / menu, a context other than fork is ignored) and ignores unknown keys, so a misspelt key never applies.",
  schema: "skill-frontmatter",
  kinds: ["skill"],
});
