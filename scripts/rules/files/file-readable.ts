import type { DiskIssue } from "../../core/disk.ts";
import type { Project, Rule } from "../../core/types.ts";

/** A disk problem matters when it hits a file Claude Code reads, or an entry inside a plugin folder. */
export function relevantIssue(project: Project, issue: DiskIssue): boolean {
  const file = project.byPath.get(issue.path);
  if (file) return file.loaded !== undefined || project.config.files === "all";
  if (issue.path === "") return true;
  return project.plugins.some((p) => p.dir === "" || issue.path === p.dir || issue.path.startsWith(`${p.dir}/`));
}

/** Where a tree-wide problem is reported: the first manifest, or the root itself. */
function treeAnchor(project: Project): string {
  return project.marketplace?.file.path ?? project.plugins.find((p) => p.manifest)?.manifest?.path ?? ".";
}

export const fileReadable: Rule = {
  id: "file-readable",
  severity: "error",
  description:
    "Files Claude Code reads can be read, are regular files, are valid UTF-8 text without NUL bytes, and stay under the 1 MiB Claude Code loads.",
  consequence:
    "Claude Code skips a component file over 1 MiB, cannot use a file it cannot read, and shows invalid bytes as replacement characters; a FIFO or device in a plugin stalls or breaks copying it on install.",
  check({ project, report }) {
    for (const issue of project.diskIssues) {
      if (!relevantIssue(project, issue)) continue;
      const file = project.byPath.get(issue.path);
      const component = file !== undefined && ["agent", "skill", "command", "output-style"].includes(file.kind);
      switch (issue.kind) {
        case "unreadable":
        case "special":
          report({ file: issue.path || treeAnchor(project), message: issue.detail });
          break;
        case "too-many-entries":
          report({ file: treeAnchor(project), message: issue.detail, severity: "warning" });
          break;
        case "too-large":
          report({ file: issue.path, message: issue.detail, severity: component ? "error" : "warning" });
          break;
        case "binary":
          if (file && file.kind !== "binary")
            report({
              file: issue.path,
              message: `${issue.detail}; Claude Code cannot read it as a ${file.kind === "markdown" || file.kind === "text" ? "text" : file.kind} file`,
            });
          break;
        case "encoding":
          report({
            file: issue.path,
            message: `${issue.detail}; invalid bytes were replaced while reading`,
            severity: component ? "error" : "warning",
          });
          break;
        default:
          break;
      }
    }
  },
};
