import type { Anchor, Rule } from "../../core/types.ts";
import { agentIdentity, agentName, KEBAB } from "./helpers.ts";

export const agentNameFormat: Rule = {
  id: "agent-name-format",
  severity: "warning",
  description:
    "Agent names are kebab-case, at most 50 characters, without `:`, and equal to the file name, so the id users type matches what `claude plugin details` lists.",
  consequence:
    'A ":" in a plugin agent\'s name nests its id (plugin:a:b) and is refused for project agents; other name styles load, but the id users type differs from what `claude plugin details` lists (a note).',
  check({ project, report }) {
    // A bare agents/ folder may be .claude/agents, where 2.1.218+ rejects names with ":".
    const projectAgents = project.componentFolder === "agents";
    for (const plugin of project.plugins) {
      for (const agent of plugin.agents) {
        const file = agent.file;
        const named = agentName(file, agent.fileName);
        if (!named) continue;
        const { name, fromFrontmatter } = named;
        const at: Anchor = fromFrontmatter ? { path: ["name"] } : { line: 1 };
        const what = fromFrontmatter ? `agent name "${name}"` : `agent file name "${name}" (used as the agent name)`;
        const fileIsKebab = KEBAB.test(agent.fileName) && agent.fileName.length <= 50;
        // When the name itself is malformed and the file name is fine, one finding says both.
        const useFileName =
          fromFrontmatter && name !== agent.fileName && fileIsKebab
            ? `set name: ${agent.fileName} (the file name)`
            : undefined;
        let malformed = true;
        if (name.includes(":")) {
          report({
            file,
            at,
            severity: projectAgents ? "error" : "warning",
            message: projectAgents
              ? `${what} contains ":", which Claude Code rejects for project and user agents`
              : `${what} contains ":", which turns it into a nested id "${plugin.name}:${name}"`,
            hint: useFileName ?? "use hyphens instead of colons; put agents in subfolders of agents/ to namespace them",
          });
        } else if (name.length > 50) {
          // 2.1.330 sets no length limit; 50 is the limit of the old /agents wizard and plugin-dev, kept for the upper bound only.
          report({
            file,
            at,
            severity: "note",
            message: `${what} has ${name.length} characters; expected at most 50`,
            hint: useFileName ?? 'use a short kebab-case name such as "code-reviewer"',
          });
        } else if (!KEBAB.test(name)) {
          const kebab = name
            .trim()
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-|-$/g, ""); // runs are single hyphens by now
          report({
            file,
            at,
            severity: "note",
            message: `${what} is not kebab-case (lower-case letters, digits and single hyphens)`,
            hint:
              useFileName ??
              (kebab && kebab !== name
                ? `rename it to "${kebab}"`
                : "use lower-case letters, digits and single hyphens"),
          });
        } else malformed = false;
        if (fromFrontmatter && name !== agent.fileName && !(malformed && useFileName)) {
          report({
            file,
            at,
            severity: "note",
            group: `name-differs|${plugin.name}`,
            message: `agent name "${name}" differs from its file name "${agent.fileName}.md": users invoke "${agentIdentity(agent).id}" while \`claude plugin details\` lists "${agent.fileName}"`,
            hint: malformed
              ? "give the file and the name the same kebab-case value"
              : `rename the file to "${name}.md" or set name: ${agent.fileName}`,
          });
        }
      }
    }
  },
};
