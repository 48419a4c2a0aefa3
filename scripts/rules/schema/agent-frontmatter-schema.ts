import type { SchemaProblem } from "../../core/schema.ts";
import { schemaRule, type Restated } from "./schema-rule.ts";

/**
 * The same kind of color value across a plugin's agents (hex codes, say) is one habit of its
 * author, so one finding that counts the agents; its message quotes the first value.
 */
function restateColor(_data: unknown, problem: SchemaProblem): Restated | undefined {
  if (problem.path.length !== 1 || problem.path[0] !== "color" || problem.part !== "value") return undefined;
  const value = /^"([^"]*)"/.exec(problem.message)?.[1] ?? "";
  const kind = /^#[\da-f]{3,8}$/i.test(value) ? "hex" : "other";
  return {
    message: problem.message,
    ...(problem.hint !== undefined ? { hint: problem.hint } : {}),
    group: `color|${kind}`,
    across: "project",
  };
}

export const agentFrontmatterSchema = schemaRule({
  id: "agent-frontmatter-schema",
  description:
    "Agent frontmatter uses known fields with valid values (color, effort, maxTurns, memory, isolation, ...).",
  consequence:
    "Claude Code drops an agent field whose value it cannot use (an unknown color, effort, memory or isolation value; a non-numeric maxTurns) without a word, and ignores unknown keys; a misspelt key is a field that silently never applies.",
  schema: "agent-frontmatter",
  kinds: ["agent"],
  restate: restateColor,
});
