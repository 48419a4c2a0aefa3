import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { afterEach } from "vitest";
import { HOSTILE_CASES } from "../../scripts/bench/hostile-cases.ts";
import { tempDir } from "../helpers/repo.ts";

/**
 * Temporary folders for one test file's hostile trees, removed after each test. Call it at the
 * top level of the file: modules are shared between files (isolate: false), so the hook is
 * registered by the call, not by importing this module.
 */
export function useHostileFolders(): {
  folder: () => string;
  built: (id: string) => string;
  tracked: (dir: string) => string;
} {
  const made: string[] = [];
  afterEach(() => {
    // rm -rf removes trees deeper than PATH_MAX, which fs.rmSync cannot reach.
    for (const dir of made.splice(0))
      if (process.platform !== "win32") execFileSync("rm", ["-rf", dir]);
      else fs.rmSync(dir, { recursive: true, force: true });
  });
  /** A folder made elsewhere (a repository copy), removed with the others. */
  const tracked = (dir: string): string => {
    made.push(dir);
    return dir;
  };
  const folder = (): string => tracked(tempDir("mars-hostile-"));
  /** A folder holding the tree of one of the reproductions (scripts/bench/hostile-cases.ts). */
  const built = (id: string): string => {
    const hostile = HOSTILE_CASES.find((c) => c.id === id);
    if (!hostile) throw new Error(`no hostile case ${id}`);
    const dir = folder();
    hostile.build(dir);
    return dir;
  };
  return { folder, built, tracked };
}
