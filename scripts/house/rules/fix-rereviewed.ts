import { catalog as defaultCatalog, type Catalog, type Owner } from "../../catalog/index.ts";
import { actsOnFindings, covers, findingsSource, writtenFiles } from "../../catalog/model.ts";
import type { Rule } from "../../core/types.ts";
import { catalogAnchor, commandSteps, marsPlugin } from "../model/disk.ts";

export interface RereviewProblem {
  workflow: string;
  /** 1-based number of the step that acts on findings. */
  step: number;
  message: string;
}

const sameOwner = (a: Owner, b: Owner): boolean => JSON.stringify(a) === JSON.stringify(b);

function ownerName(owner: Owner): string {
  if (owner.kind === "agent" || owner.kind === "planet") return owner.name;
  if (owner.kind === "framework") return owner.names.join("/");
  return "the orchestrator";
}

/**
 * Inside the catalog: every step that acts on a review's findings (a fix, a revised design) is
 * followed by a review by the same reviewer, of what the step changed, whenever the step runs.
 * Without it the sign-off the verify lines ask for can never be given.
 */
export function rereviewProblems(catalog: Catalog = defaultCatalog): RereviewProblem[] {
  const problems: RereviewProblem[] = [];
  for (const workflow of catalog.workflows)
    workflow.steps.forEach((step, i) => {
      if (!actsOnFindings(catalog, step)) return;
      const at = { workflow: workflow.id, step: i + 1 };
      const source = findingsSource(workflow, i);
      if (source === undefined) {
        problems.push({ ...at, message: `step ${i + 1} acts on findings, but no earlier review step writes them` });
        return;
      }
      const reviewer = workflow.steps[source]!.owner;
      const changed = writtenFiles(catalog, step);
      const rereviewed = workflow.steps.some(
        (later, j) =>
          j > i &&
          later.mode === "review" &&
          sameOwner(later.owner, reviewer) &&
          (later.reads ?? []).some((artifact) => changed.includes(artifact)) &&
          covers(later.when, step.when),
      );
      if (!rereviewed)
        problems.push({
          ...at,
          message: `step ${i + 1} (${step.mode}) acts on the findings of step ${source + 1}, but no later step has ${ownerName(reviewer)} re-review what it changes whenever it runs`,
        });
    });
  return problems;
}

export const fixRereviewed: Rule = {
  id: "fix-rereviewed",
  severity: "error",
  description:
    "Every step that acts on a review's findings (a fix, a revised design) is followed by a re-review by the reviewer that found them, in the catalog and in each command's steps.",
  consequence:
    "A fix that nobody re-reviews leaves the security sign-off the verify step asks for impossible to give, and an incomplete fix ships as done.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    for (const problem of rereviewProblems())
      report({
        ...catalogAnchor(project, `id: "${problem.workflow}"`),
        message: `workflow "${problem.workflow}": ${problem.message}`,
      });
    // The commands on disk: the re-review the catalog has must still follow each acting step.
    for (const workflow of defaultCatalog.workflows) {
      const command = workflow.command && plugin.commands.find((c) => c.name === workflow.command!.name);
      if (!command) continue;
      const steps = commandSteps(command.file);
      workflow.steps.forEach((step, i) => {
        if (!actsOnFindings(defaultCatalog, step)) return;
        const source = findingsSource(workflow, i);
        const acting = steps.find((s) => s.number === i + 1);
        const reviewer = source === undefined ? undefined : steps.find((s) => s.number === source + 1);
        if (!acting || !reviewer) return;
        const index = steps.indexOf(acting);
        if (steps.slice(index + 1).some((s) => s.mode === "review" && s.owner === reviewer.owner)) return;
        report({
          file: command.file,
          at: { offset: acting.offset, length: String(acting.number).length + 1 },
          message: `/${defaultCatalog.plugin.name}:${command.name} step ${acting.number} (${acting.mode}) acts on the findings of step ${reviewer.number}, but no later step has ${reviewer.owner} re-review it`,
          hint: "run npm run build: the re-review step comes from the catalog's security loop",
        });
      });
    }
  },
};
