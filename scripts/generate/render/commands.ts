import type { ArtifactId, Catalog, Step, Workflow } from "../../catalog/index.ts";
import type { Flag } from "../../catalog/types.ts";
import {
  askedApprovals,
  commandTools,
  conditionText,
  readOnlyDenials,
  sizeMeaning,
  stepGroups,
} from "../../catalog/model.ts";
import { capitalize, consults, ownerText, planetOf, sentence } from "./shared.ts";

function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** True when a design step carries a gate: its approval is what marks the step's ADR Accepted. */
function designGated(workflow: Workflow): boolean {
  return workflow.steps.some(
    (s) => s.mode === "design" && (s.gate !== undefined || askedApprovals(workflow, s).length > 0),
  );
}

/** True when a review step reads the changed code: the runner computes the diff and passes it on. */
function reviewsDiff(workflow: Workflow): boolean {
  return workflow.steps.some((s) => s.mode === "review" && (s.reads ?? []).includes("diff"));
}

/** Where each planet's handoff note goes (the orchestrator's planet section says the same). */
const PLANET_NOTE = ".mars/handoffs/<planet>.md";

/** `git diff --output` writes a file: every command that may run git diff denies that option. */
const GIT_DIFF_OUTPUT = "Bash(git *--output*)";

/** The tools a command denies: the editing tools and writing agents when it edits nothing, and git diff's writing option. */
function denied(catalog: Catalog, workflow: Workflow): string[] {
  const command = workflow.command!;
  const runsGitDiff = command.readOnlyBash.some((entry) => entry.startsWith("Bash(git diff"));
  return [...(command.editsFiles ? [] : readOnlyDenials(catalog, workflow)), ...(runsGitDiff ? [GIT_DIFF_OUTPUT] : [])];
}

export function renderCommandFrontmatter(catalog: Catalog, workflow: Workflow): string {
  const command = workflow.command!;
  const deniedTools = denied(catalog, workflow);
  return [
    `description: ${yamlString(command.description)}`,
    ...(command.whenToUse ? [`when_to_use: ${yamlString(command.whenToUse)}`] : []),
    `argument-hint: ${yamlString(command.argumentHint)}`,
    `allowed-tools: ${commandTools(catalog, workflow).join(", ")}`,
    // allowed-tools only pre-approves: a command that edits nothing also denies the editing tools.
    ...(deniedTools.length ? [`disallowed-tools: ${deniedTools.join(", ")}`] : []),
    `disable-model-invocation: ${command.editsFiles ? "true" : "false"}`,
    // A comment costs no tokens when the command runs: the body is the prompt, the frontmatter is not.
    `# Verified against: ${catalog.verifiedAgainst}`,
    "",
  ].join("\n");
}

/** An artifact by its title: the Artifacts section gives each file's path once. */
function artifactText(catalog: Catalog, id: ArtifactId): string {
  return catalog.artifacts[id].title;
}

function list(catalog: Catalog, ids: readonly ArtifactId[]): string {
  return ids.map((id) => artifactText(catalog, id)).join(", ");
}

/** Where each step's artifacts come from and go: what the Delegation section passes on. */
function flowLine(catalog: Catalog, step: Step): string {
  const parts: string[] = [];
  if (step.reads?.length) parts.push(`Reads ${list(catalog, step.reads)}`);
  if (step.readsIfPresent?.length)
    parts.push(`${parts.length ? "if present" : "Reads, if present,"} ${list(catalog, step.readsIfPresent)}`);
  const reads = parts.length ? `${parts.join("; ")}. ` : "";
  return `   ${reads}Writes ${list(catalog, step.writes)}.`;
}

