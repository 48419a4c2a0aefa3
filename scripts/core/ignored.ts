import picomatch from "picomatch";
import type { Project } from "./types.ts";

/** Globs longer than this are not compiled: a crafted pattern must not cost more than a plain path. */
const MAX_GLOB_LENGTH = 512;

/**
 * A matcher that says whether a path, or any folder above it, matches one of the globs (a
 * folder's glob hides everything below it). picomatch compiles globs to linear regular
 * expressions; overlong patterns are dropped.
 */
export function globMatcher(globs: readonly unknown[]): (relative: string) => boolean {
  const usable = globs.filter((g): g is string => typeof g === "string" && g.length > 0 && g.length <= MAX_GLOB_LENGTH);
  if (usable.length === 0) return () => false;
  const match = picomatch(usable, { dot: true });
  return (relative) => {
    const segments = relative.split("/");
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join("/");
      if (match(prefix) || match(`${prefix}/x`)) return true;
    }
    return false;
  };
}

/**
 * True when a path lies where the reader did not look (node_modules, .git, configured ignores):
 * whether it exists cannot be known from the project.
 */
export function isIgnored(project: Project, relative: string): boolean {
  return project.index.tree.ignored(relative);
}
