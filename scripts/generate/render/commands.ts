import type { Catalog, Workflow } from "../../catalog/index.ts";
import { agentsOf, capitalize, consults, ownerText, planetOf, sentence } from "./shared.ts";

function yamlString(value: string): string {
  return JSON.stringify(value);
}

export function renderCommandFrontmatter(catalog: Catalog, workflow: Workflow): string {
  const command = workflow.command!;
  const agents = command.delegates ? agentsOf(workflow).map((a) => `${catalog.plugin.name}:${a}`) : [];
  const tools = [
    "Read",
    "Grep",
    "Glob",
    ...command.extraTools,
    ...(agents.length ? [`Agent(${agents.join(", ")})`] : []),
  ];
  return [
    `description: ${yamlString(command.description)}`,
    `argument-hint: ${yamlString(command.argumentHint)}`,
    `allowed-tools: ${tools.join(", ")}`,
    `disable-model-invocation: ${command.editsFiles ? "true" : "false"}`,
    "",
  ].join("\n");
}

export function renderCommandWorkflow(catalog: Catalog, workflow: Workflow): string {
  const lines: string[] = ["## Steps", ""];
  workflow.steps.forEach((step, i) => {
    const parts = [
      `${i + 1}. **${ownerText(catalog, step.owner)}**${step.when ? ` (when ${step.when})` : ""}${step.parallel ? " (in parallel with step " + i + ")" : ""}: ${step.does}${consults(catalog, step)}.`,
    ];
    if (step.owner.kind === "planet") {
      const planet = planetOf(catalog, step.owner.name);
      parts.push(
        `   Write \`${step.output}\` (${planet.receives}). If the Agent tool lists \`${planet.name}:\` agents, hand the note to the fitting one; otherwise tell the user the handoff is waiting.`,
      );
    } else parts.push(`   Output: ${step.output}.`);
    if (step.gate) parts.push(`   Gate: if ${step.gate}, stop and ask the user before going on.`);
    lines.push(...parts);
  });
  lines.push("", "## Stop when", "", ...workflow.stopWhen.map((s) => `- ${sentence(capitalize(s))}`));
  lines.push("", "## Verify before reporting done", "", ...workflow.verify.map((v) => `- ${sentence(capitalize(v))}`));
  if (workflow.command?.delegates) {
    lines.push(
      "",
      "## Delegation",
      "",
      `Start each agent step with the Agent tool (\`subagent_type\` as named above) and a brief that states: ${catalog.brief.join("; ")}. Run steps marked parallel together; keep the others in order.`,
    );
  }
  lines.push("", "## Safety", "", ...catalog.safety.map((rule) => `- ${rule}`));
  lines.push("", "## Report", "", `End with these sections: ${catalog.report.map(capitalize).join("; ")}.`);
  return `${lines.join("\n")}\n`;
}
