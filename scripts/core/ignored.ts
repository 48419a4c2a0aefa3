import picomatch from "picomatch";
import { ALWAYS_IGNORED } from "./disk.ts";
import type { Project } from "./types.ts";

const matchers = new WeakMap<Project, (path: string) => boolean>();

/**
 * True when a path lies where the reader did not look (node_modules, .git, configured ignores):
 * whether it exists cannot be known from the project. A folder's glob hides everything below it.
 */
export function isIgnored(project: Project, relative: string): boolean {
  let match = matchers.get(project);
  if (!match) {
    match = picomatch([...ALWAYS_IGNORED, ...project.config.ignore.filter((glob) => typeof glob === "string")], {
      dot: true,
    });
    matchers.set(project, match);
  }
  const segments = relative.split("/");
  for (let i = 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join("/");
    if (match(prefix) || match(`${prefix}/x`)) return true;
  }
  return false;
}
