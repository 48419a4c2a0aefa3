import { schemaRule } from "./schema-rule.ts";

export const agentFrontmatterSchema = schemaRule({
  id: "agent-frontmatter-schema",
  description:
    "Agent frontmatter uses known fields with valid values (color, effort, maxTurns, memory, isolation, ...).",
  consequence:
    "Claude Code drops an agent field whose value it cannot use (an unknown color, effort, memory or isolation value; a non-numeric maxTurns) without a word, and ignores unknown keys; a misspelt key is a field that silently never applies.",
  schema: "agent-frontmatter",
  kinds: ["agent"],
  // An unknown color is dropped and the agent shows in the default color; nothing else changes.
  cosmetic: ["color"],
});
