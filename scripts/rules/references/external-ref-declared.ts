import { closest } from "../../core/text.ts";
import type { Rule } from "../../core/types.ts";
import { componentIndex, KEBAB, looksLikePlaceholder, pluginPart, references } from "./refs.ts";

/** Structured places: whatever stands before the colon there is a plugin name. */
const STRUCTURED = new Set(["tools", "skill-rule", "skills", "agent-field", "subagent_type"]);
/** Prose patterns that only count when the prefix looks like a plugin name (kebab-case). */
const PROSE = new Set(["at-agent", "slash", "body-agent", "mention"]);
/** `x:y` prefixes that are URI schemes or module namespaces, never plugins. */
const NOT_PLUGINS = new Set([
  "node",
  "npm",
  "jsr",
  "bun",
  "deno",
  "urn",
  "data",
  "file",
  "git",
  "ssh",
  "http",
  "https",
  "mailto",
  "tel",
  "mcp",
  "plugin",
]);

export const externalRefDeclared: Rule = {
  id: "external-ref-declared",
  severity: "warning",
  description:
    "Qualified references to agents, skills and commands of other plugins name a plugin that is part of the project or declared in .mars-validate.json externalPlugins.",
  check({ project, report }) {
    const index = componentIndex(project);
    const external = new Set(project.config.externalPlugins);
    for (const ref of references(project)) {
      const value = ref.value;
      const plugin = pluginPart(value);
      if (plugin === undefined || index.plugins.has(plugin) || external.has(plugin)) continue;
      if (!STRUCTURED.has(ref.source)) {
        if (!PROSE.has(ref.source) || !KEBAB.test(plugin) || NOT_PLUGINS.has(plugin)) continue;
        if (!value.split(":").every((segment) => KEBAB.test(segment))) continue;
        // A backticked `x:y` is only a reference when its line talks about agents, skills, commands or plugins.
        if (ref.source === "mention" && !(ref.backticked && ref.context)) continue;
      }
      if (looksLikePlaceholder(value)) continue;
      // "sub:name" is an agent in a subfolder named without its plugin: agent-ref-exists warns about it.
      if (index.bareAgents.has(value) || index.bareSkills.has(value)) continue;
      const near = closest(plugin, index.plugins.keys());
      const shown = ref.source === "slash" ? `/${value}` : value;
      const at =
        ref.source === "slash"
          ? { offset: ref.offset - 1, length: value.length + 1 }
          : { offset: ref.offset, length: value.length };
      report({
        file: ref.file,
        at,
        message: `"${shown}" names plugin "${plugin}", which is not part of this project`,
        hint: near
          ? `did you mean "${near}:${value.slice(plugin.length + 1)}"? If "${plugin}" is a separate plugin, declare it in .mars-validate.json externalPlugins`
          : `if "${plugin}" is a separate plugin, declare it in .mars-validate.json externalPlugins`,
      });
    }
  },
};
