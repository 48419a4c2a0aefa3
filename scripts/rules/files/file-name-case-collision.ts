import type { Rule } from "../../core/types.ts";

export const fileNameCaseCollision: Rule = {
  id: "file-name-case-collision",
  severity: "error",
  description: "No two paths differ only in letter case: on macOS and Windows one of them would be lost.",
  consequence:
    "On macOS and Windows, where file names ignore case, one of the two files overwrites the other when the plugin is installed.",
  check({ project, report }) {
    const byLower = new Map<string, string>();
    const inPlugin = (path: string) => project.plugins.some((p) => p.dir === "" || path.startsWith(`${p.dir}/`));
    for (const path of [...project.entries].sort()) {
      if (!inPlugin(path)) continue;
      const lower = path.toLowerCase();
      const first = byLower.get(lower);
      if (first === undefined) byLower.set(lower, path);
      else
        report({
          file: path,
          message: `"${path}" differs from "${first}" only in letter case`,
          related: [{ file: first, start: { line: 1, column: 1 } }],
        });
    }
  },
};
