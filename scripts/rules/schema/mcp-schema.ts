import { schemaRule } from "./schema-rule.ts";

export const mcpSchema = schemaRule({
  id: "mcp-schema",
  description:
    ".mcp.json and referenced MCP files hold servers with a command (stdio) or a url (remote), and no unknown keys.",
  schema: "mcp",
  kinds: ["mcp"],
});
