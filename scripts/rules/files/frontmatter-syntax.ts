import type { Rule } from "../../core/types.ts";

export const frontmatterSyntax: Rule = {
  id: "frontmatter-syntax",
  severity: "error",
  description:
    "Frontmatter is a YAML mapping Claude Code can read: one finding per block that even its lenient retry cannot read, duplicate keys, and values the loader cuts short.",
  consequence:
    'When the YAML fails even Claude Code\'s lenient retry, every field is dropped: an agent is listed as "Agent from <plugin> plugin" with all tools and the session\'s model. A duplicate key keeps only its last value; "---" or " #" inside a value cuts the value there. Frontmatter only the retry can read loads, but other YAML tools fail on it (a note).',
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
