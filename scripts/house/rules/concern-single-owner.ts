import { catalog as defaultCatalog, type Catalog, type Owner } from "../../catalog/index.ts";
import type { Rule, SourceFile } from "../../core/types.ts";
import { catalogAnchor, marsPlugin } from "../model/disk.ts";

function ownerName(owner: Owner): string {
  if (owner.kind === "agent") return owner.name;
  if (owner.kind === "planet") return owner.name;
  if (owner.kind === "framework") return owner.names.join("/");
  return "orchestrator";
}

export interface OwnerProblem {
  needle: string;
  message: string;
}

/** Inside the catalog: one entry per concern, and every step that decides it owned by its owner. */
export function catalogOwnerProblems(catalog: Catalog = defaultCatalog): OwnerProblem[] {
  const problems: OwnerProblem[] = [];
  const seen = new Set<string>();
  for (const concern of catalog.concerns) {
    if (seen.has(concern.id))
      problems.push({
        needle: `id: "${concern.id}"`,
        message: `the concern "${concern.id}" is listed twice, with two owners`,
      });
    seen.add(concern.id);
  }
  for (const workflow of catalog.workflows)
    workflow.steps.forEach((step, i) => {
      for (const id of step.decides ?? []) {
        const concern = catalog.concerns.find((c) => c.id === id);
        if (!concern) continue;
        if (ownerName(step.owner) !== ownerName(concern.owner))
          problems.push({
            needle: `id: "${workflow.id}"`,
            message: `workflow "${workflow.id}" step ${i + 1} decides ${concern.title}, which ${ownerName(concern.owner)} owns, but ${ownerName(step.owner)} runs it`,
          });
      }
    });
  return problems;
}

/** Agents and planets a line hands work to, with where each is named. */
function targets(
  line: string,
  agents: ReadonlySet<string>,
  planets: readonly string[],
): { name: string; index: number }[] {
  const found: { name: string; index: number }[] = [];
  for (const match of line.matchAll(/\bmars:([a-z0-9-]+)/g))
    if (agents.has(match[1]!)) found.push({ name: match[1]!, index: match.index });
  for (const planet of planets) {
    const at = line.search(new RegExp(`\\b${planet}\\b`, "i"));
    if (at !== -1) found.push({ name: planet, index: at });
  }
  return found.sort((a, b) => a.index - b.index);
}

export const concernSingleOwner: Rule = {
  id: "concern-single-owner",
  severity: "error",
  description:
    "Contract design, auth-flow design, GraphQL schema, federation and migration design each have one owner: workflow steps that decide one are its owner's, and no agent's boundaries send it to anyone else (or, as the owner, away).",
  consequence:
    "Two agents that each own a decision (or send it to each other) make the orchestrator route the same request two ways, and an \"ask the other agent\" cycle never ends.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    for (const problem of catalogOwnerProblems())
      report({ ...catalogAnchor(project, problem.needle), message: problem.message });
    const planets = defaultCatalog.planets.map((p) => p.name);
    const agents = new Set(plugin.agents.map((a) => a.name));
    for (const agent of plugin.agents) {
      if (agent.name === defaultCatalog.orchestrator) continue;
      checkAgent(agent.name, agent.file, agents, planets, report);
    }
  },
};

/** The agent's "## Boundaries ..." section: where it says who gets which work. */
function boundaries(file: SourceFile): { text: string; offset: number } | undefined {
  const body = file.markdown?.body ?? "";
  const start = body.search(/^## Boundaries\b/m);
  if (start === -1) return undefined;
  const next = body.slice(start + 3).search(/^## /m);
  return {
    text: next === -1 ? body.slice(start) : body.slice(start, start + 3 + next),
    offset: (file.markdown?.bodyOffset ?? 0) + start,
  };
}

function checkAgent(
  name: string,
  file: SourceFile,
  agents: ReadonlySet<string>,
  planets: readonly string[],
  report: Parameters<Rule["check"]>[0]["report"],
): void {
  const section = boundaries(file);
  if (!section) return;
  const bodyOffset = section.offset;
  let lineStart = 0;
  for (const line of section.text.split("\n")) {
    const lower = line.toLowerCase();
    for (const concern of defaultCatalog.concerns) {
      const owner = ownerName(concern.owner);
      for (const phrase of concern.phrases) {
        const at = lower.indexOf(phrase);
        if (at === -1) continue;
        const target = targets(line, agents, planets).find((t) => t.index > at && t.name !== name);
        if (!target || target.name === owner) continue;
        report({
          file,
          at: { offset: bodyOffset + lineStart + at, length: phrase.length },
          message:
            name === owner
              ? `${name} owns ${concern.title} but sends it to ${target.name}: an "ask the other agent" cycle`
              : `${name} sends ${concern.title} to ${target.name}, but ${owner} owns it`,
          hint: `name ${owner} as the owner (scripts/catalog/roster.ts lists concern owners)`,
        });
        break;
      }
    }
    lineStart += line.length + 1;
  }
}
