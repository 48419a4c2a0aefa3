import { schemaRule } from "./schema-rule.ts";

export const mcpSchema = schemaRule({
  id: "mcp-schema",
  description:
    ".mcp.json and referenced MCP files hold servers with a command (stdio) or a url (remote), and no unknown keys.",
  consequence:
    'Claude Code cannot start an MCP server without a command (stdio) or a url (remote); an empty url is kept as a placeholder shown as "Not configured".',
  schema: "mcp",
  kinds: ["mcp"],
});
