import type { Rule } from "../../core/types.ts";
import { closest } from "../../core/text.ts";
import { asObject, marketplacesData, PLUGIN_ID } from "./shared.ts";

/** Claude Code follows at most this many renames. */
const MAX_CHAIN = 16;
/** "Did you mean" hints per marketplace: each one compares a name with every listed plugin. */
const MAX_SUGGESTIONS = 100;

type Resolution =
  | { kind: "renamed"; to: string }
  | { kind: "removed" }
  | { kind: "unresolved"; reason: "cycle" | "target-missing" | "chain-too-deep"; chain: string[] };

/** Follows a rename as Claude Code 2.1.330 does: renames keys first, then plugin names, null ends it. */
function resolve(from: string, renames: Record<string, unknown>, names: ReadonlySet<string>): Resolution {
  const seen = new Set<string>();
  const chain: string[] = [];
  let current = from;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    chain.push(current);
    if (seen.has(current)) return { kind: "unresolved", reason: "cycle", chain };
    seen.add(current);
    const next = Object.hasOwn(renames, current) ? renames[current] : undefined;
    if (next === undefined)
      return names.has(current)
        ? { kind: "renamed", to: current }
        : { kind: "unresolved", reason: "target-missing", chain };
    if (next === null) return { kind: "removed" };
    if (typeof next !== "string") return { kind: "removed" }; // a wrong type is the schema's finding
    current = next;
  }
  return { kind: "unresolved", reason: "chain-too-deep", chain };
}

export const marketplaceRenames: Rule = {
  id: "marketplace-renames",
  severity: "error",
  description:
    "Every marketplace `renames` chain ends at a listed plugin (or null for a removed one) without looping, so installed plugins can follow their new name.",
  consequence:
    "An installed plugin follows its marketplace's renames chain to the new name; a chain that ends at a missing plugin or loops leaves it stranded (`claude plugin validate` fails the chain).",
  check({ project, report }) {
    for (const marketplace of marketplacesData(project)) {
      const renames = asObject(marketplace.value.renames);
      if (!renames) continue;
      const names = new Set(marketplace.entries.map((e) => e.name).filter((n): n is string => n !== undefined));
      let suggestions = 0;
      for (const from of Object.keys(renames)) {
        const at = { path: ["renames", from] };
        const result = resolve(from, renames, names);
        if (result.kind === "removed") continue;
        if (result.kind === "renamed") {
          if (!PLUGIN_ID.test(result.to))
            report({
              file: marketplace.file,
              at,
              message: `renames "${from}" ends at "${result.to}", which is not a valid plugin id`,
              hint: 'rename the target plugin to letters, digits, ".", "_" and "-"',
            });
          continue;
        }
        const path = result.chain.map((n) => `"${n}"`).join(" → ");
        if (result.reason === "cycle") {
          report({
            file: marketplace.file,
            at,
            message: `renames chain ${path} loops`,
            hint: "Claude Code follows renames keys before plugin names; end the chain at a listed plugin that is not itself a renames key, or at null for a removed plugin",
          });
        } else if (result.reason === "chain-too-deep") {
          report({
            file: marketplace.file,
            at,
            message: `renames chain from "${from}" is longer than ${MAX_CHAIN} steps`,
            hint: "Claude Code stops following it; point old names straight at the current name",
          });
        } else {
          const target = result.chain[result.chain.length - 1]!;
          const suggestion = suggestions++ < MAX_SUGGESTIONS ? closest(target, names) : undefined;
          report({
            file: marketplace.file,
            at,
            message: `renames chain ${path} does not resolve: no plugin "${target}" in the marketplace`,
            hint: suggestion
              ? `did you mean "${suggestion}"?`
              : 'name a plugin listed in "plugins", or use null for a removed plugin',
          });
        }
      }
    }
  },
};
