import type { PluginBudget } from "../api.ts";

function pad(value: string, width: number, right = false): string {
  return right ? value.padStart(width) : value.padEnd(width);
}

/** The --budget table: always-on and on-invoke tokens per component, as `claude plugin details` estimates them. */
export function budgetTable(budgets: readonly PluginBudget[]): string {
  const lines: string[] = [];
  for (const { plugin, components, alwaysOn, limits } of budgets) {
    lines.push(`Token budget for ${plugin} (characters / 4)`);
    const nameWidth = Math.max(9, ...components.map((c) => c.name.length));
    lines.push(
      `  ${pad("component", nameWidth)}  ${pad("kind", 7)}  ${pad("always-on", 9, true)}  ${pad("on-invoke", 9, true)}`,
    );
    for (const c of [...components].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))) {
      const overAlways = c.alwaysOn > limits.alwaysOnPerComponent ? " !" : "";
      const overInvoke = c.onInvoke > limits.onInvoke[c.kind] ? " !" : "";
      lines.push(
        `  ${pad(c.name, nameWidth)}  ${pad(c.kind, 7)}  ${pad(`${c.alwaysOn}${overAlways}`, 9, true)}  ${pad(`${c.onInvoke}${overInvoke}`, 9, true)}`,
      );
    }
    lines.push(
      `  always-on total: ${alwaysOn} tokens (budget ${limits.alwaysOnPerPlugin}; per component ${limits.alwaysOnPerComponent}; on invoke agent ${limits.onInvoke.agent}, skill ${limits.onInvoke.skill}, command ${limits.onInvoke.command})`,
    );
    lines.push("");
  }
  return lines.join("\n");
}
