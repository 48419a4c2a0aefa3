import type { Rule } from "../../core/types.ts";

export const marketplaceUnlistedPlugin: Rule = {
  id: "marketplace-unlisted-plugin",
  severity: "note",
  description:
    "A plugin folder inside a marketplace's tree is listed by one of its entries; the findings inside a plugin nobody lists are notes, since no user of the marketplace installs it.",
  consequence:
    "Users install only what marketplace.json lists: a plugin folder it leaves out (a forgotten entry, or a backup copy) never reaches them, so its problems cannot hurt them, and a forgotten plugin is never published.",
  check({ project, report }) {
    for (const plugin of project.plugins) {
      // Only a folder holding .claude-plugin/plugin.json is found unlisted, so the manifest is there.
      if (!plugin.unlisted || !plugin.manifest) continue;
      report({
        file: plugin.manifest,
        at: { line: 1 },
        group: "unlisted",
        message: `no marketplace.json lists plugin "${plugin.name}" (${plugin.dir}), so no user of the marketplace installs it; its findings are shown as notes`,
        hint: 'add an entry for it to .claude-plugin/marketplace.json, or add its folder to "ignore" in .mars-validate.json',
      });
    }
  },
};
