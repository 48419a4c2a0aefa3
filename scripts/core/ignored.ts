import { anyGlob } from "./glob.ts";
import type { Project } from "./types.ts";

/**
 * A matcher that says whether a path, or any folder above it, matches one of the globs (a
 * folder's glob hides everything below it). Globs that cannot be matched in bounded time are
 * left out (the config reports them, see globProblem).
 */
export function globMatcher(globs: readonly unknown[]): (relative: string) => boolean {
  if (!globs.some((g) => typeof g === "string" && g.length > 0)) return () => false;
  const match = anyGlob(globs);
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
