import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { FileChange } from "./fixer.ts";

/**
 * The changes as one unified diff in git's format (renames as "rename from/to"), so that
 * `git apply` applies exactly what --fix would write. `prefix` puts the files where the reader
 * sees them (the folder given on the command line).
 */
export function unifiedDiff(changes: readonly FileChange[], prefix = ""): string {
  const at = (file: string) => (prefix ? `${prefix}/${file}` : file);
  let out = "";
  for (const change of changes) {
    const from = at(change.path);
    const to = at(change.to ?? change.path);
    out += `diff --git a/${from} b/${to}\n`;
    if (change.to !== undefined) {
      if (change.before === change.after) out += "similarity index 100%\n";
      out += `rename from ${from}\nrename to ${to}\n`;
    }
    if (change.before !== change.after)
      out += createTwoFilesPatch(`a/${from}`, `b/${to}`, change.before, change.after, undefined, undefined, {
        context: 3,
        headerOptions: FILE_HEADERS_ONLY,
      });
  }
  return out;
}
