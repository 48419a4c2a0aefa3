/**
 * The typed source of truth: everything derived from it is written by `npm run build`, and the
 * house rules prove the model (artifact flow, allowlists, owners) against the files on disk.
 */

export const SPECIALISTS = [
  "backend-architect",
  "graphql-architect",
  "fastapi-pro",
  "django-pro",
  "backend-security-coder",
  "api-reviewer",
  "api-documenter",
] as const;
export type SpecialistName = (typeof SPECIALISTS)[number];

export const SKILLS = [
  "api-design-principles",
  "architecture-patterns",
  "microservices-patterns",
  "fastapi-templates",
] as const;
export type SkillName = (typeof SKILLS)[number];

export const PLANETS = ["saturn", "venus", "earth", "jupiter", "uranus", "neptune", "mercury"] as const;
export type PlanetName = (typeof PLANETS)[number];

/** Task size: S is one specialist and no ceremony; any flag makes a task at least M. */
export type Size = "S" | "M" | "L";

/** The condition vocabulary: flags the orchestrator marks during triage. */
export const SECURITY_FLAGS = [
  "auth",
  "personal-data",
  "money",
  "object-access",
  "outbound-calls",
  "webhooks",
] as const;
export const CONTRACT_FLAGS = ["new-contract", "breaking-contract"] as const;
export const DATA_FLAGS = ["tables", "indexes", "migrations"] as const;
export const SERVICE_FLAGS = ["new-service"] as const;
export type SecurityFlag = (typeof SECURITY_FLAGS)[number];
export type ContractFlag = (typeof CONTRACT_FLAGS)[number];
export type DataFlag = (typeof DATA_FLAGS)[number];
export type ServiceFlag = (typeof SERVICE_FLAGS)[number];
export type Flag = SecurityFlag | ContractFlag | DataFlag | ServiceFlag;

/**
 * When a step runs. It runs if any listed alternative holds: the size is one of `sizes`, one of
 * `flags` was marked, or the command got `option`. No alternative means the step always runs.
 * `findings` narrows that further: the step runs only when the review before it reported findings
 * (a fix, and the re-review of that fix, have nothing to do after a clean review).
 */
export interface Condition {
  sizes?: readonly Size[];
  flags?: readonly Flag[];
  option?: string;
  /** A decision an earlier design step records (the schema designer federates the graph). */
  decided?: "federation";
  /** The change adds endpoints, fields or parameters to a contract the repository commits: no flag, but the contract must follow. */
  additions?: true;
  findings?: true;
}

/**
 * What a step does. Tools follow from modes: design and document write files; implement and
 * fix also run commands; review and triage only read (review may run scoped, read-only commands).
 */
export const MODES = ["triage", "design", "implement", "review", "fix", "document", "handoff"] as const;
export type Mode = (typeof MODES)[number];

export type ArtifactKind =
  /** A file at a known path: whoever writes it needs the Write tool. */
  | "file"
  /** Source and tests in the project's own layout: written with Edit and Write. */
  | "source"
  /** Text returned to the caller, who passes it on in the next brief; nothing is written. */
  | "reply";

export type HandoffArtifact = `handoff-${PlanetName}`;
export type ArtifactId =
  | "plan"
  | "routing"
  | "contract"
  | "schema"
  | "export"
  | "events"
  | "adr"
  | "repo"
  | "diff"
  | "report"
  | "findings"
  | "review"
  | "lint"
  | "changelog"
  | HandoffArtifact;

export interface Artifact {
  kind: ArtifactKind;
  title: string;
  /** Where it lives (file artifacts); commands and the orchestrator print it. */
  path?: string;
  /** Where each service's copy lives when the repository holds several services or apps. */
  perService?: string;
  /** Where a repository may already keep this file instead: every step then uses that one. */
  orCommitted?: string;
  /** True for what exists before any workflow runs (the repository's code and specs). */
  preexisting?: boolean;
}

/** The concerns that must have exactly one owner, so no agent sends them back and forth. */
export const CONCERNS = [
  "contract-design",
  "auth-flow-design",
  "graphql-schema",
  "federation",
  "migration-design",
] as const;
export type ConcernId = (typeof CONCERNS)[number];

export interface Concern {
  id: ConcernId;
  title: string;
  owner: Owner;
  /** Lower-case phrases that name the concern in an agent's boundaries (for the single-owner rule). */
  phrases: readonly string[];
}

export interface Specialist {
  name: SpecialistName;
  /** When the orchestrator picks this specialist (a routing rule, not a description). */
  useWhen: string;
  consults: readonly SkillName[];
  /** Words naming this agent's domain; a skill whose "Not for" clause names one is not for this agent. */
  domain: readonly string[];
  /** Read-only commands a review-only agent may run (scoped Bash entries). */
  readOnlyBash?: readonly string[];
}

export interface Planet {
  name: PlanetName;
  title: string;
  domain: string;
  /** What Mars hands over: the content of the handoff note. */
  receives: string;
  /** Requests that belong to this planet and that Mars declines or hands off. */
  owns: string;
  /** When any workflow hands work to this planet; undefined: Mars only declines its requests. */
  when?: Condition;
}

export type Owner =
  | { kind: "orchestrator" }
  | { kind: "agent"; name: SpecialistName }
  /** One of several specialists, chosen by the detected framework. */
  | { kind: "framework"; names: readonly SpecialistName[] }
  | { kind: "planet"; name: PlanetName };

