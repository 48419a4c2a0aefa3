import { catalog, type Catalog } from "../../catalog/index.ts";
import { ownerAgents } from "../../catalog/model.ts";
import type { ReportInput, Rule, SourceFile } from "../../core/types.ts";
import { stringField } from "../../rules/util.ts";
import { catalogAnchor, marsPlugin } from "../model/disk.ts";

/** The part of a skill description after "Not for": whom and what the skill excludes. */
export function exclusionClause(description: string): string {
  const at = description.search(/\bNot for\b/);
  return at === -1 ? "" : description.slice(at);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Why a skill's description excludes an agent: it names the agent, or a word of the agent's domain. */
export function excludes(clause: string, agent: string, domain: readonly string[]): string | undefined {
  if (new RegExp(`\\bmars:${escape(agent)}\\b`).test(clause)) return `it sends mars:${agent}'s work elsewhere`;
  const word = domain.find((w) => new RegExp(`\\b${escape(w)}\\b`, "i").test(clause));
  return word ? `it says "Not for" ${word}` : undefined;
}

export interface DomainProblem {
  workflow: string;
  step: number;
  skill: string;
  message: string;
}

/**
 * Steps of a workflow narrower than Mars's domain (a GraphQL workflow) that consult a skill
 * whose "Not for" clause names that domain, whoever the step's owner is.
 */
export function workflowDomainProblems(catalog: Catalog, descriptions: ReadonlyMap<string, string>): DomainProblem[] {
  const problems: DomainProblem[] = [];
  for (const workflow of catalog.workflows) {
    if (!workflow.domain?.length) continue;
    workflow.steps.forEach((step, i) => {
      for (const skill of step.consults ?? []) {
        const clause = exclusionClause(descriptions.get(skill) ?? "");
        const word = workflow.domain!.find((w) => new RegExp(`\\b${escape(w)}\\b`, "i").test(clause));
        if (word)
          problems.push({
            workflow: workflow.id,
            step: i + 1,
            skill,
            message: `workflow "${workflow.id}" is a ${word} workflow, but step ${i + 1} consults ${catalog.plugin.name}:${skill}, whose description says "Not for" ${word}`,
          });
      }
    });
  }
  return problems;
}

export const skillConsultDomain: Rule = {
  id: "skill-consult-domain",
  severity: "error",
  description:
    "No agent is told to consult a skill whose description excludes that agent's domain (\"Not for GraphQL\" for the GraphQL architect), or the domain of the workflow it runs in, in the catalog or in the agent's own text.",
  consequence:
    "An agent told to consult a skill whose description excludes that agent's domain gets advice written for another stack.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    const clauses = new Map<string, { clause: string; file: SourceFile }>();
    for (const skill of plugin.skills) {
      const description = stringField(skill.file, "description");
      if (description) clauses.set(skill.folder, { clause: exclusionClause(description), file: skill.file });
    }
    const seen = new Set<string>();
    const judge = (agent: string, skill: string, where: () => Omit<ReportInput, "message">) => {
      const specialist = catalog.specialists.find((s) => s.name === agent);
      const target = clauses.get(skill);
      if (!specialist || !target || seen.has(`${agent}>${skill}`)) return;
      const reason = excludes(target.clause, agent, specialist.domain);
      if (!reason) return;
      seen.add(`${agent}>${skill}`);
      report({
        ...where(),
        message: `${agent} is told to consult ${catalog.plugin.name}:${skill}, but ${reason}`,
        hint: "drop the consult, or change the skill's description if it does cover this agent",
        related: [{ file: target.file.path, start: { line: 3, column: 1 } }],
      });
    };
    for (const specialist of catalog.specialists)
      for (const skill of specialist.consults)
        judge(specialist.name, skill, () => catalogAnchor(project, `name: "${specialist.name}"`));
    for (const workflow of catalog.workflows)
      for (const step of workflow.steps)
        for (const skill of step.consults ?? [])
          for (const agent of ownerAgents(step.owner))
            judge(agent, skill, () => catalogAnchor(project, `id: "${workflow.id}"`));
    const descriptions = new Map<string, string>();
    for (const skill of plugin.skills) descriptions.set(skill.folder, stringField(skill.file, "description") ?? "");
    for (const problem of workflowDomainProblems(catalog, descriptions))
      report({
        ...catalogAnchor(project, `id: "${problem.workflow}"`),
        message: problem.message,
        hint: "drop the consult from that step, or give the workflow a skill that covers its domain",
      });
    for (const agent of plugin.agents) {
      const body = agent.file.markdown?.body ?? "";
      const bodyOffset = agent.file.markdown?.bodyOffset ?? 0;
      for (const match of body.matchAll(/`?mars:([a-z0-9-]+)`?/g)) {
        const skill = match[1]!;
        if (!clauses.has(skill)) continue;
        const lineStart = body.lastIndexOf("\n", match.index) + 1;
        const lineEnd = body.indexOf("\n", match.index);
        const line = body.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
        if (!/\b(consult|load|read|apply)/i.test(line)) continue;
        judge(agent.name, skill, () => ({
          file: agent.file,
          at: { offset: bodyOffset + match.index, length: match[0].length },
        }));
      }
    }
  },
};
