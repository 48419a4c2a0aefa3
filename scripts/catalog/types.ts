/** The typed source of truth: everything derived from it is written by `npm run build`. */

export const SPECIALISTS = [
  "backend-architect",
  "graphql-architect",
  "fastapi-pro",
  "django-pro",
  "backend-security-coder",
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

export interface Specialist {
  name: SpecialistName;
  /** When the orchestrator picks this specialist (a routing rule, not a description). */
  useWhen: string;
  consults: readonly SkillName[];
}

export interface Planet {
  name: PlanetName;
  title: string;
  domain: string;
  /** What Mars hands over: the content of the handoff note. */
  receives: string;
  /** Requests that belong to this planet and that Mars declines or hands off. */
  owns: string;
}

export interface CapabilityGroup {
  name: string;
  covers: string;
  specialists: readonly SpecialistName[];
  skills: readonly SkillName[];
}

export interface Moon {
  name: string;
  surface: string;
  specialists: readonly SpecialistName[];
  skills: readonly SkillName[];
}

export type Owner =
  | { kind: "orchestrator" }
  | { kind: "agent"; name: SpecialistName }
  /** One of several specialists, chosen by the detected framework. */
  | { kind: "framework"; names: readonly SpecialistName[] }
  | { kind: "planet"; name: PlanetName };

export interface Step {
  owner: Owner;
  /** Imperative: what the owner does (commands show this). */
  does: string;
  /** A few words for the orchestrator's compact workflow list; defaults to \`does\`. */
  label?: string;
  /** Skills the owner consults for this step. */
  consults?: readonly SkillName[];
  /** The artifact the step leaves behind. */
  output: string;
  /** A condition under which the step runs ("size M and L only"). */
  when?: string;
  /** An approval the user gives before the next step. */
  gate?: string;
  /** Steps that may run at the same time as the previous one. */
  parallel?: boolean;
}

export interface CommandSpec {
  /** The command's file name: /mars:<name>. */
  name: string;
  /** At most 80 characters, verb first. */
  description: string;
  argumentHint: string;
  /** True when the command edits files: only the user may invoke it. */
  editsFiles: boolean;
  /** Tools pre-approved beyond Read, Grep, Glob and the Agent allowlist. */
  extraTools: readonly string[];
  /** Whether the command may delegate to specialists. */
  delegates: boolean;
}

export interface Workflow {
  id: string;
  title: string;
  /** One sentence: when this workflow applies. */
  appliesTo: string;
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

export interface Catalog {
  plugin: PluginMeta;
  orchestrator: string;
  specialists: readonly Specialist[];
  skills: readonly SkillName[];
  groups: readonly CapabilityGroup[];
  moons: readonly Moon[];
  planets: readonly Planet[];
  workflows: readonly Workflow[];
  /** The sections of every final report, in order. */
  report: readonly string[];
  /** Changes that need the user's approval, whatever the workflow. */
  approvalGates: readonly string[];
  /** What every delegation brief states, in order. */
  brief: readonly string[];
  /** Rules every command repeats, since a command runs without the orchestrator's prompt. */
  safety: readonly string[];
}

export const agent = (name: SpecialistName): Owner => ({ kind: "agent", name });
export const planet = (name: PlanetName): Owner => ({ kind: "planet", name });
export const framework: Owner = { kind: "framework", names: ["fastapi-pro", "django-pro"] };
export const orchestrator: Owner = { kind: "orchestrator" };
