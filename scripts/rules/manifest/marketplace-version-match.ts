import type { Rule } from "../../core/types.ts";
import { entryAt, entryManifest, jsonObject, marketplacesData, resolveSource, at } from "./shared.ts";

export const marketplaceVersionMatch: Rule = {
  id: "marketplace-version-match",
  severity: "warning",
  description:
    "A local marketplace entry agrees with its plugin.json on version (plugin.json wins at install; `claude plugin tag` refuses a mismatch) and on name (users install the entry name).",
  consequence:
    "At install plugin.json's version wins over the entry's, so the marketplace shows one version and installs another; `claude plugin tag` refuses to tag. A different entry name is the name users must install.",
  check({ project, report }) {
    for (const marketplace of marketplacesData(project))
      for (const { index, entry, name } of marketplace.entries) {
        const source = resolveSource(marketplace, entry);
        if (source.kind !== "local" || entryAt(project, source.dir) !== "dir") continue;
        const file = entryManifest(project, source.dir);
        const manifest = jsonObject(file);
        if (!file || !manifest) continue;
        if (
          typeof entry.version === "string" &&
          typeof manifest.version === "string" &&
          entry.version !== manifest.version
        ) {
          report({
            file: marketplace.file,
            at: { path: ["plugins", index, "version"] },
            // Entries that all carry one version (the marketplace's, copied to each) are one habit.
            group: `version|${marketplace.file.path}|${entry.version}`,
            message: `entry version "${entry.version}" differs from "${manifest.version}" in ${file.path}`,
            hint: "plugin.json wins at install time and `claude plugin tag` refuses to tag; make them equal or remove the entry version",
            related: [at(file, ["version"])],
          });
        }
        if (name !== undefined && typeof manifest.name === "string" && manifest.name !== "" && name !== manifest.name) {
          report({
            file: marketplace.file,
            at: { path: ["plugins", index, "name"] },
            message: `entry name "${name}" differs from "${manifest.name}" in ${file.path}`,
            hint: `users install it as "${name}", not as "${manifest.name}"; use one name in both places`,
            related: [at(file, ["name"])],
          });
        }
      }
  },
};
