import type { Condition } from "../../catalog/types.ts";
import type { Catalog, Step, Workflow } from "../../catalog/index.ts";
import {
  actsOnFindings,
  conditionTag,
  conditionText,
  findingsSource,
  orchestratorTools,
  sizeMeaning,
} from "../../catalog/model.ts";
import { capitalize, cell, firstSentence, qualified } from "./shared.ts";

export interface OrchestratorInput {
  catalog: Catalog;
  /** Specialist descriptions as their agent files state them. */
  descriptions: ReadonlyMap<string, string>;
}

function renderTools({ catalog }: OrchestratorInput): string {
  return `tools: ${orchestratorTools(catalog).join(", ")}\n`;
}

/** The role as the agent's description opens it, before the list of topics: "Designs GraphQL schemas for Strawberry/Ariadne". */
function role(description: string): string {
  const opening = firstSentence(description);
  return (/^.*?(?=: | - |; |\.$)/.exec(opening)?.[0] ?? opening).trim();
}

function renderRoster({ catalog, descriptions }: OrchestratorInput): string {
  // The skills each specialist consults are named in its own body and in every command step that
  // starts it, so the roster leaves them out (the orchestrator's body has a 10,000-character budget).
  const lines = ["| Specialist | Role; use when |", "| --- | --- |"];
  for (const s of catalog.specialists) {
    const opening = role(descriptions.get(s.name) ?? "");
    lines.push(`| ${qualified(catalog, s.name)} | ${cell(opening ? `${opening}; ${s.useWhen}` : s.useWhen)} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** One step in the decision table's notation: owner, mode where it is not the owner's usual one, [condition]. */
function stepToken(step: Step): string {
  const tag = conditionTag(step.when);
  const owner = step.owner.kind === "agent" ? step.owner.name : step.owner.kind === "framework" ? "framework" : "you";
  const mode = step.mode === "fix" ? " fix" : "";
  return `${owner}${mode}${tag ? ` [${tag}]` : ""}`;
}

/** A review that checks the step before it again, by the reviewer whose findings that step acted on. */
function isReReview(catalog: Catalog, workflow: Workflow, index: number): boolean {
  const step = workflow.steps[index]!;
  const before = workflow.steps[index - 1];
  if (step.mode !== "review" || !before || !actsOnFindings(catalog, before)) return false;
  const source = findingsSource(workflow, index - 1);
  return source !== undefined && JSON.stringify(workflow.steps[source]!.owner) === JSON.stringify(step.owner);
}

/** The steps of a workflow in order: "→" between groups, "∥" inside a parallel group, "↺" for a re-review. */
function stepChain(catalog: Catalog, workflow: Workflow): string {
  const parts: string[] = [];
  workflow.steps.forEach((step, i) => {
    if (step.owner.kind === "planet") return;
    if (isReReview(catalog, workflow, i)) {
      parts.push(" ↺");
      return;
    }
    const token = stepToken(step);
    if (parts.length === 0) parts.push(token);
    else parts.push(`${step.parallel ? " ∥ " : " → "}${token}`);
  });
  return parts.join("");
}

/** The single decision table: request signals, checked top-down, to the workflow and its steps. */
function renderWorkflows({ catalog }: OrchestratorInput): string {
  const lines = [
    "| # | Request signals (first match wins) | Workflow | Steps [only when] | Planet notes |",
    "| --- | --- | --- | --- | --- |",
    "| 0 | only work a planet owns (table below) | hand off | none | that planet's |",
  ];
  catalog.workflows.forEach((w, i) => {
    const command = w.command ? `\`/${catalog.plugin.name}:${w.command.name}\`` : w.title;
    const notes = new Set(w.steps.flatMap((s) => (s.owner.kind === "planet" ? [s.owner.name] : [])));
    const all = catalog.planets.filter((p) => p.when).every((p) => notes.has(p.name));
    // A row that notes only some planets says on which condition, as its steps do: "Uranus [auth]".
    const named = catalog.planets
      .filter((p) => notes.has(p.name))
      .map((p) => (p.when ? `${p.title} [${conditionTag(p.when)}]` : p.title));
    lines.push(
      `| ${i + 1} | ${cell(w.raises ? `${w.signals} (raises ${w.raises.join(", ")})` : w.signals)} | ${command} | ${cell(stepChain(catalog, w))} | ${all ? "yes" : named.join(", ") || "none"} |`,
    );
  });
  return `${lines.join("\n")}\n`;
}

function renderPlanets({ catalog }: OrchestratorInput): string {
  const lines = ["| Planet | Owns (decline or hand off) | Gets a note when |", "| --- | --- | --- |"];
  for (const p of catalog.planets) {
    // A workflow may widen a planet's condition (a federated GraphQL design notes Jupiter): say so once.
    const global = p.when ? conditionText(p.when) : "only as row 0: the whole request";
    const widened = new Set<string>();
    for (const workflow of catalog.workflows)
      for (const step of workflow.steps)
        if (step.owner.kind === "planet" && step.owner.name === p.name && step.when) {
          const extra = Object.fromEntries(
            Object.entries(step.when).filter(([key, value]) => p.when?.[key as keyof Condition] !== value),
          ) as Condition;
          if (Object.keys(extra).length)
            widened.add(`${workflow.domain?.join(", ") ?? workflow.id} rows also when ${conditionText(extra)}`);
        }
    const when = [global, ...widened].join("; ");
    // What each note holds is the command's to say, on its handoff step.
    lines.push(`| ${p.title} (\`${p.name}:\`) | ${cell(p.owns)} | ${cell(when)} |`);
  }
  return `${lines.join("\n")}\n`;
}

function renderProtocol({ catalog }: OrchestratorInput): string {
  return [
    `Approval gates (stop and ask before): ${catalog.approvalGates.map((g) => g.title).join("; ")}.`,
    "",
    `Every brief states: ${catalog.brief.join("; ")}.`,
    "",
    `Final report sections (unless the row's command names its own): ${catalog.report.map(capitalize).join("; ")}.`,
    "",
  ].join("\n");
}

/** Sizes and flags: the vocabulary every step condition is written in. */
function renderConditions({ catalog }: OrchestratorInput): string {
  const lines = ["| Size | Looks like |", "| --- | --- |"];
  for (const size of ["S", "M", "L"] as const) lines.push(`| ${size} | ${cell(sizeMeaning(catalog, size, true))} |`);
  lines.push(
    "",
    `Flags (mark each that holds): ${catalog.flagGroups
      .map((g) => `**${g.name}**: ${g.flags.join(", ")} (${g.meaning})`)
      .join("; ")}.`,
  );
  return `${lines.join("\n")}\n`;
}

export const orchestratorRegions = {
  tools: renderTools,
  conditions: renderConditions,
  roster: renderRoster,
  workflows: renderWorkflows,
  planets: renderPlanets,
  protocol: renderProtocol,
} as const;
