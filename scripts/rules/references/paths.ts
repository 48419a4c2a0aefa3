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
  if (project.index.tree.unreadable().some((path) => path === relative || path.startsWith(`${relative}/`))) return true;
  return isIgnored(project, relative);
}

/** Entries of one folder (files and folders), by name, for did-you-mean hints. */
export function siblings(project: Project, dir: string): string[] {
  return project.index.tree.siblings(dir);
}

/** True when `relative` (normalized) lies inside `dir` ("" = the root). */
export function inside(dir: string, relative: string): boolean {
  if (relative === ".." || relative.startsWith("../")) return false;
  return dir === "" || relative === dir || relative.startsWith(`${dir}/`);
}

export function normalize(relative: string): string {
  const normalized = posix.normalize(relative).replace(/(?<!\/)\/+$/, "");
  return normalized === "." ? "" : normalized;
}

export { caseTwin } from "../util.ts";