export interface Step {
  owner: Owner;
  mode: Mode;
  /** Imperative: what the owner does (commands show this). */
  does: string;
  /** A few words for the orchestrator's decision table; defaults to `does`. */
  label?: string;
  /** Skills the owner consults for this step. */
  consults?: readonly SkillName[];
  /** Artifacts the step needs: an earlier step must have written them. */
  reads?: readonly ArtifactId[];
  /** Artifacts the step uses when an earlier step (or the repository) has them. */
  readsIfPresent?: readonly ArtifactId[];
  /** Artifacts the step leaves behind. */
  writes: readonly ArtifactId[];
  /** Concerns this step decides; the concern's owner must own the step. */
  decides?: readonly ConcernId[];
  when?: Condition;
  /** An approval the user gives before the next step, particular to this step. */
  gate?: string;
  /** Approval gates from the catalog's list that can hold at this step (the house rules check which must). */
  approvals?: readonly ApprovalGateId[];
  /** Runs at the same time as the previous step. */
  parallel?: boolean;
  /** A handoff note's content when it differs from the planet's usual one (a design run has no tables yet). */
  notes?: string;
}

export interface CommandSpec {
  /** The command's file name: /mars:<name>. */
  name: string;
  /** At most 80 characters, verb first. */
  description: string;
  /** The trigger clause ("Use when…") a command the model may invoke needs; listed after the description. */
  whenToUse?: string;
  argumentHint: string;
  /** True when the command edits files: only the user may invoke it. */
  editsFiles: boolean;
  /** Read-only commands pre-approved for the runner (scoped Bash entries). */
  readOnlyBash: readonly string[];
  /** Report sections when they differ from the catalog's (a plan-only command changes no file). */
  report?: readonly string[];
}

export interface Workflow {
  id: string;
  title: string;
  /** One sentence: when this workflow applies. */
  appliesTo: string;
  /** The request signals that select it, for the orchestrator's decision table (checked in order). */
  signals: string;
  /**
   * Approval gates the invocation itself gives (a scaffold's service name and `--auth`): stated
   * once in the command, with the reason, instead of on every step where they would hold.
   */
  approvedByInvocation?: {
    gates: readonly ApprovalGateId[];
    by: string;
    /** What else the invocation approves that no catalog gate names whole (a template's pinned dependencies). */
    alsoApproves?: string;
  };
  /** Gates this workflow never asks at: a step that would hit one stops the run instead (a stopWhen line says where the work goes). */
  stopsAt?: readonly ApprovalGateId[];
  /** Flags that hold by construction whenever this workflow runs (a template's first migration, its new API). */
  raises?: readonly Flag[];
  /** The stack the workflow works in, when it is narrower than Mars's (["GraphQL"]): a skill excluding it is not consulted. */
  domain?: readonly string[];
  command?: CommandSpec;
  steps: readonly Step[];
  /** Conditions that stop the run and return control to the user. */
  stopWhen: readonly string[];
  /** Evidence required before the workflow reports done. */
  verify: readonly string[];
}

export interface PluginMeta {
  name: string;
  description: string;
  keywords: readonly string[];
  author: { name: string };
  license: string;
  category: string;
  marketplace: { name: string; owner: { name: string }; description: string };
}

export const APPROVAL_GATES = ["breaking-change", "auth-model", "new-service", "migration", "dependency"] as const;
export type ApprovalGateId = (typeof APPROVAL_GATES)[number];

/**
 * A step pattern: every field given must hold. `flag` holds when the step's condition names the
 * flag or the workflow raises it.
 */
export interface StepMatch {
  mode?: Mode;
  decides?: ConcernId;
  writes?: ArtifactId;
  flag?: Flag;
}

export interface ApprovalGate {
  id: ApprovalGateId;
  /** As the orchestrator lists it. */
  title: string;
  /** As a command's step states it: "Gate: if <ask>, stop and ask the user". */
  ask: string;
  /** The steps where it can hold: each must carry it (`approvals`), so no command runs past it. */
  at: readonly StepMatch[];
  /** A proposal the user answers once per run (a new service): steps after the one that asks it do not carry it. */
  askedOnce?: true;
}

/** A rule several files state; each listed file must contain `text` word for word. */
export interface SharedRule {
  id: string;
  text: string;
  files: readonly string[];
}

export interface Catalog {
  plugin: PluginMeta;
  orchestrator: string;
  specialists: readonly Specialist[];
  skills: readonly SkillName[];
  planets: readonly Planet[];
  artifacts: Readonly<Record<ArtifactId, Artifact>>;
  concerns: readonly Concern[];
  workflows: readonly Workflow[];
  /** What each size looks like, and what the flags mean, for triage. */
  sizes: Readonly<Record<Size, string>>;
  /** What a size-S task runs; said only where a workflow has an implementer to run. */
  smallTaskRuns: string;
  flagGroups: readonly { name: string; flags: readonly Flag[]; meaning: string }[];
  /** Rules stated once here and quoted word for word where they apply. */
  sharedRules: readonly SharedRule[];
  /** The sections of every final report, in order. */
  report: readonly string[];
  /** Changes that need the user's approval, whatever the workflow. */
  approvalGates: readonly ApprovalGate[];
  /** What every delegation brief states, in order. */
  brief: readonly string[];
  /** Rules every command repeats, since a command runs without the orchestrator's prompt. */
  safety: readonly string[];
  /** What the commands' behaviour was last checked against: the platform version and a date. */
  verifiedAgainst: string;
}

export const agent = (name: SpecialistName): Owner => ({ kind: "agent", name });
export const planet = (name: PlanetName): Owner => ({ kind: "planet", name });
export const framework: Owner = { kind: "framework", names: ["fastapi-pro", "django-pro"] };
export const orchestrator: Owner = { kind: "orchestrator" };
