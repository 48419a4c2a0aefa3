/**
 * What follows from the catalog's workflow model: who runs each step, which tools each role
 * needs, when a condition covers another. The generator renders from these functions and the
 * house rules check the files on disk against them, so both read the model the same way.
 */
import {
  type ApprovalGateId,
  CONTRACT_FLAGS,
  DATA_FLAGS,
  SECURITY_FLAGS,
  SERVICE_FLAGS,
  type ArtifactId,
  type Catalog,
  type Condition,
  type Flag,
  type Mode,
  type Owner,
  type Size,
  type SpecialistName,
  type Step,
  type StepMatch,
  type Workflow,
} from "./types.ts";

/** The specialists a step may start (both framework specialists for a framework step). */
/** What a size looks like in triage; size S also says what it runs where an implementer can run it. */
export function sizeMeaning(catalog: Catalog, size: Size, withRuns: boolean): string {
  return size === "S" && withRuns ? `${catalog.sizes.S}: ${catalog.smallTaskRuns}` : catalog.sizes[size];
}

export function ownerAgents(owner: Owner): readonly SpecialistName[] {
  if (owner.kind === "agent") return [owner.name];
  if (owner.kind === "framework") return owner.names;
  return [];
}

/** Steps whose files the runner (the command or the orchestrator) writes itself. */
export function runnerOwned(step: Step): boolean {
  return step.owner.kind === "orchestrator" || step.owner.kind === "planet";
}

/** Every specialist a workflow starts, in first-use order. */
function workflowAgents(workflow: Workflow): SpecialistName[] {
  return [...new Set(workflow.steps.flatMap((s) => ownerAgents(s.owner)))];
}

/** Parallel group of each step: a step marked parallel joins the group of the step before it. */
export function stepGroups(workflow: Workflow): number[] {
  const groups: number[] = [];
  workflow.steps.forEach((step, i) => groups.push(i > 0 && step.parallel ? groups[i - 1]! : i));
  return groups;
}

/** Files a step leaves on disk (file and source artifacts, not replies). */
export function writtenFiles(catalog: Catalog, step: Step): ArtifactId[] {
  return step.writes.filter((id) => catalog.artifacts[id].kind !== "reply");
}

const WRITING_MODES: ReadonlySet<Mode> = new Set(["design", "implement", "fix", "document"]);
const COMMAND_MODES: ReadonlySet<Mode> = new Set(["implement", "fix", "document"]);

export interface RoleSummary {
  modes: Set<Mode>;
  writesFiles: boolean;
}

/** The modes a specialist runs in across all workflows, and whether any of its steps writes a file. */
export function roleOf(catalog: Catalog, name: SpecialistName): RoleSummary {
  const modes = new Set<Mode>();
  let writesFiles = false;
  for (const workflow of catalog.workflows)
    for (const step of workflow.steps) {
      if (!ownerAgents(step.owner).includes(name)) continue;
      modes.add(step.mode);
      if (writtenFiles(catalog, step).length > 0) writesFiles = true;
    }
  return { modes, writesFiles };
}

/** True when every mode is review or triage: such a role gets no Edit, Write or unscoped Bash. */
export function reviewOnly(role: RoleSummary): boolean {
  return role.modes.size > 0 && [...role.modes].every((m) => !WRITING_MODES.has(m));
}

/**
 * A specialist's tools: whoever writes an artifact has Write, and Edit when it also changes
 * code or docs in place (a design role writes whole design files, so Write alone: the content
 * guide's design-role tools; a dropped operation shows in the reviewer's breaking-change diff);
 * implementing, fixing and documenting run commands (Bash); a review-only role gets only the
 * scoped read-only commands the roster lists; Skill when it consults a skill.
 */
export function agentTools(catalog: Catalog, name: SpecialistName): string[] {
  const specialist = catalog.specialists.find((s) => s.name === name)!;
  const role = roleOf(catalog, name);
  const tools = ["Read", "Grep", "Glob"];
  const editsInPlace = [...role.modes].some((m) => COMMAND_MODES.has(m));
  if (role.writesFiles) tools.push(...(editsInPlace ? ["Edit", "Write"] : ["Write"]));
  if ([...role.modes].some((m) => COMMAND_MODES.has(m))) tools.push("Bash");
  else tools.push(...(specialist.readOnlyBash ?? []));
  if (specialist.consults.length > 0) tools.push("Skill");
  return tools;
}

