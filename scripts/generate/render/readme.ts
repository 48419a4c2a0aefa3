import type { PluginCost } from "../../core/budget.ts";
import type { RuleMeta } from "../../core/types.ts";
import { rulePagePath } from "../../docs/url.ts";
import { cell } from "./shared.ts";

export function renderInventory(costs: readonly PluginCost[], descriptions: ReadonlyMap<string, string>): string {
  const lines = ["| Component | Kind | What it does | Always-on | On invoke |", "| --- | --- | --- | ---: | ---: |"];
  const order = { agent: 0, skill: 1, command: 2 } as const;
  let total = 0;
  for (const cost of costs) {
    total += cost.alwaysOn;
    const components = [...cost.components].sort(
      (a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name),
    );
    for (const c of components) {
      const shown = c.kind === "command" ? `/${c.name}` : c.kind === "agent" ? `${cost.plugin.name}:${c.name}` : c.name;
      lines.push(
        `| \`${shown}\` | ${c.kind} | ${cell(descriptions.get(c.file.path) ?? "")} | ~${c.alwaysOn} | ~${c.onInvoke} |`,
      );
    }
  }
  lines.push(
    "",
    `Always-on total: ~${total} tokens (characters / 4, the estimate \`claude plugin details\` prints offline).`,
  );
  return `${lines.join("\n")}\n`;
}

export function renderRules(rules: readonly RuleMeta[]): string {
  const lines = ["| Rule | Default | Checks |", "| --- | --- | --- |"];
  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id)))
    lines.push(`| [\`${rule.id}\`](${rulePagePath(rule.id)}) | ${rule.severity} | ${cell(rule.description)} |`);
  return `${lines.join("\n")}\n`;
}
