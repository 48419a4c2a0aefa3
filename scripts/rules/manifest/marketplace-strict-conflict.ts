import type { Rule } from "../../core/types.ts";
import { at, entryAt, entryManifest, jsonObject, marketplacesData, resolveSource } from "./shared.ts";

const COMPONENT_FIELDS = ["commands", "agents", "skills", "hooks", "mcpServers", "lspServers", "outputStyles"];

export const marketplaceStrictConflict: Rule = {
  id: "marketplace-strict-conflict",
  severity: "error",
  description:
    "An entry with strict: false is the plugin's whole definition, so its plugin.json must not declare components too (the plugin installs, then fails to load).",
  consequence:
    'With strict: false the entry is the whole plugin definition: if plugin.json declares components too, the plugin installs and then fails to load with "conflicting manifests". `claude plugin validate` does not catch it.',
  check({ project, report }) {
    for (const marketplace of marketplacesData(project))
      for (const { index, entry, name } of marketplace.entries) {
        if (entry.strict !== false) continue;
        const source = resolveSource(marketplace, entry);
        if (source.kind !== "local" || entryAt(project, source.dir) !== "dir") continue;
        const file = entryManifest(project, source.dir);
        const manifest = jsonObject(file);
        if (!file || !manifest) continue;
        const declared = COMPONENT_FIELDS.filter((field) => manifest[field] !== undefined);
        if (declared.length === 0) continue;
        report({
          file: marketplace.file,
          at: { path: ["plugins", index, "strict"] },
          message: `entry has "strict": false but ${file.path} declares ${declared.map((f) => `"${f}"`).join(", ")}`,
          hint: `the plugin installs, then fails to load with "Plugin ${name ?? "…"} has conflicting manifests"; set "strict": true, or move the component fields into the entry and out of plugin.json`,
          related: declared.map((field) => at(file, [field], "key")),
        });
      }
  },
};