/** The orchestrator writes the plan and the handoff notes, and starts every specialist. */
export function orchestratorTools(catalog: Catalog): string[] {
  const writes = catalog.workflows.some((w) =>
    w.steps.some((s) => runnerOwned(s) && writtenFiles(catalog, s).length > 0),
  );
  const allowlist = catalog.specialists.map((s) => `${catalog.plugin.name}:${s.name}`).join(", ");
  // git diff: the orchestrator passes a PR's or a fix's diff to the review-only specialists in their brief.
  return ["Read", "Grep", "Glob", ...(writes ? ["Write"] : []), ...GIT_READ, "TodoWrite", `Agent(${allowlist})`];
}

/** How a runner finds the default branch `<base-ref>` falls back to: one exact, read-only command. */
export const DEFAULT_BRANCH = "Bash(git rev-parse --abbrev-ref origin/HEAD)";
/** How a runner computes <base-ref>, the merge base every diff starts from. */
const MERGE_BASE = "Bash(git merge-base:*)";
/** The git reads of a runner that computes diffs for its reviewers (commands and the orchestrator alike). */
export const GIT_READ = [
  "Bash(git status:*)",
  "Bash(git diff:*)",
  "Bash(git log:*)",
  MERGE_BASE,
  DEFAULT_BRANCH,
] as const;

/** A command's tools: Write when it writes the plan or a handoff note itself, and the agents its steps start. */
export function commandTools(catalog: Catalog, workflow: Workflow): string[] {
  const command = workflow.command!;
  const writes = workflow.steps.some((s) => runnerOwned(s) && writtenFiles(catalog, s).length > 0);
  const agents = workflowAgents(workflow).map((a) => `${catalog.plugin.name}:${a}`);
  // Every brief carries <base-ref>, the merge base the runner computes, so a command that briefs an agent may run it.
  const mergeBase = agents.length && !command.readOnlyBash.includes(MERGE_BASE) ? [MERGE_BASE] : [];
  return [
    "Read",
    "Grep",
    "Glob",
    ...(writes ? ["Write"] : []),
    ...command.readOnlyBash,
    ...mergeBase,
    ...(agents.length ? [`Agent(${agents.join(", ")})`] : []),
  ];
}

/** The size, flag and option alternatives of a condition, or undefined when it has none ("always"). */
function alternatives(condition: Condition | undefined): Condition | undefined {
  if (!condition) return undefined;
  const { sizes, flags, option, decided, additions } = condition;
  return sizes?.length || flags?.length || option !== undefined || decided !== undefined || additions
    ? { sizes, flags, option, decided, additions }
    : undefined;
}

/**
 * True when `writer` surely ran whenever `reader` runs: each alternative of the reader's
 * condition is an alternative of the writer's, or a size the writer's sizes include. A writer
 * that runs only on findings covers only readers that do too.
 */
export function covers(writer: Condition | undefined, reader: Condition | undefined): boolean {
  if (writer?.findings && !reader?.findings) return false;
  const w = alternatives(writer);
  const r = alternatives(reader);
  if (!w) return true;
  if (!r) return false;
  const writerSizes = new Set(w.sizes ?? []);
  const writerFlags = new Set<Flag>(w.flags ?? []);
  const sizesOk = (r.sizes ?? []).every((s) => writerSizes.has(s));
  const flagsOk = (r.flags ?? []).every((f) => writerFlags.has(f) || (writerSizes.has("M") && writerSizes.has("L")));
  const optionOk = r.option === undefined || r.option === w.option;
  const decidedOk = r.decided === undefined || r.decided === w.decided;
  const additionsOk = !r.additions || w.additions === true;
  return sizesOk && flagsOk && optionOk && decidedOk && additionsOk;
}

/** What a review step hands on: security findings, or a guideline review's findings. */
const REVIEW_OUTPUTS: readonly ArtifactId[] = ["findings", "review"];

/** The review whose findings the step at `index` acts on: the last earlier review step that writes findings. */
export function findingsSource(workflow: Workflow, index: number): number | undefined {
  const groups = stepGroups(workflow);
  for (let j = index - 1; j >= 0; j--) {
    const step = workflow.steps[j]!;
    if (groups[j]! < groups[index]! && step.mode === "review" && step.writes.some((a) => REVIEW_OUTPUTS.includes(a)))
      return j;
  }
  return undefined;
}

/** A step that acts on a review's findings: it reads them and changes a file (a fix, a revised design). */
export function actsOnFindings(catalog: Catalog, step: Step): boolean {
  return (step.reads ?? []).some((a) => REVIEW_OUTPUTS.includes(a)) && writtenFiles(catalog, step).length > 0;
}

