import { COMPONENT_LIMIT, type DiskIssue } from "../../core/disk.ts";
import type { Project, Rule } from "../../core/types.ts";

const TEXT_EXTENSIONS =
  /\.(?:md|markdown|json|jsonc|ya?ml|toml|py|ts|tsx|js|mjs|cjs|sh|bash|txt|cfg|ini|html?|css|sql|graphql|gql)$/i;

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
          // Only component files have Claude Code's 1 MiB limit; a bundled server or a data file
          // over it works, and only this check could not read it.
          if (component) report({ file: issue.path, message: issue.detail });
          else
            report({
              file: issue.path,
              severity: "note",
              message: `${issue.detail.endsWith(COMPONENT_LIMIT) ? issue.detail.slice(0, -COMPONENT_LIMIT.length) : issue.detail}, so it was not checked`,
            });
          break;
        case "binary":
          // NUL bytes in a file whose name says text (or in a component) mean Claude reads garbage.
          if (file && (file.kind !== "binary" || TEXT_EXTENSIONS.test(issue.path)))
            report({ file: issue.path, message: `${issue.detail}; Claude Code cannot read it as text` });
          break;
        case "encoding":
          // Claude reads a component or a Markdown page as text; a data file (a fixture, a
          // Latin-1 CSV) is read by the scripts that ship it, which choose their own encoding.
          report({
            file: issue.path,
            message: `${issue.detail}; invalid bytes were replaced while reading`,
            severity: component
              ? "error"
              : file?.markdown || /\.(?:md|markdown)$/i.test(issue.path)
                ? "warning"
                : "note",
          });
          break;
        default:
          break;
      }
    }
  },
};
