import type { Rule } from "../../core/types.ts";

export const frontmatterSyntax: Rule = {
  id: "frontmatter-syntax",
  severity: "error",
  description:
    "Frontmatter is a YAML mapping that parses without Claude Code's lenient retry, with no duplicate keys and no text the loader silently drops.",
  check({ project, report }) {
    for (const file of project.files) {
      if (!file.markdown?.frontmatter || file.kind === "markdown") continue;
      for (const issue of file.parseIssues)
        report({
          file,
          at: { offset: issue.offset, length: issue.length },
          message: issue.message,
          severity: issue.severity,
        });
    }
  },
};
