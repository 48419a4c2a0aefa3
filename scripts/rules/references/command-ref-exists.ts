import { closest } from "../../core/text.ts";
import type { Rule } from "../../core/types.ts";
import { componentIndex, pluginPart, references } from "./refs.ts";

/**
 * `/plugin:command` mentions whose plugin is one of the project's. They are read in prose, in
 * inline code and in fenced code blocks: a block showing `/plugin:command` tells the user (or the
 * model) to type it, and the project-plugin prefix keeps unrelated text out.
 */
export const commandRefExists: Rule = {
  id: "command-ref-exists",
  // The plugin loads and works; the text sends its reader to a command that is not there.
  severity: "warning",
  description:
    "Slash commands /plugin:name mentioned for a plugin of this project exist as a command or a user-invocable skill.",
  consequence:
    "Text that tells the user or Claude to run a /plugin:command that the plugin does not define sends them to a command Claude Code reports as unknown; a skill with user-invocable: false is not in the / menu.",
  check({ project, report }) {
    const index = componentIndex(project);
    for (const ref of references(project)) {
      if (ref.source !== "slash") continue;
      const value = ref.value;
      const plugin = pluginPart(value);
      if (plugin === undefined || !index.plugins.has(plugin)) continue;
      if (index.commands.has(value)) continue;
      const at = { offset: ref.offset - 1, length: value.length + 1 };
      const skill = index.skills.get(value);
      if (skill) {
        if (!skill.userInvocable)
          report({
            file: ref.file,
            at,
            message: `"/${value}" names a skill with user-invocable: false, which is not in the / menu`,
            hint: "remove user-invocable: false, or load the skill with the Skill tool instead",
          });
        continue;
      }
      if (index.agents.has(value)) {
        report({
          file: ref.file,
          at,
          message: `"/${value}" names an agent, not a command`,
          hint: `agents are started with the Agent tool or @agent-${value}`,
        });
        continue;
      }
      const candidates = [
        ...index.commands.keys(),
        ...[...index.skills.entries()].filter(([, s]) => s.userInvocable).map(([id]) => id),
      ].filter((id) => id.startsWith(`${plugin}:`));
      // "/plugin:agents:update" when commands/agents/update.md became commands/update.md: the
      // subfolder's namespace went with it.
      const segments = value.split(":").filter(Boolean);
      const flattened = segments.length > 2 ? `${plugin}:${segments[segments.length - 1]}` : undefined;
      const guess =
        flattened && candidates.includes(flattened) ? flattened : closest(value.replace(/:{2,}/g, ":"), candidates);
      report({
        file: ref.file,
        at,
        // The same stale name across the project is one finding that counts where it appears.
        group: `unknown|${value}`,
        message: `unknown command "/${value}"`,
        hint: guess
          ? `did you mean "/${guess}"?`
          : `plugin "${plugin}" has no command or user-invocable skill of that name`,
      });
    }
  },
};