/** True when the step matches the pattern: every field the pattern gives holds for the step. */
function stepMatches(workflow: Workflow, step: Step, match: StepMatch): boolean {
  if (match.mode !== undefined && step.mode !== match.mode) return false;
  if (match.decides !== undefined && !(step.decides ?? []).includes(match.decides)) return false;
  if (match.writes !== undefined && !step.writes.includes(match.writes)) return false;
  if (match.flag !== undefined) {
    const named = (step.when?.flags ?? []).includes(match.flag) || (workflow.raises ?? []).includes(match.flag);
    if (!named) return false;
  }
  return true;
}

/** The approval gates that can hold at a step, by the catalog's patterns: the step must carry each. */
export function requiredApprovals(catalog: Catalog, workflow: Workflow, step: Step): ApprovalGateId[] {
  return catalog.approvalGates.filter((g) => g.at.some((m) => stepMatches(workflow, step, m))).map((g) => g.id);
}

const FLAG_GROUPS: readonly [string, readonly Flag[]][] = [
  ["a security flag", SECURITY_FLAGS],
  ["a contract flag", CONTRACT_FLAGS],
  ["a data flag", DATA_FLAGS],
  ["a new service", SERVICE_FLAGS],
];

/** Flags named as groups where a whole group is listed: "a security flag", else the flags themselves. */
function flagPhrases(flags: readonly Flag[]): string[] {
  const rest = new Set(flags);
  const phrases: string[] = [];
  for (const [phrase, group] of FLAG_GROUPS) {
    if (group.length > 1 && group.every((f) => rest.has(f))) {
      phrases.push(phrase);
      group.forEach((f) => rest.delete(f));
    }
  }
  for (const flag of rest) phrases.push(flag === "new-service" ? "a new service" : `the ${flag} flag`);
  return phrases;
}

/** The condition in words: "size L or a contract flag". */
export function conditionText(condition: Condition | undefined): string {
  const parts: string[] = [];
  if (condition?.sizes?.length) parts.push(`size ${condition.sizes.join(" or ")}`);
  parts.push(...flagPhrases(condition?.flags ?? []));
  if (condition?.option) parts.push(`${condition.option} is given`);
  if (condition?.decided === "federation") parts.push("the design federates");
  if (condition?.additions) parts.push("additions to the contract file");
  const alternatives = parts.join(" or ");
  if (!condition?.findings) return alternatives || "always";
  const findings = "the review before it reported findings";
  return alternatives ? `${alternatives}, and ${findings}` : findings;
}

const SHORT: Record<string, string> = {
  "a security flag": "sec",
  "a contract flag": "contract",
  "a data flag": "data",
  "a new service": "new service",
};

/** The condition in the orchestrator's compact notation: "L|contract". */
export function conditionTag(condition: Condition | undefined): string {
  if (!condition) return "";
  const parts: string[] = [...(condition.sizes ?? [])];
  for (const phrase of flagPhrases(condition.flags ?? []))
    parts.push(SHORT[phrase] ?? phrase.replace(/^the | flag$/g, ""));
  if (condition.option) parts.push(condition.option);
  if (condition.decided === "federation") parts.push("federated");
  if (condition.additions) parts.push("additions");
  const alternatives = parts.join("|");
  if (!condition.findings) return alternatives;
  return alternatives ? `${alternatives} & findings` : "findings";
}

/** The approval gates a step asks at: those it carries, less the ones its workflow stops at instead. */
export function askedApprovals(workflow: Workflow, step: Step): ApprovalGateId[] {
  return (step.approvals ?? []).filter((id) => !workflow.stopsAt?.includes(id));
}

/**
 * What a command that edits nothing must deny: a command's allowed-tools only pre-approve tools
 * for its turn and restrict nothing, so the editing tools and every agent that can write (the
 * writing specialists and the orchestrator) are named in its disallowed-tools; one that starts no
 * agent denies the Agent tool itself.
 */
export function readOnlyDenials(catalog: Catalog, workflow: Workflow): string[] {
  const editing = ["Write", "Edit", "NotebookEdit"];
  // A workflow that starts no agent denies the Agent tool whole: other plugins' agents included.
  if (!workflow.steps.some((s) => s.owner.kind === "agent" || s.owner.kind === "framework"))
    return [...editing, "Agent"];
  const writers = catalog.specialists.filter((s) => !reviewOnly(roleOf(catalog, s.name))).map((s) => s.name);
  return [
    ...editing,
    ...[...writers, catalog.orchestrator].map((name) => `Agent(${catalog.plugin.name}:${name})`),
    // Claude Code's own general-purpose subagent holds every tool.
    "Agent(general-purpose)",
  ];
}
