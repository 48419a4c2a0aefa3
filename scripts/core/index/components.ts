import { frontmatter } from "../frontmatter.ts";
import type { PluginModel, Project, SourceFile } from "../types.ts";

export interface ComponentIndex {
  plugins: Map<string, PluginModel>;
  /** Runtime ids (and accepted aliases) → what they are. */
  agents: Map<string, string>;
  skills: Map<string, { id: string; userInvocable: boolean; file: SourceFile }>;
  commands: Map<string, string>;
  /** Output styles, workflows and themes (`<plugin>:<name>`): valid targets of a plain qualified mention. */
  outputStyles: Set<string>;
  /** Local (bare) names → runtime ids, for "qualify it" warnings. */
  bareAgents: Map<string, string[]>;
  bareSkills: Map<string, string[]>;
  /** `plugin:fileName` for agents whose frontmatter name differs from the file name → real id. */
  agentByFile: Map<string, { id: string; path: string }>;
  /** The file that defines each agent, skill and command id. */
  fileById: Map<string, SourceFile>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/** Claude Code 2.1.330 reads `false`, `"false"`, `no`, `off` and `0` as false for boolean frontmatter. */
function isFalse(value: unknown): boolean {
  if (value === false || value === 0) return true;
  return typeof value === "string" && ["false", "no", "off", "0"].includes(value.trim().toLowerCase());
}

/** What each plugin registers, by runtime id and by the names Claude Code also accepts. */
export function buildComponentIndex(project: Project): ComponentIndex {
  const index: ComponentIndex = {
    plugins: new Map(),
    agents: new Map(),
    skills: new Map(),
    commands: new Map(),
    outputStyles: new Set(),
    bareAgents: new Map(),
    bareSkills: new Map(),
    agentByFile: new Map(),
    fileById: new Map(),
  };
  for (const plugin of project.plugins) {
    if (!index.plugins.has(plugin.name)) index.plugins.set(plugin.name, plugin);
    for (const agent of plugin.agents) {
      index.agents.set(agent.id, agent.id);
      index.fileById.set(agent.id, agent.file);
      push(index.bareAgents, agent.name, agent.id);
      const segments = agent.id.split(":");
      // "sub:name" for agents in subfolders: the id without its plugin.
      if (segments.length > 2) push(index.bareAgents, segments.slice(1).join(":"), agent.id);
      if (agent.frontmatterName !== undefined && agent.frontmatterName !== agent.fileName) {
        const byFile = [...segments.slice(0, -1), agent.fileName].join(":");
        index.agentByFile.set(byFile, { id: agent.id, path: agent.file.path });
        push(index.bareAgents, agent.fileName, agent.id);
      }
    }
    for (const skill of plugin.skills) {
      const fm = frontmatter(skill.file);
      const entry = { id: skill.id, userInvocable: !isFalse(fm?.["user-invocable"]), file: skill.file };
      index.skills.set(skill.id, entry);
      index.fileById.set(skill.id, skill.file);
      push(index.bareSkills, skill.folder, skill.id);
      // 2.1.330 lists a skill with a frontmatter name as <plugin>:<name>, aliases <plugin>:<folder>.
      if (skill.frontmatterName) {
        index.skills.set(`${plugin.name}:${skill.frontmatterName}`, entry);
        push(index.bareSkills, skill.frontmatterName, skill.id);
      }
    }
    for (const command of plugin.commands) {
      index.commands.set(command.id, command.id);
      index.fileById.set(command.id, command.file);
      push(index.bareSkills, command.name, command.id);
      const name = frontmatter(command.file)?.name;
      if (typeof name === "string" && name.trim()) {
        const segments = command.id.split(":");
        index.commands.set(`${plugin.name}:${name.trim()}`, command.id);
        index.commands.set([...segments.slice(0, -1), name.trim()].join(":"), command.id);
      }
    }
  }
  for (const file of project.files) {
    if (file.plugin === undefined) continue;
    const plugin = project.plugins[file.plugin]!;
    const relative = plugin.dir === "" ? file.path : file.path.slice(plugin.dir.length + 1);
    const base = file.path.slice(file.path.lastIndexOf("/") + 1).replace(/\.[A-Za-z0-9]+$/, "");
    if (file.kind === "output-style") {
      const name = frontmatter(file)?.name;
      index.outputStyles.add(`${plugin.name}:${typeof name === "string" && name.trim() ? name.trim() : base}`);
    } else if (
      /^(?:workflows|themes)\//.test(relative) ||
      workflowPaths(plugin).some((p) => relative === p || relative.startsWith(`${p}/`))
    ) {
      // Workflows (workflows/scan.js → plugin:scan) and themes are experimental components with the same ids.
      index.outputStyles.add(`${plugin.name}:${base}`);
    }
  }
  return index;
}

/** Folders or files that the manifest's "workflows" field names, relative to the plugin. */
function workflowPaths(plugin: PluginModel): string[] {
  const value = (plugin.manifest?.json?.value as Record<string, unknown> | undefined)?.workflows;
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((v): v is string => typeof v === "string" && v.startsWith("./"))
    .map((v) => v.slice(2).replace(/(?<!\/)\/+$/, ""));
}
