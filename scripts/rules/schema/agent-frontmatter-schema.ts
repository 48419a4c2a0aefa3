import { schemaRule } from "./schema-rule.ts";

export const agentFrontmatterSchema = schemaRule({
  id: "agent-frontmatter-schema",
  description:
    "Agent frontmatter uses known fields with valid values (color, effort, maxTurns, memory, isolation, ...).",
  schema: "agent-frontmatter",
  kinds: ["agent"],
});
