import type { FileKind, Project, SourceFile } from "../core/types.ts";

export const COMPONENT_KINDS: ReadonlySet<FileKind> = new Set(["agent", "skill", "command"]);
export const JSON_KINDS: ReadonlySet<FileKind> = new Set([
  "plugin-manifest",
  "marketplace",
  "hooks",
  "mcp",
  "lsp",
  "json",
]);

export function filesOfKind(project: Project, ...kinds: FileKind[]): SourceFile[] {
  return project.files.filter((file) => kinds.includes(file.kind));
}

/** The parsed frontmatter mapping, or undefined when there is none or it could not be read. */
export function frontmatter(file: SourceFile): Record<string, unknown> | undefined {
  return file.markdown?.frontmatter?.data;
}

export function stringField(file: SourceFile, key: string): string | undefined {
  const value = frontmatter(file)?.[key];
  return typeof value === "string" ? value : undefined;
}

/** A frontmatter list field given as a comma/space separated string or a YAML list, split outside parentheses. */
export function listField(value: unknown): { item: string; index: number | undefined }[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) =>
      typeof item === "string" ? splitRules(item).map((i) => ({ item: i, index })) : [],
    );
  if (typeof value === "string") return splitRules(value).map((item) => ({ item, index: undefined }));
  return [];
}

/** Splits "Read, Bash(git diff:*) Agent(a, b)" on commas and spaces outside parentheses. */
export function splitRules(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === "," || /\s/.test(char))) {
      if (current) parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (current) parts.push(current);
  return parts;
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

const sortedEntries = new WeakMap<Project, string[]>();

/**
 * Every path on disk that starts with a prefix. Paths are sorted once per project, so the ones
 * sharing a prefix sit together and are found by binary search, not by a scan per plugin.
 */
export function entriesUnder(project: Project, prefix: string): string[] {
  let sorted = sortedEntries.get(project);
  if (!sorted) sortedEntries.set(project, (sorted = [...project.entries].sort()));
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

/** A path on disk that differs only in letter case (found on macOS and Windows, not on Linux). */
const lowerCased = new WeakMap<Project, Map<string, string>>();

export function caseTwin(project: Project, relative: string): string | undefined {
  let index = lowerCased.get(project);
  if (!index) {
    index = new Map();
    for (const set of [project.entries, project.dirs])
      for (const candidate of set)
        if (!index.has(candidate.toLowerCase())) index.set(candidate.toLowerCase(), candidate);
    lowerCased.set(project, index);
  }
  const twin = index.get(relative.toLowerCase());
  return twin === relative ? undefined : twin;
}
