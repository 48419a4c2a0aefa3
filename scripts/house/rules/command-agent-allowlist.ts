import { catalog } from "../../catalog/index.ts";
import type { Rule } from "../../core/types.ts";
import { offsetInFrontmatter } from "../../rules/util.ts";
import { agentAllowlist, marsPlugin, sectionLines, toolList } from "../model/disk.ts";

const QUALIFIED = /`([a-z0-9-]+):([a-z0-9-]+)`/g;
/** Any plugin-qualified name outside a path or a slash command: "mars:graphql-architect", not "/mars:graphql". */
const MENTION = /(?<![/\w-])([a-z0-9-]+):([a-z0-9-]+)/g;

export const commandAgentAllowlist: Rule = {
  id: "command-agent-allowlist",
  severity: "error",
  description:
    "Every agent a command names, in its steps or in its own text (a redirect, a note), is in that command's Agent(...) allowlist, so it never promises an agent it cannot start.",
  consequence:
    "A command's Agent allowlist decides which agents it can start: a step, or a redirect, naming an agent outside it fails when the command runs, and a redirect should name the command to run instead.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    const agents = new Set(plugin.agents.map((a) => a.name));
    for (const command of plugin.commands) {
      const allowed = agentAllowlist(toolList(command.file, "allowed-tools"));
      const related = [
        {
          file: command.file.path,
          start: command.file.lines.position(offsetInFrontmatter(command.file, "allowed-tools", "Agent") ?? 0),
        },
      ];
      const steps = new Set(
        sectionLines(command.file, "## Steps")
          .filter((line) => /^\d+\. /.test(line.text))
          .map((line) => line.offset),
      );
      const body = command.file.markdown?.body ?? "";
      const bodyOffset = command.file.markdown?.bodyOffset ?? 0;
      let lineStart = 0;
      for (const line of body.split("\n")) {
        const offset = bodyOffset + lineStart;
        lineStart += line.length + 1;
        const inSteps = steps.has(offset);
        // Inside the steps a backticked name is an owner; elsewhere any mention counts (redirects, notes).
        for (const match of line.matchAll(inSteps ? QUALIFIED : MENTION)) {
          const [mention, pluginName, name] = match;
          if (pluginName !== catalog.plugin.name || !agents.has(name!)) continue;
          if (allowed.has(`${pluginName}:${name}`)) continue;
          report({
            file: command.file,
            at: { offset: offset + match.index, length: mention.length },
            message: inSteps
              ? `a step of /${catalog.plugin.name}:${command.name} starts ${pluginName}:${name}, which its Agent(...) allowlist does not include`
              : `/${catalog.plugin.name}:${command.name} names ${pluginName}:${name}, which its Agent(...) allowlist does not include`,
            hint: inSteps
              ? "run npm run build: the allowlist is derived from the workflow's steps"
              : "name the command that runs that agent instead (or give the command a step for it in the catalog)",
            related,
          });
        }
      }
    }
  },
};
