import { closest } from "../../core/text.ts";
import type { Project, Rule } from "../../core/types.ts";
import { replaceText } from "../../fix/make.ts";
import { componentIndex, looksLikePlaceholder, pluginPart, references, resolveBare, type Reference } from "./refs.ts";

function where(ref: Reference): string {
  return ref.source === "skills" ? `in "skills"` : `in "${ref.key}"`;
}

function preferredId(project: Project, ref: Reference, ids: string[]): string {
  const own = ref.file.plugin === undefined ? undefined : project.plugins[ref.file.plugin]?.name;
  return ids.find((id) => own !== undefined && id.startsWith(`${own}:`)) ?? ids[0]!;
}

/**
 * Plain `plugin:skill` mentions in prose are checked by agent-ref-exists (one rule owns every
 * qualified mention, whatever it names); this rule checks the frontmatter fields that load skills.
 */
export const skillRefExists: Rule = {
  id: "skill-ref-exists",
  severity: "error",
  description:
    "Skills named in an agent's skills: list and in Skill(...) tool entries exist in the project, under the plugin-qualified name Claude Code registers.",
  consequence:
    "An agent's skills: list preloads the skills it names and Skill(...) entries allow them; a name that matches no skill loads nothing, without a word. Bare names match every skill whose id ends with the name.",
  check({ project, report }) {
    const index = componentIndex(project);
    for (const ref of references(project)) {
      if (ref.source !== "skills" && ref.source !== "skill-rule") continue;
      const value = ref.value;
      // Commands and skills are the same kind of object in Claude Code, both loadable by the Skill tool.
      if (index.skills.has(value) || index.commands.has(value)) continue;
      const at = { offset: ref.offset, length: value.length };
      const plugin = pluginPart(value);
      const bare = index.bareSkills.get(value);
      if (bare && (plugin === undefined || !index.plugins.has(plugin))) {
        // 2.1.330 matches a bare skill name against every skill id ending in ":<name>".
        const resolved = resolveBare(bare, index.fileById, undefined);
        if (resolved.kind === "ambiguous" && !resolved.same) {
          const id = preferredId(project, ref, resolved.ids);
          // Qualified only with the caller's own plugin: its own skill is the one it means.
          const own = ref.file.plugin === undefined ? undefined : project.plugins[ref.file.plugin]?.name;
          const fix =
            own !== undefined && id.startsWith(`${own}:`)
              ? replaceText(ref.file, ref.offset, value, id, `qualify "${value}" as "${id}"`)
              : undefined;
          report({
            file: ref.file,
            at,
            severity: "warning",
            group: `ambiguous|${value}`,
            message: `skill "${value}" ${where(ref)} matches ${resolved.ids.length} different skills (${resolved.ids.join(", ")}), so Claude Code loads all of them`,
            hint: `qualify it as "${id}"`,
            ...(fix ? { fix } : {}),
          });
        }
        continue;
      }
      if (plugin !== undefined && !index.plugins.has(plugin)) continue;
      if (plugin === undefined && looksLikePlaceholder(value)) continue;
      if (index.agents.has(value)) {
        report({
          file: ref.file,
          at,
          message: `"${value}" ${where(ref)} is an agent, not a skill`,
          hint: "start agents with the Agent tool; list skills here",
        });
        continue;
      }
      const candidates = [
        ...index.skills.keys(),
        ...index.commands.keys(),
        ...(plugin === undefined ? index.bareSkills.keys() : []),
      ];
      const guess = closest(value, candidates);
      const resolved =
        guess && index.bareSkills.get(guess) ? preferredId(project, ref, index.bareSkills.get(guess)!) : guess;
      report({
        file: ref.file,
        at,
        message: `unknown skill "${value}" ${where(ref)}`,
        hint: resolved ? `did you mean "${resolved}"?` : `name a skill of this project as "plugin:skill"`,
      });
    }
  },
};
