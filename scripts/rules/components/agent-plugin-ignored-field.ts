import type { Rule } from "../../core/types.ts";
import { frontmatter } from "../util.ts";

/** Fields the 2.1.330 plugin-agent loader reads and then drops with a log line, and what to do instead. */
const IGNORED: Readonly<Record<string, string>> = {
  permissionMode: "define the agent in .claude/agents/ to set a permission mode, or remove the key",
  hooks: "move the hooks to the plugin's hooks/hooks.json, or remove the key",
  mcpServers: "declare the servers in the plugin's .mcp.json (or plugin.json mcpServers), or remove the key",
  initialPrompt: "define the agent in .claude/agents/ to use initialPrompt, or remove the key",
  observer: "define the agent in .claude/agents/ to use observer, or remove the key",
  observerMessage: "define the agent in .claude/agents/ to use observerMessage, or remove the key",
  observeSubagents: "define the agent in .claude/agents/ to use observeSubagents, or remove the key",
  "allowed-tools": 'agents take their tools from "tools"; rename the key',
  "disallowed-tools": 'agents spell it "disallowedTools"; rename the key',
};

export const agentPluginIgnoredField: Rule = {
  id: "agent-plugin-ignored-field",
  severity: "warning",
  description:
    "Plugin agents do not set `permissionMode`, `hooks`, `mcpServers`, `initialPrompt`, the `observer*` fields or the skill spellings `allowed-tools`/`disallowed-tools`, which Claude Code ignores for plugin agents.",
  consequence:
    "Claude Code 2.1.330 loads the agent and drops these fields with only a debug log: its permission mode, its hooks (guards that never run), its MCP servers (tools it never gets) and the skill spelling allowed-tools (a tool restriction that never applies, so the agent keeps every tool).",
  check({ project, report }) {
    // A bare agents/ folder may be .claude/agents, where these fields work.
    if (project.componentFolder === "agents") return;
    for (const file of project.files) {
      if (file.kind !== "agent") continue;
      const data = frontmatter(file);
      if (!data) continue;
      for (const [key, hint] of Object.entries(IGNORED)) {
        if (data[key] === undefined) continue;
        // Fields that grant, guard or supply tools are behaviour the author counted on; the rest are conveniences.
        const behaviour =
          key === "permissionMode" || key === "hooks" || key === "mcpServers" || key === "allowed-tools";
        report({
          file,
          at: { path: [key], part: "key" },
          severity: behaviour ? "error" : "warning",
          message: `"${key}" is ignored for plugin agents`,
          hint,
        });
      }
    }
  },
};