/** The workflow's artifacts, once: files by path, replies as text passed on in the next brief. */
function artifactsSection(catalog: Catalog, workflow: Workflow): string[] {
  const ids = new Set<ArtifactId>();
  for (const step of workflow.steps) {
    if (step.owner.kind === "planet") continue;
    for (const id of [...(step.reads ?? []), ...(step.readsIfPresent ?? []), ...step.writes]) ids.add(id);
  }
  const files: string[] = [];
  const replies: string[] = [];
  const perService: string[] = [];
  for (const id of ids) {
    const artifact = catalog.artifacts[id];
    const elsewhere = artifact.orCommitted ? ` (${artifact.orCommitted})` : "";
    if (artifact.kind === "file") files.push(`${artifact.title} \`${artifact.path}\`${elsewhere}`);
    if (artifact.perService) perService.push(artifact.perService);
    if (artifact.kind === "reply") replies.push(artifact.title);
  }
  // Per-service paths share one form (docs/api/<service>/<file>): said once for all of them.
  if (perService.length) files.push(`several services: ${perService.map((p) => `\`${p}\``).join(", ")}`);
  // Every planet step writes its note to the same folder: the path is said once, here.
  if (workflow.steps.some((s) => s.owner.kind === "planet")) files.push(`planet notes \`${PLANET_NOTE}\``);
  const parts = [
    ...(files.length ? [`Files: ${files.join("; ")}.`] : []),
    ...(replies.length ? [`Replies, passed on as text: ${replies.join("; ")}.`] : []),
  ];
  return parts.length ? ["## Artifacts", "", parts.join(" "), ""] : [];
}

function conditionsSection(catalog: Catalog, workflow: Workflow): string[] {
  const conditional = workflow.steps.some((s) => s.when && (s.when.sizes?.length || s.when.flags?.length));
  if (!conditional) return [];
  // A workflow that always raises new-service is size L, and a flag group it raises whole needs no definition.
  const raised = new Set<string>(workflow.raises ?? []);
  const fixedL = raised.has("new-service");
  // A flag makes a task at least M, so a workflow that always raises one never sees S.
  // Only implementers report "Flags raised", and only a workflow with one runs an S task's implementer.
  const hasImplementer = workflow.steps.some((s) => s.mode === "implement" || s.mode === "fix");
  const sizes = (raised.size ? (["M", "L"] as const) : (["S", "M", "L"] as const))
    .map((s) => `${s}: ${sizeMeaning(catalog, s, hasImplementer)}`)
    .join("; ");
  // A group needs no definition when the raised flags decide every step that names it (add-auth
  // raises auth, which decides each security step; a group raised whole decides all of its steps).
  const decides = (flags: readonly string[]) =>
    flags.some((f) => raised.has(f)) &&
    workflow.steps.every((s) => {
      const named = (s.when?.flags ?? []).filter((f) => flags.includes(f));
      return named.length === 0 || named.some((f) => raised.has(f));
    });
  const flags = catalog.flagGroups
    .filter((g) => !decides(g.flags))
    .map((g) => `${g.name} (${g.flags.join(", ")}: ${g.meaning})`)
    .join("; ");
  const sizing = fixedL ? "The size is L (a new service); mark" : "Size the task and mark";
  return [
    "## Conditions",
    "",
    `${sizing} every flag that holds before step 1${hasImplementer ? `, and again from each implementer's "Flags raised" (a new flag adds its later steps, or asks the user if its design step has passed)` : ""}; a conditional step runs only when it holds; report skipped steps and why.${fixedL ? "" : ` Sizes: ${sizes}.`} Flags: ${flags}.`,
    "",
    ...(workflow.raises
      ? [
          `This workflow always raises ${workflow.raises.map((f) => `${f} (${groupName(catalog, f)})`).join(", ")}; mark any other flag that holds.`,
          "",
        ]
      : []),
    ...invocationApprovals(catalog, workflow),
  ];
}

/** The flag group a flag belongs to ("security" for auth), as the Conditions name it. */
function groupName(catalog: Catalog, flag: Flag): string {
  return catalog.flagGroups.find((g) => g.flags.includes(flag))?.name ?? "flag";
}

/** Gates the invocation already approved: said once, so the run does not ask again at every step. */
function invocationApprovals(catalog: Catalog, workflow: Workflow): string[] {
  const approved = workflow.approvedByInvocation;
  if (!approved) return [];
  const titles = catalog.approvalGates.filter((g) => approved.gates.includes(g.id)).map((g) => g.title);
  if (approved.alsoApproves) titles.push(approved.alsoApproves);
  return [`Approved by the invocation (${approved.by}): ${titles.join("; ")}. Do not ask for them again.`, ""];
}

