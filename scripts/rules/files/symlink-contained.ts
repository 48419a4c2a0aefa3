import type { Rule } from "../../core/types.ts";
import { relevantIssue } from "./file-readable.ts";

export const symlinkContained: Rule = {
  id: "symlink-contained",
  severity: "error",
  description:
    "Symbolic links inside a plugin stay inside the validated folder and do not loop; they are never followed out of it.",
  consequence:
    "A plugin is copied or read in place on install; a link to a file outside it points at nothing on the user's machine (or at the user's own files), and a looping link cannot be copied.",
  check({ project, report }) {
    for (const issue of project.diskIssues) {
      if ((issue.kind === "symlink-outside" || issue.kind === "symlink-loop") && relevantIssue(project, issue))
        report({
          file: issue.path,
          message: issue.detail,
          hint: "a plugin is copied on install; ship the file itself",
        });
    }
  },
};
