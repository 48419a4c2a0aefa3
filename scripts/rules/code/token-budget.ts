import { pluginCosts, type ComponentCost } from "../../core/budget.ts";
import { DEFAULT_BUDGETS } from "../../core/config.ts";
import type { Anchor, Rule, SourceFile } from "../../core/types.ts";

/** The description key when the frontmatter has one, else the first body line the estimate falls back to. */
function descriptionAnchor(file: SourceFile): Anchor {
  const data = file.markdown?.frontmatter?.data;
  const value = data?.description;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return { path: ["description"] };
  return bodyAnchor(file);
}

/** The first non-blank character of the body. */
function bodyAnchor(file: SourceFile): Anchor {
  const start = file.markdown?.bodyOffset ?? 0;
  const lead = /^\s*/.exec(file.text.slice(start))?.[0].length ?? 0;
  return { offset: Math.min(start + lead, file.text.length) };
}

function what(cost: ComponentCost): string {
  return `${cost.kind} "${cost.name}"`;
}

export const tokenBudget: Rule = {
  id: "token-budget",
  severity: "warning",
  description:
    "Components and plugins stay within the configured token budgets, estimated as `claude plugin details` does (characters / 4): always-on text per component and per plugin, body text per invocation.",
  consequence:
    "Always-on text (names and descriptions) is sent in every session and a skill listing is cut past its budget; a skill body over 5,000 tokens loses its end when it is re-attached after compaction. The default budgets give notes; budgets set in .mars-validate.json give warnings.",
  check({ project, report: emit }) {
    const budgets = project.config.budgets;
    // The defaults mark what degrades a plugin anywhere (a note); budgets a repository sets are its own gate.
    const chosen = JSON.stringify(budgets) !== JSON.stringify(DEFAULT_BUDGETS);
    const report: typeof emit = (input) => emit({ severity: chosen ? "warning" : "note", ...input });
    for (const { plugin, components, alwaysOn } of pluginCosts(project)) {
      for (const cost of components) {
        if (cost.alwaysOn > budgets.alwaysOnPerComponent) {
          report({
            file: cost.file,
            at: descriptionAnchor(cost.file),
            message: `${what(cost)} costs ~${cost.alwaysOn} tokens always on, budget ${budgets.alwaysOnPerComponent}`,
            hint: "shorten the description (and when_to_use): keep the triggers, move details into the body",
          });
        }
        const limit = budgets.onInvoke[cost.kind];
        if (cost.onInvoke > limit) {
          report({
            file: cost.file,
            at: bodyAnchor(cost.file),
            message: `${what(cost)} costs ~${cost.onInvoke} tokens when invoked, budget ${limit}`,
            hint:
              cost.kind === "skill"
                ? "move detail into files under references/ that the body links to"
                : "cut the body, or move reference material into a skill the component consults",
          });
        }
      }
      if (alwaysOn > budgets.alwaysOnPerPlugin) {
        const first = components[0];
        const message = `plugin "${plugin.name}" costs ~${alwaysOn} tokens always on across ${components.length} components, budget ${budgets.alwaysOnPerPlugin}`;
        const hint = "shorten the longest descriptions, or split the plugin";
        if (plugin.manifest) report({ file: plugin.manifest, message, hint });
        else if (first) report({ file: first.file, at: descriptionAnchor(first.file), message, hint });
      }
    }
  },
};
