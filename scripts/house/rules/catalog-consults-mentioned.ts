import { catalog } from "../../catalog/index.ts";
import type { Rule } from "../../core/types.ts";
import { generationFor } from "./generation.ts";

export const catalogConsultsMentioned: Rule = {
  id: "catalog-consults-mentioned",
  severity: "warning",
  description:
    "Each specialist's body names, fully qualified, every skill the catalog says it consults, so the roster and the agent agree.",
  consequence:
    "A specialist that does not name a skill the catalog says it consults never loads it, so the roster promises knowledge the agent does not use.",
  check({ project, report }) {
    if (!generationFor(project)) return;
    const plugin = project.plugins.find((p) => p.dir === "" && p.name === catalog.plugin.name);
    for (const specialist of catalog.specialists) {
      const agent = plugin?.agents.find((a) => a.name === specialist.name);
      if (!agent?.file.markdown) continue;
      for (const skill of specialist.consults) {
        const qualified = `${catalog.plugin.name}:${skill}`;
        if (!agent.file.markdown.body.includes(qualified)) {
          report({
            file: agent.file,
            at: { path: ["description"] },
            message: `the catalog says ${specialist.name} consults "${qualified}", but its body never names it`,
            hint: "tell the agent when to consult the skill, or change scripts/catalog/roster.ts",
          });
        }
      }
    }
  },
};
