import type { Rule } from "../../core/types.ts";

const TEXT_EXTENSIONS =
  /\.(md|markdown|json|jsonc|ya?ml|toml|py|ts|tsx|js|mjs|cjs|sh|bash|txt|cfg|ini|html?|css|sql|graphql|gql)$/i;

export const fileReadable: Rule = {
  id: "file-readable",
  severity: "error",
  description:
    "Text files can be read, are valid UTF-8, are not binary, and stay under the 1 MiB size Claude Code loads.",
  check({ project, report }) {
    for (const issue of project.diskIssues) {
      const component = /\.(md|json)$/i.test(issue.path);
      switch (issue.kind) {
        case "unreadable":
        case "too-many-entries":
          report({ file: issue.path, message: issue.detail });
          break;
        case "too-large":
          report({ file: issue.path, message: issue.detail, severity: component ? "error" : "warning" });
          break;
        case "binary":
          if (TEXT_EXTENSIONS.test(issue.path))
            report({
              file: issue.path,
              message: `${issue.detail}; a ${issue.path.split(".").pop()} file must be text`,
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
