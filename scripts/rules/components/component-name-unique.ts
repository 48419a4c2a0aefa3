import type { Anchor, PluginModel, ReportInput, Rule, SourceFile } from "../../core/types.ts";
import { frontmatter } from "../util.ts";
import { agentIdentity, locationOf } from "./helpers.ts";

interface Named {
  file: SourceFile;
  /** The name users type after "/" or pass as subagent_type. */
  id: string;
  at: Anchor;
}

function nameAnchor(file: SourceFile): Anchor {
  const name = frontmatter(file)?.name;
  return name === undefined || name === null ? { line: 1 } : { path: ["name"] };
}

/** The frontmatter name as the loader reads it (scalars stringified), or undefined. */
function frontmatterName(file: SourceFile): string | undefined {
  const name = frontmatter(file)?.name;
  if (typeof name === "string") return name.trim() || undefined;
  if (typeof name === "number" || typeof name === "boolean") return String(name);
  return undefined;
}

/** 2.1.330: a frontmatter name replaces the last segment of `<plugin>:<subfolders…>:<name>`, unless it already carries that prefix. */
function promptName(defaultId: string, name: string | undefined): string {
  if (!name) return defaultId;
  const prefix = defaultId.slice(0, defaultId.lastIndexOf(":") + 1);
  return name.startsWith(prefix) ? name : `${prefix}${name}`;
}

interface Prompt extends Named {
  /** The display name: the id with its last segment replaced by the frontmatter name. */
  shown: string;
  kind: "skill" | "command";
}

/** Skills in load order (the default skills/ folder first, then manifest folders), then commands. */
function prompts(plugin: PluginModel): { skills: Prompt[]; commands: Prompt[] } {
  const defaultRoot = plugin.dir === "" ? "skills/" : `${plugin.dir}/skills/`;
  const ordered = [...plugin.skills].sort(
    (a, b) => Number(!a.file.path.startsWith(defaultRoot)) - Number(!b.file.path.startsWith(defaultRoot)),
  );
  return {
    skills: ordered.map((s) => ({
      file: s.file,
      id: s.id,
      shown: promptName(s.id, frontmatterName(s.file)),
      at: nameAnchor(s.file),
      kind: "skill",
    })),
    commands: plugin.commands.map((c) => ({
      file: c.file,
      id: c.id,
      shown: promptName(c.id, frontmatterName(c.file)),
      at: nameAnchor(c.file),
      kind: "command",
    })),
  };
}

export const componentNameUnique: Rule = {
  id: "component-name-unique",
  severity: "error",
  description:
    "Agents, skills and commands of a plugin have distinct runtime names (a duplicate, or a skill sharing a command's name, is dropped silently); across a marketplace, one agent name is defined by one plugin.",
  consequence:
    "Claude Code keeps one of two agents, skills or commands with the same runtime name in a plugin and drops the other without a word; a command drops a skill of the same name. The same agent name in two plugins is only listed twice, each under its own plugin (a note).",
  check({ project, report }) {
    const duplicate = (second: Named, first: Named, input: Omit<ReportInput, "file" | "at" | "related">): void => {
      report({ ...input, file: second.file, at: second.at, related: [locationOf(first.file, first.at)] });
    };

    for (const plugin of project.plugins) {
      const agents = new Map<string, Named>();
      for (const agent of plugin.agents) {
        const { id } = agentIdentity(agent);
        const named: Named = { file: agent.file, id, at: nameAnchor(agent.file) };
        const first = agents.get(id);
        if (!first) {
          agents.set(id, named);
          continue;
        }
        duplicate(named, first, {
          message: `agent "${id}" is also defined in "${first.file.path}"; only one of them is loaded, silently`,
          hint: "give each agent a distinct name",
        });
      }

      // 2.1.330 keys skills and commands by "<plugin>:<folder>" / "<plugin>:<subfolders>:<file>": a second
      // definition of a key is dropped, and a command drops a skill of the same key (EXP: initialize listing).
      const { skills, commands } = prompts(plugin);
      const commandById = new Map<string, Prompt>();
      const loaded: Prompt[] = [];
      for (const command of commands) {
        const first = commandById.get(command.id);
        if (first) {
          duplicate(command, first, {
            message: `command "/${command.id}" is also defined in "${first.file.path}"; only one of them is loaded, silently`,
            hint: "give each command a distinct file name",
          });
          continue;
        }
        commandById.set(command.id, command);
        loaded.push(command);
      }
      const skillById = new Map<string, Prompt>();
      for (const skill of skills) {
        const command = commandById.get(skill.id);
        if (command) {
          duplicate(skill, command, {
            // A plugin that mirrors its skills with same-named commands does it by design: one finding.
            group: `shadowed-skill|${plugin.dir}`,
            message: `skill "/${skill.id}" has the same name as the command in "${command.file.path}", which replaces it: the skill is not loaded`,
            hint: "rename the command or the skill folder, or delete the command if the skill supersedes it",
          });
          continue;
        }
        const first = skillById.get(skill.id);
        if (first) {
          // The same folder listed twice (a symlink, or two "skills" entries reaching it) loses nothing.
          if (skill.file.text === first.file.text)
            duplicate(skill, first, {
              severity: "note",
              message: `skill "/${skill.id}" is listed twice, identically, also from "${first.file.path}"; Claude Code keeps one copy`,
              hint: 'list the folder once in "skills" (or drop the symlinked copy)',
            });
          else
            duplicate(skill, first, {
              message: `skill "/${skill.id}" is also defined in "${first.file.path}"; only one of them is loaded, silently`,
              hint: "give each skill folder a distinct name",
            });
          continue;
        }
        skillById.set(skill.id, skill);
        loaded.push(skill);
      }
      // Frontmatter names can give two loaded components the same "/" name: both are listed and the name is ambiguous.
      const byShown = new Map<string, Prompt>();
      for (const prompt of loaded) {
        const first = byShown.get(prompt.shown);
        if (!first) {
          byShown.set(prompt.shown, prompt);
          continue;
        }
        duplicate(prompt, first, {
          severity: "warning",
          message: `${prompt.kind} "${prompt.id}" is listed as "/${prompt.shown}", like the ${first.kind} in "${first.file.path}", so that name is ambiguous`,
          hint: "give each skill and command a distinct name",
        });
      }
    }

    if (project.plugins.length < 2) return;
    const byName = new Map<string, { plugin: PluginModel; named: Named }>();
    for (const plugin of project.plugins) {
      const seenHere = new Set<string>();
      for (const agent of plugin.agents) {
        const { name, id } = agentIdentity(agent);
        if (seenHere.has(name)) continue;
        seenHere.add(name);
        const named: Named = { file: agent.file, id, at: nameAnchor(agent.file) };
        const first = byName.get(name);
        if (!first) {
          byName.set(name, { plugin, named });
          continue;
        }
        if (first.plugin.name === plugin.name) continue;
        duplicate(named, first.named, {
          severity: "note",
          message: `agent name "${name}" is also defined in plugin "${first.plugin.name}"; installing both lists it twice ("${first.named.id}" and "${id}")`,
          hint: "give the agent a plugin-specific name, or keep one copy in a shared plugin",
        });
      }
    }
  },
};
