import { frontmatter } from "../core/frontmatter.ts";
import type { FileKind, Project, SourceFile } from "../core/types.ts";

export { frontmatter, listField } from "../core/frontmatter.ts";

export const JSON_KINDS: ReadonlySet<FileKind> = new Set([
  "plugin-manifest",
  "marketplace",
  "hooks",
  "mcp",
  "lsp",
  "json",
]);

export function stringField(file: SourceFile, key: string): string | undefined {
  const value = frontmatter(file)?.[key];
  return typeof value === "string" ? value : undefined;
}

/** Offset of the first occurrence of needle inside a frontmatter key's value, for precise columns. */
export function offsetInFrontmatter(file: SourceFile, key: string, needle: string): number | undefined {
  const fm = file.markdown?.frontmatter;
  if (!fm) return undefined;
  const keyAt = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`, "m").exec(fm.raw);
  if (!keyAt) return undefined;
  const from = keyAt.index;
  const end = fm.raw.slice(from).search(/\n(?=\S)/);
  const region = fm.raw.slice(from, end === -1 ? undefined : from + end + 1);
  const at = region.indexOf(needle);
  return at === -1 ? undefined : fm.offset + from + at;
}

export function pluginOf(project: Project, file: SourceFile) {
  return file.plugin === undefined ? undefined : project.plugins[file.plugin];
}

/** Path of a file relative to its plugin folder. */
export function pluginRelative(project: Project, file: SourceFile): string {
  const plugin = pluginOf(project, file);
  if (!plugin || plugin.dir === "") return file.path;
  return file.path.slice(plugin.dir.length + 1);
}

/** Every path on disk that starts with a prefix (core keeps the paths sorted for it). */
export function entriesUnder(project: Project, prefix: string): string[] {
  return project.index.tree.entriesUnder(prefix);
}

/** A path on disk that differs only in letter case (found on macOS and Windows, not on Linux). */
export function caseTwin(project: Project, relative: string): string | undefined {
  return project.index.tree.caseTwin(relative);
}
