import path from "node:path";
import { isIgnored } from "../../core/ignored.ts";
import type { Project } from "../../core/types.ts";

const posix = path.posix;

/** Folders the reader never lists (core ALWAYS_IGNORED) plus ones that are created at run time, never shipped. */
const UNLISTED_SEGMENTS = new Set(["node_modules", ".git", ".cache", ".venv", "venv", "__pycache__"]);

/**
 * True when the path exists on disk as the reader saw it, or lies where the reader does not look
 * (ignored globs, node_modules...), so its existence cannot be decided and nothing is reported.
 */
export function existsOrUnknown(project: Project, relative: string): boolean {
  if (relative === "" || project.entries.has(relative) || project.dirs.has(relative)) return true;
  if (relative.split("/").some((segment) => UNLISTED_SEGMENTS.has(segment))) return true;
  // Files the reader could not read (or links it did not follow) still exist.
  if (unreadable(project).some((path) => path === relative || path.startsWith(`${relative}/`))) return true;
  return isIgnored(project, relative);
}

const folders = new WeakMap<Project, Map<string, string[]>>();

/** Entries of one folder (files and folders), by name, for did-you-mean hints; indexed once per project. */
export function siblings(project: Project, dir: string): string[] {
  let byFolder = folders.get(project);
  if (!byFolder) {
    byFolder = new Map();
    for (const set of [project.entries, project.dirs])
      for (const entry of set) {
        if (entry === "") continue;
        const parent = posix.dirname(entry) === "." ? "" : posix.dirname(entry);
        const names = byFolder.get(parent) ?? [];
        names.push(posix.basename(entry));
        byFolder.set(parent, names);
      }
    folders.set(project, byFolder);
  }
  return [...new Set(byFolder.get(dir) ?? [])];
}

const unreadableCache = new WeakMap<Project, string[]>();

function unreadable(project: Project): string[] {
  let paths = unreadableCache.get(project);
  if (!paths) unreadableCache.set(project, (paths = project.diskIssues.map((issue) => issue.path)));
  return paths;
}

/** True when `relative` (normalized) lies inside `dir` ("" = the root). */
export function inside(dir: string, relative: string): boolean {
  if (relative === ".." || relative.startsWith("../")) return false;
  return dir === "" || relative === dir || relative.startsWith(`${dir}/`);
}

export function normalize(relative: string): string {
  const normalized = posix.normalize(relative).replace(/\/+$/, "");
  return normalized === "." ? "" : normalized;
}

export { caseTwin } from "../util.ts";
