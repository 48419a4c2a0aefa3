import type { Rule } from "../../core/types.ts";

export const yamlSyntax: Rule = {
  id: "yaml-syntax",
  severity: "error",
  description: "YAML files (assets, eval cases) parse, without duplicate keys or alias bombs.",
  consequence:
    "A YAML file Claude or a script reads (an eval case, a config in a skill) that does not parse fails where it is used; `claude plugin eval` refuses a broken case.yaml.",
  check({ project, report }) {
    for (const file of project.files) {
      if (file.kind !== "yaml" && file.kind !== "eval-case") continue;
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
