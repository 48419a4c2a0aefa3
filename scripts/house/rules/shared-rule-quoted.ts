import { catalog } from "../../catalog/index.ts";
import type { Rule } from "../../core/types.ts";
import { catalogAnchor, marsPlugin } from "../model/disk.ts";

/** Markdown wraps lines and may wrap names in backticks; neither changes the rule. */
function normalize(text: string): string {
  return text.replace(/`/g, "").replace(/\s+/g, " ");
}

export const sharedRuleQuoted: Rule = {
  id: "shared-rule-quoted",
  severity: "error",
  description:
    "A rule the catalog states once (when to split a service, where side effects after commit go) appears word for word in every file that applies it, so no two files give different answers.",
  consequence:
    "A rule the plugin states in several files (when to split a service, side effects after commit) must read the same everywhere, or agents give users contradicting advice.",
  check({ project, report }) {
    if (!marsPlugin(project)) return;
    for (const rule of catalog.sharedRules) {
      const wanted = normalize(rule.text);
      for (const path of rule.files) {
        const file = project.byPath.get(path);
        if (!file) {
          report({
            ...catalogAnchor(project, `id: "${rule.id}"`),
            message: `the ${rule.id} rule lists ${path}, which does not exist`,
          });
          continue;
        }
        if (normalize(file.text).includes(wanted)) continue;
        const head = rule.text.slice(0, rule.text.indexOf(":") + 1);
        const at = file.text.indexOf(head);
        report({
          file,
          ...(at !== -1 ? { at: { offset: at, length: head.length } } : {}),
          message:
            at !== -1
              ? `the ${rule.id} rule here differs from the catalog's wording`
              : `${path} does not state the ${rule.id} rule the catalog gives it`,
          hint: `quote the rule from scripts/catalog/index.ts (sharedRules "${rule.id}") word for word`,
        });
      }
    }
  },
};