/** The step's own gate, then the catalog's approval gates it carries, in the catalog's order. */
function gateTexts(catalog: Catalog, workflow: Workflow, step: Step): string[] {
  const asked = askedApprovals(workflow, step);
  const approvals = catalog.approvalGates.filter((g) => asked.includes(g.id)).map((g) => g.ask);
  return [...(step.gate ? [step.gate] : []), ...approvals];
}

export function renderCommandWorkflow(catalog: Catalog, workflow: Workflow): string {
  const lines: string[] = [
    ...conditionsSection(catalog, workflow),
    ...artifactsSection(catalog, workflow),
    "## Steps",
    "",
  ];
  const groups = stepGroups(workflow);
  // A gate list said once: a later step with the same gates points back to it, which keeps commands in budget.
  const firstWithGates = new Map<string, number>();
  let previousSources = "";
  workflow.steps.forEach((step, i) => {
    const flags = [
      step.mode,
      step.when ? `when ${conditionText(step.when)}` : "",
      step.parallel ? `in parallel with step ${groups[i]! + 1}` : "",
    ].filter(Boolean);
    const head = `${i + 1}. **${ownerText(catalog, step.owner)}** (${flags.join("; ")})`;
    if (step.owner.kind === "planet") {
      const planet = planetOf(catalog, step.owner.name);
      const sources = step.readsIfPresent?.length
        ? ` from the ${list(catalog, step.readsIfPresent)}, where present`
        : "";
      // Consecutive notes drawn from the same artifacts say so once.
      const from = sources && sources === previousSources ? " from the same" : sources;
      previousSources = sources;
      lines.push(`${head}: write its note (${step.notes ?? planet.receives})${from}.`);
    } else {
      previousSources = "";
      lines.push(`${head}: ${step.does}${consults(catalog, step)}.`);
      lines.push(flowLine(catalog, step));
    }
    const gates = gateTexts(catalog, workflow, step).join("; or if ");
    if (!gates) return;
    const earlier = firstWithGates.get(gates);
    if (earlier !== undefined) lines.push(`   Gate: as step ${earlier + 1}.`);
    else {
      firstWithGates.set(gates, i);
      lines.push(`   Gate: if ${gates}, stop and ask the user before going on.`);
    }
  });
  lines.push("", "## Stop when", "", ...workflow.stopWhen.map((s) => `- ${sentence(capitalize(s))}`));
  lines.push("", "## Verify before reporting done", "", ...workflow.verify.map((v) => `- ${sentence(capitalize(v))}`));
  if (workflow.steps.some((s) => s.owner.kind === "agent" || s.owner.kind === "framework")) {
    lines.push(
      "",
      "## Delegation",
      "",
      `Start each agent step with the Agent tool and a brief stating: ${catalog.brief.join("; ")}. Pass each step the artifacts it reads: a file by its path, a reply by its text${reviewsDiff(workflow) ? "; a code review, `git diff <base-ref>` (uncommitted work too; never `--output`) and new files' paths; a re-review, also the diff its review saw and the fix step's reply (its failing-then-passing test output)" : ""}.${workflow.steps.some((s) => s.parallel) ? " Run a parallel step with the step it names, the others in order." : ""} A gate approved this run, or recorded in an Accepted ADR, is not asked again${designGated(workflow) ? " (on approval you set the design's ADR Status to Accepted after the run's last design step, refusal leaves it Proposed, and revising it after that asks again)" : ""}; a specialist stopped by another gate, or by questions: ask the user, then brief it again. Planet notes wait for their planet's plugin (tell the user).`,
    );
  }
  lines.push("", "## Safety", "", ...catalog.safety.map((rule) => `- ${rule}`));
  lines.push(
    "",
    "## Report",
    "",
    `End with these sections: ${(workflow.command?.report ?? catalog.report).map(capitalize).join("; ")}.`,
  );
  return `${lines.join("\n")}\n`;
}
