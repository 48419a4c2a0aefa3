import type { Rule } from "../../core/types.ts";
import { at, marketplacesData } from "./shared.ts";

export const marketplacePluginUnique: Rule = {
  id: "marketplace-plugin-unique",
  severity: "error",
  description:
    "No two marketplace entries share a name: the name is the install id, so only one of them could ever be installed.",
  consequence:
    "Users install name@marketplace, so of two entries with one name only the first can ever be installed; `claude plugin validate` fails the marketplace.",
  check({ project, report }) {
    for (const marketplace of marketplacesData(project)) {
      const byName = new Map<string, number[]>();
      for (const { index, name } of marketplace.entries) {
        if (name === undefined || name === "") continue;
        byName.set(name, [...(byName.get(name) ?? []), index]);
      }
      for (const [name, indexes] of byName) {
        if (indexes.length < 2) continue;
        const first = indexes[0]!;
        for (const index of indexes) {
          const others = index === first ? indexes.slice(1) : [first];
          report({
            file: marketplace.file,
            at: { path: ["plugins", index, "name"] },
            message: `duplicate plugin name "${name}" in the marketplace (entries ${indexes.map((i) => `plugins[${i}]`).join(", ")})`,
            hint: "users install name@marketplace, so only one entry can be reached; rename or remove the others",
            related: others.map((other) => at(marketplace.file, ["plugins", other, "name"])),
          });
        }
      }
    }
  },
};
