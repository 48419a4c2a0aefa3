import { closest, editDistance } from "../../core/text.ts";
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

/** A project plugin the prefix is probably an old or short name of ("configure" for "configure-plugin"). */
function stalePlugin(prefix: string, plugins: Iterable<string>): string | undefined {
  for (const name of plugins) {
    const core = name.replace(/-plugins?$/, "");
    if (core === prefix || name.startsWith(`${prefix}-`) || editDistance(core, prefix) <= 1) return name;
  }
  return undefined;
}

/** The component of the project the rest of a stale reference most likely means. */
function staleTarget(rest: string, plugin: string, ids: Iterable<string>): string | undefined {
  const own = [...ids].filter((id) => id.startsWith(`${plugin}:`));
  return (
    own.find((id) => id.endsWith(`:${rest}`)) ??
    own.find((id) => id.endsWith(`-${rest}`)) ??
    closest(`${plugin}:${rest}`, own)
  );
}

export const externalRefDeclared: Rule = {
  id: "external-ref-declared",
  severity: "note",
  description:
    "Qualified references to agents, skills and commands of plugins outside the project name a plugin declared in .mars-validate.json externalPlugins; a prefix that is an old or short name of a project plugin is reported as a stale name.",
  consequence:
    'Claude Code cannot check a reference to a plugin it may not have installed: if the plugin is missing, or the name is a stale alias of one of the project\'s own plugins ("/configure:x" for configure-plugin), the command or agent Claude is told to use does not exist.',
  check({ project, report }) {
    const index = componentIndex(project);
    const external = new Set(project.config.externalPlugins);
    const ids = [...index.agents.keys(), ...index.skills.keys(), ...index.commands.keys()];
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
      const rest = value.slice(plugin.length + 1);
      const stale = stalePlugin(plugin, index.plugins.keys());
      const target = stale ? staleTarget(rest, stale, ids) : undefined;
      const slash = ref.source === "slash";
      const shown = slash ? `/${value}` : value;
      const at = slash
        ? { offset: ref.offset - 1, length: value.length + 1 }
        : { offset: ref.offset, length: value.length };
      // One finding per prefix: a renamed plugin leaves the same stale prefix in many places. A
      // renamed plugin's reference still names one of its components; "`filament:assets` command"
      // in copied framework docs names none (a CLI command), so it stays a note.
      report({
        file: ref.file,
        at,
        severity: stale && (target || ref.source !== "mention") ? "warning" : "note",
        group: `prefix|${plugin}`,
        message: stale
          ? `"${shown}" names plugin "${plugin}", which is not in this project; "${stale}" is`
          : `"${shown}" names plugin "${plugin}", which is not part of this project`,
        hint: stale
          ? target
            ? `did you mean "${slash ? "/" : ""}${target}"?`
            : `use the "${stale}:" prefix`
          : `if "${plugin}" is a separate plugin, declare it in .mars-validate.json externalPlugins`,
      });
    }
  },
};
