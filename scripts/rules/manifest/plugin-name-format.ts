import path from "node:path";
import type { Rule } from "../../core/types.ts";
import {
  anthropicOwned,
  isAnthropicCatalog,
  jsonObject,
  marketplacesData,
  pluginImpersonation,
  pluginNameProblem,
  resolveSource,
} from "./shared.ts";

export const pluginNameFormat: Rule = {
  id: "plugin-name-format",
  severity: "error",
  description:
    "Plugin names (plugin.json, marketplace entries, manifest-less folders) use only the plugin-id characters, so name@marketplace installs, do not pass as Anthropic's own, and are kebab-case, as the Claude.ai marketplace sync requires.",
  consequence:
    "A plugin name outside the plugin-id characters breaks the name@marketplace install record (Claude Code then lists no installed plugins at all); a name that passes as Anthropic's own fails `claude plugin validate` (which submission and CI checks run), though a local marketplace still installs it; a name that is not kebab-case loads but the Claude.ai marketplace sync rejects it.",
  check({ project, report }) {
    const marketplaces = marketplacesData(project);
    // Entries of a marketplace that is Anthropic's own (or may be) are Anthropic's plugins.
    const owned = anthropicOwned(project);
    const isAnthropic = (name: unknown) => owned !== "no" && isAnthropicCatalog(name);
    const anthropic = marketplaces.some((m) => isAnthropic(m.value.name));
    // Entries by the folder their local source names, resolved once rather than per plugin.
    type Listed = (typeof marketplaces)[number]["entries"][number];
    const byDir = new Map<string, Listed[]>();
    for (const marketplace of marketplaces)
      for (const listed of marketplace.entries) {
        const source = resolveSource(marketplace, listed.entry);
        if (source.kind === "local") byDir.set(source.dir, [...(byDir.get(source.dir) ?? []), listed]);
      }
    const entriesAt = (dir: string) => byDir.get(dir) ?? [];
    // An entry that installs this plugin from elsewhere (a git-subdir of this repository) carries the name too.
    const entryNames = new Set(marketplaces.flatMap((m) => m.entries.map((listed) => listed.name)));

    for (const plugin of project.plugins) {
      const manifest = jsonObject(plugin.manifest);
      if (plugin.manifest && manifest && typeof manifest.name === "string") {
        const name = manifest.name;
        const problem = pluginNameProblem(name, "plugin name");
        if (problem) report({ file: plugin.manifest, at: { path: ["name"] }, ...problem });
        // As the CLI: an entry's own name is checked on the entry; plugin.json only when it says something else.
        const entries = entriesAt(plugin.dir);
        if (!((entries.length > 0 && (anthropic || entries.some((e) => e.name === name))) || entryNames.has(name))) {
          const impersonation = pluginImpersonation(name, "plugin name");
          if (impersonation) report({ file: plugin.manifest, at: { path: ["name"] }, ...impersonation });
        }
        continue;
      }
      // Without plugin.json a marketplace plugin takes its entry name (checked below); one loaded
      // with --plugin-dir takes its folder name, which the user may rename: warnings only.
      if (plugin.manifest || plugin.marketplaceEntry !== undefined || project.componentFolder) continue;
      const folder = plugin.dir === "" ? path.basename(project.root) : path.posix.basename(plugin.dir);
      const problem = pluginNameProblem(folder, "folder name");
      if (!problem) continue;
      report({
        file: plugin.dir === "" ? "." : plugin.dir,
        severity: problem.severity === "error" ? "warning" : "note",
        message: `${problem.message}, and without .claude-plugin/plugin.json the folder name is the plugin name`,
        hint: `add .claude-plugin/plugin.json with a kebab-case "name", or rename the folder; ${problem.hint}`,
      });
    }

    for (const marketplace of marketplaces)
      for (const { index, name } of marketplace.entries) {
        if (name === undefined) continue;
        const at = { path: ["plugins", index, "name"] };
        const problem = pluginNameProblem(name, "plugin name");
        if (problem) report({ file: marketplace.file, at, ...problem });
        const impersonation = isAnthropicCatalog(marketplace.value.name)
          ? undefined
          : pluginImpersonation(name, "plugin name");
        if (impersonation) report({ file: marketplace.file, at, ...impersonation });
        // Claude Desktop's own limit, warned by `claude plugin validate` 2.1.330.
        if (name.length > 128 && problem?.severity !== "error") {
          report({
            file: marketplace.file,
            at,
            severity: "warning",
            message: `plugin name has ${name.length} characters, more than the 128 Claude Desktop accepts`,
            hint: "the Claude Desktop managed marketplace sync drops this entry; shorten the name",
          });
        }
      }
  },
};
