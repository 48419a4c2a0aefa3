import { catalog } from "../../catalog/index.ts";
import type { Rule } from "../../core/types.ts";
import { offsetInFrontmatter } from "../../rules/util.ts";
import { agentAllowlist, marsPlugin, sectionLines, toolList } from "../model/disk.ts";

const QUALIFIED = /`([a-z0-9-]+):([a-z0-9-]+)`/g;

export const commandAgentAllowlist: Rule = {
  id: "command-agent-allowlist",
  severity: "error",
  description:
    "Every agent a command's steps start is in that command's Agent(...) allowlist, so no step asks for an agent the command cannot start.",
  consequence:
    "A command's Agent allowlist decides which agents its steps can start: a step whose agent is not in it fails when the command runs.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    const agents = new Set(plugin.agents.map((a) => a.name));
    for (const command of plugin.commands) {
      const allowed = agentAllowlist(toolList(command.file, "allowed-tools"));
      for (const line of sectionLines(command.file, "## Steps")) {
        if (!/^\d+\. /.test(line.text)) continue;
        for (const match of line.text.matchAll(QUALIFIED)) {
          const [mention, pluginName, name] = match;
          if (pluginName !== catalog.plugin.name || !agents.has(name!)) continue;
          if (allowed.has(`${pluginName}:${name}`)) continue;
          report({
            file: command.file,
            at: { offset: line.offset + match.index, length: mention.length },
            message: `a step of /${catalog.plugin.name}:${command.name} starts ${pluginName}:${name}, which its Agent(...) allowlist does not include`,
            hint: "run npm run build: the allowlist is derived from the workflow's steps",
            related: [
              {
                file: command.file.path,
                start: command.file.lines.position(offsetInFrontmatter(command.file, "allowed-tools", "Agent") ?? 0),
              },
            ],
          });
        }
      }
    }
  },
};
