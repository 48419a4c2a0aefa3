import type { Catalog } from "../../catalog/index.ts";
import { capitalize, cell, firstSentence, ownerText, qualified } from "./shared.ts";

export interface OrchestratorInput {
  catalog: Catalog;
  /** Specialist descriptions as their agent files state them. */
  descriptions: ReadonlyMap<string, string>;
}

export function renderTools({ catalog }: OrchestratorInput): string {
  const allowlist = catalog.specialists.map((s) => `${catalog.plugin.name}:${s.name}`).join(", ");
  return `tools: Read, Grep, Glob, Write, TodoWrite, Agent(${allowlist})\n`;
}

export function renderRoster({ catalog, descriptions }: OrchestratorInput): string {
  const lines = ["| Specialist | Role | Use when | Consults |", "| --- | --- | --- | --- |"];
  for (const s of catalog.specialists) {
    const role = firstSentence(descriptions.get(s.name) ?? "");
    lines.push(
      `| ${qualified(catalog, s.name)} | ${cell(role)} | ${cell(s.useWhen)} | ${s.consults.map((k) => qualified(catalog, k)).join(", ")} |`,
    );
  }
  lines.push("", `Capability groups: ${catalog.groups.map((g) => `**${g.name}** (${g.covers})`).join("; ")}.`);
  lines.push(
    `Moons: ${catalog.moons.map((m) => `**${m.name}**, ${m.surface} (${m.specialists.map((n) => qualified(catalog, n)).join(", ")})`).join("; ")}.`,
  );
  return `${lines.join("\n")}\n`;
}

/** Compact: owner and action per step, planet handoffs on one line; the commands carry outputs and checks in full. */
export function renderWorkflows({ catalog }: OrchestratorInput): string {
  const lines: string[] = [];
  for (const w of catalog.workflows) {
    const command = w.command ? ` (\`/${catalog.plugin.name}:${w.command.name}\`)` : "";
    lines.push(`**${w.title}**${command}: ${w.appliesTo}.`);
    let n = 0;
    const handoffs: string[] = [];
    for (const step of w.steps) {
      if (step.owner.kind === "planet") {
        handoffs.push(
          `${ownerText(catalog, step.owner).replace(/ \(.*\)$/, "")}${step.when ? ` (when ${step.when})` : ""}`,
        );
        continue;
      }
      const flags = [step.when ? `when ${step.when}` : "", step.parallel ? "parallel" : ""].filter(Boolean).join("; ");
      const owner =
        step.owner.kind === "framework"
          ? step.owner.names.map((name) => qualified(catalog, name)).join("/")
          : ownerText(catalog, step.owner);
      lines.push(
        `${++n}. ${owner}${flags ? ` (${flags})` : ""}: ${step.label ?? step.does}${step.gate ? ` [gate: ${step.gate}]` : ""}`,
      );
    }
    if (handoffs.length) lines.push(`Handoffs: ${handoffs.join(", ")}.`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

export function renderPlanets({ catalog }: OrchestratorInput): string {
  const lines = [
    "| Planet | Owns (decline or hand off) | Receives in `.mars/handoffs/<planet>.md` |",
    "| --- | --- | --- |",
  ];
  for (const p of catalog.planets)
    lines.push(`| ${p.title} (\`${p.name}:\`) | ${cell(p.owns)} | ${cell(p.receives)} |`);
  return `${lines.join("\n")}\n`;
}

export function renderProtocol({ catalog }: OrchestratorInput): string {
  return [
    `Approval gates (stop and ask before): ${catalog.approvalGates.join("; ")}.`,
    "",
    `Every brief states: ${catalog.brief.join("; ")}.`,
    "",
    `Final report sections: ${catalog.report.map(capitalize).join("; ")}.`,
    "",
  ].join("\n");
}

export const orchestratorRegions = {
  tools: renderTools,
  roster: renderRoster,
  workflows: renderWorkflows,
  planets: renderPlanets,
  protocol: renderProtocol,
} as const;
