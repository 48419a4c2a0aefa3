import { catalog as defaultCatalog, type ArtifactId, type Catalog, type Workflow } from "../../catalog/index.ts";
import { covers, findingsSource, ownerAgents, runnerOwned, stepGroups } from "../../catalog/model.ts";
import type { Rule } from "../../core/types.ts";
import { canEditSource, canWriteFiles, catalogAnchor, marsPlugin, toolList } from "../model/disk.ts";

export interface FlowProblem {
  workflow: string;
  step: number;
  artifact: ArtifactId;
  message: string;
}

/**
 * Order problems inside the catalog: a step reads an artifact that no earlier step writes (one
 * running in parallel does not count), or that the writer may not have written when the reader runs.
 */
export function flowProblems(catalog: Catalog = defaultCatalog): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const workflow of catalog.workflows) problems.push(...workflowProblems(catalog, workflow));
  return problems;
}

function workflowProblems(catalog: Catalog, workflow: Workflow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const groups = stepGroups(workflow);
  workflow.steps.forEach((step, i) => {
    const needs = [
      ...(step.reads ?? []).map((artifact) => ({ artifact, required: true })),
      ...(step.readsIfPresent ?? []).map((artifact) => ({ artifact, required: false })),
    ];
    for (const { artifact, required } of needs) {
      const earlier = workflow.steps
        .map((s, j) => ({ s, j }))
        .filter(({ s, j }) => j < i && groups[j]! < groups[i]! && s.writes.includes(artifact));
      const parallel = workflow.steps.some((s, j) => j !== i && groups[j] === groups[i] && s.writes.includes(artifact));
      const at = { workflow: workflow.id, step: i + 1, artifact };
      if (earlier.length === 0) {
        // "If present" reads what the repository may already hold (an ADR from an earlier run).
        if ((catalog.artifacts[artifact].preexisting || !required) && !parallel) continue;
        problems.push({
          ...at,
          message: parallel
            ? `step ${i + 1} reads "${artifact}", which a step running in parallel with it writes`
            : `step ${i + 1} reads "${artifact}", but no earlier step writes it`,
        });
        continue;
      }
      // A step that runs only on findings runs only after the review that reported them: that review's condition holds too.
      const source = step.when?.findings ? findingsSource(workflow, i) : undefined;
      const implied = source === undefined ? undefined : workflow.steps[source]!.when;
      const covered = ({ s }: { s: Workflow["steps"][number] }) =>
        covers(s.when, step.when) || (source !== undefined && covers(s.when, implied));
      if (required && !catalog.artifacts[artifact].preexisting && !earlier.some(covered))
        problems.push({
          ...at,
          message: `step ${i + 1} needs "${artifact}" whenever it runs, but the earlier writers run only under narrower conditions`,
        });
    }
  });
  return problems;
}

export const workflowArtifactFlow: Rule = {
  id: "workflow-artifact-flow",
  severity: "error",
  description:
    "Every artifact a workflow step reads is written by an earlier step (never one running in parallel) whose owner's tools can write it, under a condition that holds whenever the reader runs.",
  consequence:
    "A step that reads a contract, ADR or plan no earlier step writes (or one written in parallel) works from a file that does not exist yet, so implementers build to a contract nobody wrote.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    for (const problem of flowProblems())
      report({
        ...catalogAnchor(project, `id: "${problem.workflow}"`),
        message: `workflow "${problem.workflow}": ${problem.message}`,
      });
    // The writers' tools on disk: an agent that writes a file needs Write; source needs Edit and Write.
    const reported = new Set<string>();
    for (const workflow of defaultCatalog.workflows)
      workflow.steps.forEach((step, i) => {
        if (runnerOwned(step)) return;
        for (const artifact of step.writes) {
          const kind = defaultCatalog.artifacts[artifact].kind;
          if (kind === "reply") continue;
          for (const name of ownerAgents(step.owner)) {
            const agent = plugin.agents.find((a) => a.name === name);
            if (!agent) continue;
            const tools = toolList(agent.file, "tools");
            const able = kind === "file" ? canWriteFiles(tools) : canEditSource(tools);
            const key = `${name}:${kind}`;
            if (able || reported.has(key)) continue;
            reported.add(key);
            report({
              file: agent.file,
              at: { path: ["tools"] },
              message: `workflow "${workflow.id}" step ${i + 1} has ${name} write ${defaultCatalog.artifacts[artifact].title}, but its tools lack ${kind === "file" ? "Write" : "Edit and Write"}`,
              hint: "run npm run build to derive the tools from the catalog, or give the artifact to an owner that can write it",
            });
          }
        }
      });
  },
};
