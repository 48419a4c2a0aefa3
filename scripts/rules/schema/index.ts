import type { Rule } from "../../core/types.ts";
import { schemaRule } from "./schema-rule.ts";

export const pluginManifestSchema = schemaRule({
  id: "plugin-manifest-schema",
  description: "plugin.json matches the manifest schema Claude Code loads (types, \"./\" paths, strict nested objects); unknown fields are flagged with a suggestion.",
  schema: "plugin-manifest",
  kinds: ["plugin-manifest"],
});

export const marketplaceSchema = schemaRule({
  id: "marketplace-schema",
  description: "marketplace.json matches the marketplace schema: owner, plugin entries and their typed sources.",
  schema: "marketplace",
  kinds: ["marketplace"],
});

export const agentFrontmatterSchema = schemaRule({
  id: "agent-frontmatter-schema",
  description: "Agent frontmatter uses known fields with valid values (color, effort, maxTurns, memory, isolation, ...).",
  schema: "agent-frontmatter",
  kinds: ["agent"],
});

export const skillFrontmatterSchema = schemaRule({
  id: "skill-frontmatter-schema",
  description: "Skill frontmatter uses known fields with valid values (booleans, context, shell, argument-hint as a string, ...).",
  schema: "skill-frontmatter",
  kinds: ["skill"],
});

export const commandFrontmatterSchema = schemaRule({
  id: "command-frontmatter-schema",
  description: "Command frontmatter uses known fields with valid values; fields that commands ignore are flagged.",
  schema: "command-frontmatter",
  kinds: ["command"],
});

export const hooksSchema = schemaRule({
  id: "hooks-schema",
  description: "hooks.json has the {\"hooks\": {...}} wrapper, known event names, and handlers with the fields their type needs.",
  schema: "hooks",
  kinds: ["hooks"],
});

export const mcpSchema = schemaRule({
  id: "mcp-schema",
  description: ".mcp.json and referenced MCP files hold servers with a command (stdio) or a url (remote), and no unknown keys.",
  schema: "mcp",
  kinds: ["mcp"],
});

export const lspSchema = schemaRule({
  id: "lsp-schema",
  description: ".lsp.json holds language servers with a command and an extension map.",
  schema: "lsp",
  kinds: ["lsp"],
});

export const evalCaseSchema = schemaRule({
  id: "eval-case-schema",
  description: "Eval cases (case.yaml) match the format `claude plugin eval` reads.",
  schema: "eval-case",
  kinds: ["eval-case"],
});

export const evalPromptSchema = schemaRule({
  id: "eval-prompt-schema",
  description: "Prose eval cases (prompt.md) use only the frontmatter keys `claude plugin eval` accepts.",
  schema: "eval-prompt-frontmatter",
  kinds: ["eval-prompt"],
});

export const evalGraderSchema = schemaRule({
  id: "eval-grader-schema",
  description: "Prose graders (graders/*.md) declare a known type and valid grader fields.",
  schema: "eval-grader-frontmatter",
  kinds: ["eval-grader"],
});

export const schemaRules: Rule[] = [
  pluginManifestSchema,
  marketplaceSchema,
  agentFrontmatterSchema,
  skillFrontmatterSchema,
  commandFrontmatterSchema,
  hooksSchema,
  mcpSchema,
  lspSchema,
  evalCaseSchema,
  evalPromptSchema,
  evalGraderSchema,
];
