import fs from "node:fs";
import path from "node:path";
import { inspectTarget } from "../generate/files.ts";
import { WriteError, writeAll, type WriteFs } from "../generate/write.ts";
import type { FileChange } from "./fixer.ts";

export { WriteError };

/**
 * Writes what the fixes changed, as the generator writes: every edited file through a temporary
 * sibling and a rename, all or none, never through a link, keeping its mode, and only if it still
 * holds what the fixer read. Then each renamed file gets its new name in its own folder (a rename
 * keeps the file, so its mode too); a name that another file holds now stops the run.
 */
export function writeChanges(root: string, changes: readonly FileChange[], fsys?: WriteFs): void {
  const edited = changes.filter((change) => change.before !== change.after);
  writeAll(
    root,
    edited.map((change) => ({ path: change.path, content: change.after, before: change.before })),
    fsys,
  );
  const realRoot = fs.realpathSync(root);
  for (const change of changes) {
    if (change.to === undefined) continue;
    const from = inspectTarget(realRoot, change.path);
    if (from.problem || !from.file)
      throw new WriteError(`${change.path} was not renamed: ${from.problem ?? "it is gone"}`);
    const to = inspectTarget(realRoot, change.to);
    if (to.problem) throw new WriteError(`${change.path} was not renamed: ${to.problem}`);
    if (to.missingFolders.length > 0)
      throw new WriteError(`${change.path} was not renamed: the folder of ${change.to} is gone`);
    // On a case-insensitive disk the new name finds the file itself; any other file stops the rename.
    if (to.file && (to.file.ino !== from.file.ino || to.file.dev !== from.file.dev))
      throw new WriteError(`${change.path} was not renamed: ${change.to} exists`);
    fs.renameSync(path.join(realRoot, change.path), path.join(realRoot, change.to));
  }
}
