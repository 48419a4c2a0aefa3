import { catalog as defaultCatalog, type ApprovalGateId, type Catalog } from "../../catalog/index.ts";
import { askedApprovals, requiredApprovals } from "../../catalog/model.ts";
import type { Rule } from "../../core/types.ts";
import { catalogAnchor, commandSteps, marsPlugin } from "../model/disk.ts";

export interface GateProblem {
  workflow: string;
  step: number;
  gate: ApprovalGateId;
  message: string;
}

/**
 * Inside the catalog: a step where an approval gate can hold (by the gate's step patterns:
 * an implementing step can need a migration or a new dependency, a contract design can break
 * clients) carries that gate, so the command that runs it stops and asks.
 */
export function gateProblems(catalog: Catalog = defaultCatalog): GateProblem[] {
  const problems: GateProblem[] = [];
  for (const workflow of catalog.workflows)
    workflow.steps.forEach((step, i) => {
      for (const id of requiredApprovals(catalog, workflow, step)) {
        if (step.approvals?.includes(id) || workflow.approvedByInvocation?.gates.includes(id)) continue;
        if (workflow.stopsAt?.includes(id)) continue;
        // A proposal asked once, at a step that always runs, is not asked again by the steps after it.
        const gate = catalog.approvalGates.find((g) => g.id === id)!;
        if (gate.askedOnce && workflow.steps.slice(0, i).some((s) => !s.when && s.approvals?.includes(id))) continue;
        problems.push({
          workflow: workflow.id,
          step: i + 1,
          gate: id,
          message: `step ${i + 1} (${step.mode}) can hit the "${gate.title}" approval gate, but does not carry it`,
        });
      }
    });
  return problems;
}

export const approvalGatesCarried: Rule = {
  id: "approval-gates-carried",
  severity: "error",
  description:
    "Every approval gate the orchestrator lists is carried by each workflow step where it can hold, and each command states it on that step's Gate line.",
  consequence:
    "A gate the orchestrator promises but a command never states lets that command apply a migration or add a dependency without the user's approval.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    for (const problem of gateProblems())
      report({
        ...catalogAnchor(project, `id: "${problem.workflow}"`),
        message: `workflow "${problem.workflow}": ${problem.message}`,
      });
    const orchestrator = plugin.agents.find((a) => a.name === defaultCatalog.orchestrator);
    for (const gate of defaultCatalog.approvalGates)
      if (orchestrator && !orchestrator.file.text.includes(gate.title))
        report({
          file: orchestrator.file,
          at: { path: ["description"] },
          message: `the orchestrator does not list the "${gate.title}" approval gate`,
          hint: "run npm run build: the protocol region lists every gate",
        });
    for (const workflow of defaultCatalog.workflows) {
      const command = workflow.command && plugin.commands.find((c) => c.name === workflow.command!.name);
      if (!command) continue;
      const steps = commandSteps(command.file);
      const gateLineOf = (number: number, seen = new Set<number>()): string | undefined => {
        const block = steps.find((s) => s.number === number)?.block ?? "";
        const line = block.split("\n").find((l) => l.trimStart().startsWith("Gate:"));
        // "Gate: as step N." repeats an earlier step's gates; follow it, once per step.
        const earlier = /^\s*Gate: as step (\d+)\.\s*$/.exec(line ?? "");
        if (!earlier || seen.has(number)) return line;
        return gateLineOf(Number(earlier[1]), seen.add(number));
      };
      workflow.steps.forEach((step, i) => {
        const onDisk = steps.find((s) => s.number === i + 1);
        if (!onDisk) return;
        for (const gate of defaultCatalog.approvalGates) {
          if (!askedApprovals(workflow, step).includes(gate.id)) continue;
          const gateLine = gateLineOf(onDisk.number);
          if (gateLine?.includes(gate.ask)) continue;
          report({
            file: command.file,
            at: { offset: onDisk.offset, length: String(onDisk.number).length + 1 },
            message: `/${defaultCatalog.plugin.name}:${command.name} step ${onDisk.number} can hit the "${gate.title}" approval gate, but its Gate line does not ask for it`,
            hint: "run npm run build: the Gate lines come from the catalog's approval gates",
          });
        }
      });
    }
  },
};
