import type { Rule } from "../../core/types.ts";

export const symlinkContained: Rule = {
  id: "symlink-contained",
  severity: "error",
  description: "Symbolic links stay inside the validated folder and do not loop; they are never followed out of it.",
  check({ project, report }) {
    for (const issue of project.diskIssues) {
      if (issue.kind === "symlink-outside" || issue.kind === "symlink-loop")
        report({
          file: issue.path,
          message: issue.detail,
          hint: "a plugin is copied on install; ship the file itself",
        });
    }
  },
};
