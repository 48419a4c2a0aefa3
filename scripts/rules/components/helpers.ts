import { locate } from "../../core/locate.ts";
import { manifestPath } from "../../core/project.ts";
import type { AgentComponent, Anchor, Location, PluginModel, Project, SourceFile } from "../../core/types.ts";
import { frontmatter } from "../util.ts";

/** Lower-case words joined by single hyphens, the form Claude Code's own tools use for names. */
export const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The position of an anchor in a file, for `related` locations. */
export function locationOf(file: SourceFile, at?: Anchor): Location {
  return locate(file, at);
}

/** The region of the raw frontmatter that holds one top-level key and its value (continuation lines included). */
function keyRegion(file: SourceFile, key: string): { start: number; text: string } | undefined {
  const fm = file.markdown?.frontmatter;
  if (!fm) return undefined;
  const keyAt = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ \\t]*:`, "m").exec(fm.raw);
  if (!keyAt) return undefined;
  const afterKey = keyAt.index + keyAt[0].length;
  const rest = fm.raw.slice(afterKey);
  const next = rest.search(/\n(?=[^\s#-])/);
  const text = next === -1 ? rest : rest.slice(0, next);
  return { start: fm.offset + afterKey, text };
}

/**
 * Offsets in `file.text` of each entry of a frontmatter list field, found in order of
 * appearance so that repeated names point at their own occurrence; undefined when not found.
 */
export function entryOffsets(file: SourceFile, key: string, entries: readonly string[]): (number | undefined)[] {
  const region = keyRegion(file, key);
  if (!region) return entries.map(() => undefined);
  let from = 0;
  return entries.map((entry) => {
    const at = region.text.indexOf(entry, from);
    if (at === -1) return undefined;
    from = at + entry.length;
    return region.start + at;
  });
}

/** Joins a plugin folder and a path relative to it. */
export function inPlugin(plugin: PluginModel, relative: string): string {
  return plugin.dir === "" ? relative : relative === "" ? plugin.dir : `${plugin.dir}/${relative}`;
}

/** The skills roots of a plugin, relative to the root the user gave: `skills/` plus manifest `skills` folders. */
export function skillRoots(project: Project, plugin: PluginModel): string[] {
  if (project.componentFolder === "skills") return [""];
  if (project.componentFolder) return [];
  const roots = new Set<string>(["skills"]);
  const value = plugin.manifest?.json?.value;
  const skills =
    value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).skills : undefined;
  for (const entry of Array.isArray(skills) ? skills : skills === undefined ? [] : [skills]) {
    const relative = manifestPath(entry);
    if (relative !== undefined && relative !== "" && !relative.endsWith(".md")) roots.add(relative);
  }
  return [...roots].map((root) => inPlugin(plugin, root));
}

/** The runtime-visible name of an agent file in one place: its frontmatter name when a string, else the file name. */
export function agentName(file: SourceFile, fileName: string): { name: string; fromFrontmatter: boolean } | undefined {
  const value = frontmatter(file)?.name;
  // The loader falls back to the file name for a missing, null or empty name.
  if (value === undefined || value === null || value === "") return { name: fileName, fromFrontmatter: false };
  return typeof value === "string" ? { name: value, fromFrontmatter: true } : undefined;
}

/** The agent's runtime name and id; the loader uses the file name when the frontmatter name is empty (the core model keeps ""). */
export function agentIdentity(agent: AgentComponent): { name: string; id: string } {
  if (agent.name !== "") return { name: agent.name, id: agent.id };
  return { name: agent.fileName, id: `${agent.id}${agent.fileName}` };
}
