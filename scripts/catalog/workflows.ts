import { DEFAULT_BRANCH, GIT_READ } from "./model.ts";
import { planets } from "./roster.ts";
import {
  agent,
  type ApprovalGateId,
  type Condition,
  type ConcernId,
  CONTRACT_FLAGS,
  framework,
  orchestrator,
  planet,
  SECURITY_FLAGS,
  type ArtifactId,
  type Owner,
  type PlanetName,
  type SkillName,
  type Step,
  type Workflow,
} from "./types.ts";

/** A command that edits nothing pre-approves only commands with no option that writes or runs a program. */
const GIT_READ_ONLY = [
  "Bash(git status:*)",
  "Bash(git merge-base:*)",
  "Bash(git cat-file -p:*)",
  DEFAULT_BRANCH,
] as const;
const SECURITY = { flags: SECURITY_FLAGS };
const CONTRACT = { flags: CONTRACT_FLAGS };
const FINDINGS = { findings: true } as const;
const GRAPHQL = ["GraphQL"] as const;

/** A planet handoff: the runner writes the note; the condition is the planet's, the same in every workflow. */
function handoff(name: PlanetName, reads: readonly ArtifactId[] = []): Step {
  const target = planets.find((p) => p.name === name)!;
  return {
    owner: planet(name),
    mode: "handoff",
    does: `hand over ${target.receives}`,
    readsIfPresent: reads,
    writes: [`handoff-${name}`],
    ...(target.when ? { when: target.when } : {}),
  };
}

/**
 * Notes for every planet whose condition can hold, in one order, after the work they describe.
 * `alsoWhen` widens a planet's condition in one workflow (a federation router is Jupiter's to
 * deploy though it is no new service).
 */
function handoffs(
  reads: readonly ArtifactId[],
  options: { alsoWhen?: Partial<Record<PlanetName, Condition>>; notes?: Partial<Record<PlanetName, string>> } = {},
): Step[] {
  return planets
    .filter((p) => p.when)
    .map((p) => {
      const step = handoff(p.name, reads);
      const extra = options.alsoWhen?.[p.name];
      const notes = options.notes?.[p.name];
      return { ...step, ...(extra ? { when: { ...step.when, ...extra } } : {}), ...(notes ? { notes } : {}) };
    });
}

/** A GraphQL design that federates needs a router deployed, though it adds no service. */
const FEDERATED_ROUTER = { jupiter: { decided: "federation" } } as const;

/** In a design run no table exists yet: Saturn hears what the design implies for data. */
const DESIGN_NOTES = { saturn: "data ownership and access patterns the design implies; tables come with the code" };

/**
 * The review of a design before code: when the review finds something, the design's owner
 * revises it and the same reviewer re-reviews it, so no design finding is left open. The
 * reviewer is the security coder unless a guideline review (api-reviewer) is asked for.
 */
function designReviewLoop(options: {
  designer: Owner;
  reviewer?: "api-reviewer";
  consults?: readonly SkillName[];
  does: string;
  reads: readonly ArtifactId[];
  /** Design artifacts that exist only in some repositories (a contract a code-first app lacks). */
  readsIfPresent?: readonly ArtifactId[];
  decides: readonly ConcernId[];
  approvals: readonly ApprovalGateId[];
  /** The design step's own gate, which a revision can trip again. */
  gate?: string;
  parallel?: boolean;
  when?: Condition;
}): Step[] {
  const optional = options.readsIfPresent?.length ? { readsIfPresent: options.readsIfPresent } : {};
  const reviewer = agent(options.reviewer ?? "backend-security-coder");
  const found: ArtifactId = options.reviewer ? "review" : "findings";
  return [
    {
      owner: reviewer,
      mode: "review",
      does: options.does,
      label: options.reviewer ? "guideline review of the design" : "security review of the design",
      ...(options.consults ? { consults: options.consults } : {}),
      reads: options.reads,
      ...optional,
      writes: [found],
      ...(options.parallel ? { parallel: true } : {}),
      ...(options.when ? { when: options.when } : {}),
    },
    {
      owner: options.designer,
      mode: "design",
      does: "revise the design for each finding; the design stays yours",
      label: "revise the design",
      reads: [found, ...options.reads],
      ...optional,
      writes: [...options.reads, ...(options.readsIfPresent ?? [])],
      decides: options.decides,
      when: FINDINGS,
      approvals: options.approvals,
      ...(options.gate ? { gate: options.gate } : {}),
    },
    {
      owner: reviewer,
      mode: "review",
      does: "re-review the revised design against the findings",
      label: "re-review the design",
      reads: [...options.reads, found],
      ...optional,
      writes: [found],
      when: FINDINGS,
    },
  ];
}

/** The plan every code-changing workflow starts with at size M or L. */
const writePlan: Step = {
  owner: orchestrator,
  mode: "triage",
  does: "write the plan: framework and versions, size, flags, spec paths, steps run and skipped",
  label: "plan",
  readsIfPresent: ["repo"],
  writes: ["plan"],
  when: { sizes: ["M", "L"] },
};

/** The gates of every code-writing step: an auth-model change found while coding stops the run too. */
const CODE_GATES: readonly ApprovalGateId[] = ["migration", "dependency", "auth-model"];
/** The stop line of a workflow whose stopsAt holds "auth-model": the change goes to /mars:add-auth. */
const AUTH_MODEL_STOP =
  "an auth-model change (login, provider, token policy, new or redefined roles or scopes) no /mars:add-auth run has built, even one a design ADR records: stop; it is /mars:add-auth work, and this row then builds on it";

/**
 * The security loop every code-changing workflow ends with: review the diff; when it finds
 * something, fix it, and the same reviewer re-reviews the fix, so the sign-off can be given.
 */
function securityLoop(
  options: { fixer?: Owner; consults?: readonly SkillName[]; approvals?: readonly ApprovalGateId[] } = {},
): Step[] {
  const consults = options.consults ? { consults: options.consults } : {};
  return [
    {
      owner: agent("backend-security-coder"),
      mode: "review",
      does: "review the diff against the OWASP API Top 10 (2023), read-only",
      label: "security review",
      ...consults,
      reads: ["diff"],
      // The designed limits, loader plan and auth flow it checks the code against.
      readsIfPresent: ["adr"],
      writes: ["findings"],
      when: SECURITY,
    },
    {
      owner: options.fixer ?? framework,
      mode: "fix",
      does: "fix each finding, no wider than the finding, with a regression test that failed first",
      label: "fix findings",
      reads: ["findings"],
      writes: ["diff"],
      when: FINDINGS,
      approvals: options.approvals ?? CODE_GATES,
    },
    {
      owner: agent("backend-security-coder"),
      mode: "review",
      does: "re-review the fix diff: each finding closed, the change no wider than it, its test failed before the fix",
      label: "re-review",
      reads: ["diff", "findings"],
      writes: ["findings"],
      when: FINDINGS,
    },
  ];
}

/** The documenter's part when a contract flag holds: the spec checked against the code, linted, diffed, logged. */
/** drf-spectacular exports OpenAPI 3.0 unless told otherwise: only a workflow that may build Django needs the step back. */
const DRF_EXPORT =
  ", unless drf-spectacular emits 3.0: then report the `OAS_VERSION` 3.1.0 setting as a `/mars:build` change for the user to approve (the served schema changes too)";

const documentRest = (context: readonly ArtifactId[], options: { fastapiOnly?: true } = {}): Step => ({
  owner: agent("api-documenter"),
  mode: "document",
  does: `export the code's spec under \`.mars/export/\` and diff the contract against it; write additions and Accepted-ADR changes into the contract (none yet: the export becomes it, making the project contract-first${options.fastapiOnly ? "" : DRF_EXPORT}); lint (a changed AsyncAPI document too), diff against \`<base-ref>\`, write the changelog entry`,
  label: "export, diff, lint, changelog",
  consults: ["api-design-principles"],
  reads: ["diff"],
  readsIfPresent: ["contract", ...context],
  writes: ["export", "contract", "changelog"],
  when: { ...CONTRACT, additions: true },
  gate: "the export differs from the contract in a way no Accepted ADR records (drift: wrong code: a new /mars:build run, with its reviews, fixes it; a wrong contract: /mars:design-api after this run)",
  approvals: ["breaking-change"],
});

const documentGraphql: Step = {
  owner: agent("api-documenter"),
  mode: "document",
  does: "Strawberry or Graphene: export the SDL (Graphene: `str(schema)`) to `.mars/export/schema.graphql` (per subgraph: `.mars/export/<service>/schema.graphql`) and diff the designed schema against it; Ariadne: check the code loads `docs/api/schema.graphql` unchanged; lint the schema, diff it against `<base-ref>` (every run: the verification needs the diff); write the changelog entry for every schema change, additions too",
  label: "export or load check, lint, diff, changelog",
  reads: ["diff"],
  readsIfPresent: ["schema", "adr"],
  writes: ["export", "lint", "changelog"],
  gate: "the code's schema differs from the designed one in a way no Accepted ADR records (drift)",
  approvals: ["breaking-change"],
};

/** Where a new service's boundary comes from before a GraphQL schema is designed for it. */
const serviceBoundary: Step = {
  owner: agent("backend-architect"),
  mode: "design",
  does: "apply the split rule; if it holds, draw the new service's boundary and data ownership, else record \"no new service\" (federation stays the schema designer's)",
  label: "service boundary ADR",
  consults: ["microservices-patterns"],
  readsIfPresent: ["repo"],
  writes: ["adr"],
  when: { flags: ["new-service"] },
  approvals: ["new-service"],
};

/** A GraphQL design run whose request changes the auth model: the flow is the architect's, the schema's fields are not. */
const graphqlAuthDesign: Step = {
  owner: agent("backend-architect"),
  mode: "design",
  does: "a new or changed auth model only (else record that the existing one stands): design the auth flow (external IdP first), token checks and roles in the ADR; the schema's auth types and fields stay the schema designer's",
  label: "auth flow ADR",
  readsIfPresent: ["repo", "adr"],
  writes: ["adr"],
  decides: ["auth-flow-design"],
  when: { flags: ["auth"] },
  approvals: ["auth-model"],
};

/** A GraphQL build past size S: any schema change is at least M, so S is a resolver-only change. */
const SCHEMA_CHANGE: Condition = { sizes: ["M", "L"] };

const graphqlDesign: Step = {
  owner: agent("graphql-architect"),
  mode: "design",
  does: "design the schema, nullability, pagination, errors, limits; write the resolver and loader plan and the limits into the ADR; decide federation (a new subgraph service: mark new-service, run the boundary step, then this one again)",
  label: "SDL, limits, ADR",
  readsIfPresent: ["repo", "schema", "adr"],
  writes: ["schema", "adr"],
  decides: ["graphql-schema", "federation"],
  approvals: ["breaking-change", "new-service"],
};

/** The documenter's check, stated once for every workflow that may skip it. */
const CONTRACT_IN_SYNC =
  "when the documenter ran, the contract matches the code's export or an Accepted ADR records each difference (no contract yet: the report says why)";

/** The security review of code or a diff that both security workflows start with. */
const SECURITY_REVIEW: Step = {
  owner: agent("backend-security-coder"),
  mode: "review",
  does: "review the code or diff, read-only",
  label: "security review",
  reads: ["repo"],
  writes: ["findings"],
};

/** A code workflow that meets a GraphQL type or field: its designer is not in the command's allowlist. */
const GRAPHQL_STOP = "the change needs a GraphQL type or field: stop; it is /mars:graphql work";
/** A carved-out service starts on the app's auth model; its own model is add-auth's, on the built service. */
const SPLIT_AUTH_STOP =
  "the new service needs its own auth model (login, provider, token policy, new or redefined roles or scopes): build it on the app's model here; /mars:add-auth then changes it";
/** add-auth finishes the auth model first, so the GraphQL row that follows builds on an Accepted ADR. */
const AUTH_GRAPHQL_STOP =
  "the change needs GraphQL types or fields: finish the auth model here; /mars:graphql then adds them from its Accepted ADR";
const SPLIT_RULE_FAILS = "a new service beside an existing app fails the split rule: recommend a module in that app";
const REVIEW_LOOP_STOP = "the re-review still reports findings: stop and report them as open risks";

const NO_SUBGRAPH_STOP = "the split rule refused a new subgraph service and the schema still needs one";

export const workflows: readonly Workflow[] = [
  {
    id: "route",
    title: "Triage only",
    appliesTo: "deciding who should do a backend task, without doing it",
    signals: "the user asks who should do it, or for a plan only",
    command: {
      name: "route",
      description: "Plan which Mars agents, skills and planets a REST/GraphQL task needs",
      whenToUse: "Use when asked who should do a backend task, or for a plan only",
      argumentHint: "<task description>",
      editsFiles: false,
      readOnlyBash: GIT_READ_ONLY,
      report: ["Outcome", "Plan (steps run and skipped, with the reason)", "Open risks", "Pending handoffs"],
    },
    steps: [
      {
        owner: orchestrator,
        mode: "triage",
        does: "pick the workflow from the decision table, size the task, mark flags, list the steps that run",
        label: "decide and print the plan",
        readsIfPresent: ["repo"],
        writes: ["routing"],
      },
    ],
    stopWhen: ["the plan is printed; nothing is edited and no agent is started"],
    verify: ["every step names an existing mars: agent or skill, or a planet"],
  },
  {
    id: "review-api",
    title: "API review, nothing edited",
    appliesTo:
      "reviewing endpoints, a GraphQL schema change, a PR or a diff against the house guidelines, for security and breaking changes",
    signals:
      '"review" or "check" a PR, diff, endpoints, schema or spec-vs-code drift for guidelines, consistency or breaking changes, writing nothing (not security alone; changelog or export: /mars:docs)',
    command: {
      name: "review-api",
      description: "Review endpoints or a PR: guidelines, breaking changes, security",
      whenToUse: "Use when asked to review an API change for guidelines or breaking changes, nothing edited",
      argumentHint: "[<paths...>] [--diff <base>]",
      editsFiles: false,
      // The runner computes the PR's diff for the reviewers (the generator denies git diff's --output).
      readOnlyBash: [...GIT_READ_ONLY, "Bash(git diff:*)"],
      report: [
        "Outcome",
        "Guideline findings",
        "Security findings",
        "Breaking changes",
        "Open risks",
        "Pending handoffs (planet and what it needs; no note written)",
      ],
    },
    steps: [
      {
        owner: agent("api-reviewer"),
        mode: "review",
        does: "check the endpoints against the house guidelines and diff the contract against the base for breaking changes (`oasdiff breaking`; a changed SDL: `graphql-inspector diff`); spec-vs-code drift: compare the contract with the routes and models in code by reading (no project code runs)",
        label: "guidelines and breaking changes",
        consults: ["api-design-principles"],
        reads: ["repo"],
        writes: ["review"],
      },
      {
        owner: agent("backend-security-coder"),
        mode: "review",
        does: "review the same scope against the OWASP API Top 10 (2023)",
        label: "security review",
        consults: ["api-design-principles"],
        reads: ["repo"],
        writes: ["findings"],
        parallel: true,
      },
    ],
    stopWhen: [
      "both reviews are reported: nothing is edited; fixes are offered as /mars:build (guideline findings in code), /mars:design-api (in the contract), /mars:design-graphql (in an SDL), /mars:graphql (in resolvers) or /mars:fix-security (security findings in FastAPI or Django code: it reviews again, then fixes the ones the user picks; one finding the user names: /mars:build)",
    ],
    verify: [
      "every finding cites file:line and the guideline or OWASP id it breaks (a dependency finding: its CWE)",
      "the breaking-change list comes from oasdiff or graphql-inspector output, or says why it could not run",
    ],
  },
  {
    id: "security-review",
    title: "API security review",
    appliesTo: "an OWASP API Security Top 10 (2023) review of code or a diff that edits nothing",
    signals: "security alone: an OWASP review or audit of API code (paths, a diff or the whole API), findings only",
    command: {
      name: "secure-api",
      description: "Review API code for the OWASP API Security Top 10 (2023), read-only",
      whenToUse: "Use when asked for a security-only (OWASP) review, nothing edited",
      argumentHint: "[<path> | --diff <base>]",
      editsFiles: false,
      readOnlyBash: GIT_READ,
      report: [
        "Outcome",
        "Security findings",
        "Commands run and results",
        "Open risks",
        "Pending handoffs (planet and what it needs; no note written)",
      ],
    },
    steps: [SECURITY_REVIEW],
    stopWhen: [
      "the findings are reported and nothing is edited; fixes are offered as /mars:fix-security for FastAPI or Django code (it reviews again, then fixes the ones the user picks; one finding the user names: /mars:build; other stacks: the findings are the report)",
    ],
    verify: [
      "every finding cites file:line and the OWASP API Top 10 (2023) id it breaks (a dependency finding: its CWE)",
    ],
  },
  {
    id: "security-fix",
    stopsAt: ["migration", "breaking-change", "auth-model"],
    title: "API security fixes",
    appliesTo: "an OWASP API Security Top 10 (2023) review whose findings the user picks to fix",
    signals:
      "security alone, with the findings fixed (no schema or API change; one finding the user names: /mars:build)",
    command: {
      name: "fix-security",
      description: "Review API code for the OWASP API Top 10 (2023), then fix what you pick",
      argumentHint: "[<path> | --diff <base>]",
      editsFiles: true,
      readOnlyBash: GIT_READ,
      report: [
        "Outcome",
        "Security findings",
        "Files changed",
        "Commands run and results",
        "Open risks",
        "Pending handoffs",
      ],
    },
    steps: [
      SECURITY_REVIEW,
      {
        owner: framework,
        mode: "fix",
        does: "fix the findings the user picked, each no wider than the finding, with a regression test that failed first",
        label: "fix picked findings",
        reads: ["findings"],
        writes: ["diff"],
        when: FINDINGS,
        gate: "the user has not picked the findings to fix",
        // A fix that needs a schema, contract or auth-model change stops instead (see stopWhen): those gates are never asked here.
        approvals: ["dependency"],
      },
      {
        owner: agent("backend-security-coder"),
        mode: "review",
        does: "re-review the fix diff: each picked finding closed, the change no wider than it, its test failed before the fix",
        label: "re-review",
        reads: ["diff", "findings"],
        writes: ["findings"],
        when: FINDINGS,
      },
      // A fix to tokens, passwords or permissions raises the auth flag: the audit planet hears of it here too.
      handoff("uranus", ["findings"]),
    ],
    stopWhen: [
      "the code is in another stack than FastAPI or Django: report the findings, each with a fix brief, and stop (no specialist here writes that code)",
      "the review reports no finding, or the user picks none: nothing is edited",
      "a fix needs a schema change (a data flag): stop; it is /mars:build work (its table row), with the security and data flags, and writes the Saturn note",
      "a fix adds or changes a GraphQL type or field: stop; it is /mars:graphql work, where the SDL's designer writes it",
      "a fix changes what the contract file documents (a documented field dropped, a documented status or schema changed incompatibly: the breaking-contract flag; a compatible change is an addition, which this row has no documenter for: name it under Pending handoffs as /mars:docs; a 404 for another owner's object, where the contract already has the 404, is not): stop; it is /mars:build work with the security and contract flags, whose documenter updates the contract and changelog",
      "a fix changes the auth model (login, provider, token policy, new or redefined roles or scopes): stop; it is /mars:add-auth work, where the architect designs it",
      REVIEW_LOOP_STOP,
    ],
    verify: ["each fix has a test that failed before it", "the re-review closes every picked finding"],
  },
  {
    id: "api-docs",
    title: "API documentation",
    appliesTo: "generating, linting and diffing API specs, changelogs and guides, with no behaviour change",
    signals: "docs, spec export, lint, changelog or deprecation notes only (an export setting: /mars:build)",
    command: {
      name: "docs",
      description: "Export and lint the API spec and write its changelog",
      argumentHint: "[--spec <path>] [--base <ref>]",
      editsFiles: true,
      readOnlyBash: ["Bash(git diff:*)", DEFAULT_BRANCH],
    },
    steps: [
      {
        owner: agent("api-documenter"),
        mode: "document",
        does: "no code yet: lint the spec file only; else export the code's spec to `.mars/export/` and diff the spec file against it, writing nothing else; lint (an AsyncAPI document the repository holds: `asyncapi validate` too)",
        label: "export, diff and lint",
        readsIfPresent: ["repo", "contract", "schema", "events", "adr"],
        writes: ["export", "lint"],
      },
      {
        owner: agent("api-documenter"),
        mode: "document",
        does: "REST: write additions and Accepted-ADR changes into `docs/api/openapi.yaml`, checked against `mars:api-design-principles`; GraphQL: with no SDL file (committed or not), the export becomes `docs/api/schema.graphql` once; with one, report differences as drift for `/mars:design-graphql`, never writing it",
        label: "contract or SDL",
        readsIfPresent: ["export", "contract", "schema", "adr"],
        writes: ["contract", "schema"],
      },
      {
        owner: agent("api-documenter"),
        mode: "document",
        does: "diff against `<base-ref>`; write changelog and deprecation notes",
        label: "diff, changelog, deprecations",
        readsIfPresent: ["contract", "schema", "events"],
        writes: ["changelog", "lint"],
        approvals: ["breaking-change"],
      },
      // A docs run computes no data, size or service flag: only a breaking change it documents reaches a planet.
      handoff("venus", ["contract", "schema", "changelog"]),
    ],
    stopWhen: [
      "the export differs from the spec file in a way no Accepted ADR records (drift): ask which one is right; a contract change goes through /mars:design-api (an SDL: /mars:design-graphql), a code fix through /mars:build (resolvers: /mars:graphql)",
    ],
    verify: ["no new lint errors (pre-existing ones listed)", "examples validate against their schemas"],
  },
  {
    id: "graphql-design",
    title: "GraphQL design only",
    appliesTo:
      "a GraphQL schema designed or revised before any code, or corrected where the code already does what it should",
    signals: "GraphQL schema, SDL or federation design, no code yet, or an SDL-only fix (code unchanged)",
    domain: GRAPHQL,
    command: {
      name: "design-graphql",
      description: "Design or correct a GraphQL schema (SDL), limits and ADR, no code",
      argumentHint: "<domain or schema file> [--lib strawberry|ariadne] [--federation]",
      editsFiles: true,
      readOnlyBash: GIT_READ,
    },
    steps: [
      serviceBoundary,
      graphqlAuthDesign,
      graphqlDesign,
      ...designReviewLoop({
        designer: agent("graphql-architect"),
        reviewer: "api-reviewer",
        // Read-only by its tools, so the design it checks stays the architect's.
        does: "review the SDL against the schema rules and diff it against the base branch (`graphql-inspector diff 'git:<base-ref>:<sdl>' <sdl>`, `<sdl>` the SDL's path; a Federation 2 subgraph: add `--federation`)",
        reads: ["schema", "adr"],
        decides: ["graphql-schema", "federation"],
        approvals: ["breaking-change", "new-service"],
      }),
      ...designReviewLoop({
        designer: agent("graphql-architect"),
        does: "review object authorization points and query limits in the design",
        reads: ["schema", "adr"],
        decides: ["graphql-schema", "federation"],
        approvals: ["breaking-change", "new-service"],
        when: SECURITY,
      }),
      ...handoffs(["schema", "adr"], { alsoWhen: FEDERATED_ROUTER, notes: DESIGN_NOTES }),
    ],
    stopWhen: ["the schema needs product decisions the user has not made", NO_SUBGRAPH_STOP, REVIEW_LOOP_STOP],
    verify: [
      "the SDL parsed in the review's diff, or the report says graphql-inspector is not installed (the SDL unchecked: an open risk; the implementer builds it before coding)",
      "the schema diff lists every breaking change",
    ],
  },
  {
    id: "graphql-build",
    stopsAt: ["auth-model"],
    title: "GraphQL API",
    appliesTo: "a GraphQL schema with its resolvers and loaders",
    signals: "GraphQL schema, resolvers, loaders or limits in code",
    domain: GRAPHQL,
    command: {
      name: "graphql",
      description: "Design and build a GraphQL API: schema, resolvers, loaders, limits",
      argumentHint: "<schema file or domain> [--lib strawberry|ariadne] [--federation]",
      editsFiles: true,
      readOnlyBash: GIT_READ,
    },
    steps: [
      writePlan,
      serviceBoundary,
      // Size S (a resolver-only fix) is the implementer alone, as everywhere.
      { ...graphqlDesign, when: SCHEMA_CHANGE },
      {
        owner: framework,
        mode: "implement",
        does: "implement resolvers and per-request DataLoaders to the SDL (Ariadne: load it; Strawberry or Graphene: mirror it) with a query-count test; never write the SDL file",
        label: "resolvers and loaders with tests",
        readsIfPresent: ["schema", "adr"],
        writes: ["diff", "report"],
        approvals: CODE_GATES,
      },
      ...securityLoop(),
      { ...documentGraphql, when: SCHEMA_CHANGE },
      ...handoffs(["schema", "adr", "findings", "report"], { alsoWhen: FEDERATED_ROUTER }),
    ],
    stopWhen: [
      "a schema change would break clients and is not approved",
      NO_SUBGRAPH_STOP,
      REVIEW_LOOP_STOP,
      AUTH_MODEL_STOP,
    ],
    verify: ["schema builds and the N+1 query-count test passes", "schema diff reviewed (size S: no schema change)"],
  },
  {
    id: "rest-api",
    title: "REST design only",
    appliesTo: "a REST contract designed before any code, or corrected where the code already does what it should",
    signals:
      "REST endpoints, OpenAPI or event contracts designed first, no code yet, or a contract-only fix (code unchanged)",
    command: {
      name: "design-api",
      description: "Design or correct a REST contract (OpenAPI 3.1) and ADR, no code",
      argumentHint: "<resource or capability> [--out <path>]",
      editsFiles: true,
      readOnlyBash: GIT_READ,
    },
    steps: [
      {
        owner: agent("backend-architect"),
        mode: "design",
        does: "design resources, errors, pagination, idempotency, versioning (events: the AsyncAPI document; a new or changed auth model: its flow and security schemes)",
        label: "contract and ADR",
        consults: ["api-design-principles"],
        readsIfPresent: ["repo", "contract", "events"],
        writes: ["contract", "adr", "events"],
        decides: ["contract-design"],
        approvals: ["breaking-change", "new-service", "auth-model"],
      },
      ...designReviewLoop({
        designer: agent("backend-architect"),
        reviewer: "api-reviewer",
        // Read-only by its tools, so the design it checks stays the architect's.
        does: "review the contract against the house guidelines and diff it against `<base-ref>` (`oasdiff breaking`); an AsyncAPI document: `asyncapi validate` and the same guidelines",
        consults: ["api-design-principles"],
        reads: ["adr"],
        // An events-only design has no OpenAPI contract, a REST-only one no AsyncAPI document.
        readsIfPresent: ["contract", "events"],
        decides: ["contract-design"],
        approvals: ["breaking-change", "new-service", "auth-model"],
      }),
      ...designReviewLoop({
        designer: agent("backend-architect"),
        does: "review auth, object access and limits in the contract or AsyncAPI document",
        reads: ["adr"],
        readsIfPresent: ["contract", "events"],
        decides: ["contract-design"],
        approvals: ["breaking-change", "new-service", "auth-model"],
        when: SECURITY,
      }),
      ...handoffs(["contract", "adr"], { notes: DESIGN_NOTES }),
    ],
    stopWhen: [
      "the contract needs product decisions the user has not made",
      "the user refuses a breaking change",
      REVIEW_LOOP_STOP,
    ],
    verify: [
      "the last review reports no open guideline finding (or the report lists them as open risks), and the contract loaded in its diff (an events-only design: the AsyncAPI document validated; a missing CLI: the report says so)",
      "the guideline review found every operation declaring its problem+json errors",
    ],
  },
  {
    id: "auth",
    title: "OAuth2, OIDC and JWT",
    raises: ["auth"],
    appliesTo:
      "a new or changed auth model: login flow, identity provider, token policy, new or redefined roles or scopes",
    signals: "login, OIDC/OAuth provider, token policy, new or redefined roles or scopes change (the auth model)",
    command: {
      name: "add-auth",
      description: "Add or change the auth model: login, IdP, tokens, roles, scopes",
      argumentHint: "<what to protect> [--provider <idp>] [--framework fastapi|django]",
      editsFiles: true,
      readOnlyBash: GIT_READ,
    },
    steps: [
      writePlan,
      {
        owner: agent("backend-architect"),
        mode: "design",
        does: "design the auth flow (external IdP first), token checks, authorization model and security schemes (no contract file: in the ADR); a new service beside an existing app: apply the split rule first, then design its contract too",
        label: "auth flow, schemes, ADR",
        readsIfPresent: ["repo", "plan", "contract"],
        writes: ["adr", "contract"],
        decides: ["auth-flow-design"],
        approvals: ["auth-model", "breaking-change", "new-service"],
      },
      ...designReviewLoop({
        designer: agent("backend-architect"),
        does: "review the auth design before code",
        reads: ["adr"],
        readsIfPresent: ["contract"],
        decides: ["auth-flow-design"],
        approvals: ["auth-model", "breaking-change"],
      }),
      {
        owner: framework,
        mode: "implement",
        does: "implement the flow, token checks and per-object authorization to the ADR (and contract, if any), with tests; never write the contract file",
        label: "implement with tests",
        reads: ["adr"],
        readsIfPresent: ["plan", "contract"],
        writes: ["diff", "report"],
        approvals: CODE_GATES,
      },
      ...securityLoop({ consults: ["api-design-principles"] }),
      documentRest(["adr"]),
      ...handoffs(["adr", "contract", "findings", "report"]),
    ],
    stopWhen: [
      "the user, asked, picks neither an identity provider (`--provider`) nor local accounts",
      "secrets would have to be committed or printed",
      SPLIT_RULE_FAILS,
      REVIEW_LOOP_STOP,
      AUTH_GRAPHQL_STOP,
    ],
    verify: [
      "tests cover another tenant's object (404) and an expired or wrong-audience token (401)",
      "security sign-off: the last security review reports no open finding",
      CONTRACT_IN_SYNC,
    ],
  },
  {
    id: "microservices",
    stopsAt: ["auth-model"],
    // Every step after the split decision runs only when the split holds, so the flag holds for all of them.
    raises: ["new-service"],
    title: "Microservices",
    appliesTo: "splitting a capability out of an application into its own service, with the messaging it needs",
    signals: "split or extract a capability into its own service",
    command: {
      name: "microservice",
      description: "Decide whether to split, then design and build one service",
      argumentHint: "<service or capability> [--framework fastapi|django]",
      editsFiles: true,
      readOnlyBash: GIT_READ,
    },
    steps: [
      writePlan,
      {
        owner: agent("backend-architect"),
        mode: "design",
        does: 'answer "should we split?" with the split rule; if yes, draw boundaries, data ownership, the new service\'s contract and, for events, the AsyncAPI document (from the template: its pinned dependencies go in the new-service question)',
        label: "split decision, boundaries, contracts",
        consults: ["microservices-patterns"],
        readsIfPresent: ["repo", "plan", "contract"],
        writes: ["adr", "contract", "events"],
        decides: ["contract-design"],
        approvals: ["new-service", "breaking-change"],
      },
      {
        owner: framework,
        mode: "implement",
        does: "implement the service and its messaging (outbox, idempotent consumers) to the contract, with tests (from the template: its pinned dependencies came with the new service's approval); never write the contract file",
        label: "service and messaging with tests",
        consults: ["microservices-patterns"],
        reads: ["adr", "contract"],
        readsIfPresent: ["plan", "events"],
        writes: ["diff", "report"],
        approvals: CODE_GATES,
      },
      ...securityLoop({ consults: ["api-design-principles"] }),
      documentRest(["adr", "events"]),
      ...handoffs(["adr", "contract", "events", "report"]),
    ],
    stopWhen: [
      "the split rule does not hold: recommend the modular monolith and stop",
      REVIEW_LOOP_STOP,
      SPLIT_AUTH_STOP,
      GRAPHQL_STOP,
    ],
    verify: [
      "service tests pass (no test DB: db tests not run)",
      "idempotent consumers tested with a duplicate message",
      CONTRACT_IN_SYNC,
    ],
  },
  {
    id: "scaffold-fastapi",
    title: "Scaffold a FastAPI service",
    appliesTo: "a new, empty FastAPI service from the fastapi-templates assets and nothing more",
    signals: "a new FastAPI service from the template",
    raises: ["new-service", "new-contract", "tables", "migrations", "auth"],
    approvedByInvocation: {
      gates: ["new-service", "auth-model"],
      by: "the service name and `--auth` variant",
      alsoApproves:
        "the template's pinned dependencies, the variants' included (any other security-relevant one still asks)",
    },
    command: {
      name: "scaffold-fastapi",
      description: "Create a FastAPI service from the template and run its tests",
      argumentHint: "<service-name> --auth oidc|jwt|none [--orm sqlalchemy|sqlmodel]",
      editsFiles: true,
      readOnlyBash: ["Bash(git status:*)", "Bash(git diff:*)", DEFAULT_BRANCH],
    },
    steps: [
      writePlan,
      {
        owner: agent("backend-architect"),
        mode: "design",
        does: "record the auth model in an ADR only (no contract): the `--auth` variant (oidc: an IdP; jwt: local accounts; none: a gateway) or a change to it; beside an existing app, apply the split rule",
        label: "auth model ADR",
        readsIfPresent: ["repo", "plan"],
        writes: ["adr"],
        decides: ["auth-flow-design"],
        gate: "the ADR departs from the `--auth` variant",
      },
      ...designReviewLoop({
        designer: agent("backend-architect"),
        does: "review the auth model ADR before code",
        reads: ["adr"],
        decides: ["auth-flow-design"],
        approvals: [],
        gate: "the ADR departs from the `--auth` variant",
      }),
      {
        owner: agent("fastapi-pro"),
        mode: "implement",
        does: "copy the template into the new folder, apply the `--auth` and `--orm` variants (`references/variants.md`), adapt it to the ADR, run its tests and linters; generate the first Alembic revision on the throwaway database the user gives (none: pending)",
        label: "copy, adapt, test the template",
        consults: ["fastapi-templates"],
        reads: ["adr"],
        readsIfPresent: ["repo", "plan"],
        writes: ["diff", "report"],
        approvals: ["migration", "dependency"],
      },
      // The invocation approved the auth model: the template's steps gate only migrations and dependencies.
      ...securityLoop({
        fixer: agent("fastapi-pro"),
        consults: ["api-design-principles"],
        approvals: ["migration", "dependency"],
      }),
      documentRest(["adr"], { fastapiOnly: true }),
      ...handoffs(["plan", "contract", "findings", "report"], {
        notes: {
          jupiter:
            "services, ports, env vars, health checks, workers (jwt: the login throttle counts per process), the migration job (rollout: Saturn)",
        },
      }),
    ],
    stopWhen: [
      "the target folder is not empty: use another, or /mars:build to extend its app",
      "beside an existing app, the split rule does not hold: recommend a module in that app and stop",
      REVIEW_LOOP_STOP,
    ],
    verify: [
      'the template\'s tests pass database-free and against the throwaway TEST_DATABASE_URL the user gives (none: "not run", and the notes say the first migration is pending)',
      "ruff passes",
    ],
  },
  {
    id: "build",
    stopsAt: ["auth-model"],
    title: "Build a backend feature",
    appliesTo: "any other backend or API change in Mars's domain, sized S, M or L",
    signals: "any other change to endpoints, services or their code (events or outbox between existing services: L)",
    command: {
      name: "build",
      description: "Build a backend/API feature end to end with the Mars specialists",
      argumentHint: "<feature> [--framework fastapi|django] [--size s|m|l]",
      editsFiles: true,
      readOnlyBash: GIT_READ,
    },
    steps: [
      writePlan,
      {
        owner: agent("backend-architect"),
        mode: "design",
        does: "design the contract change (events: the AsyncAPI document; no contract file: the operations go in the ADR) and record the decision; a new service beside an existing app: apply the split rule first",
        label: "contract and ADR",
        consults: ["api-design-principles", "architecture-patterns", "microservices-patterns"],
        reads: ["plan"],
        readsIfPresent: ["contract", "events"],
        writes: ["contract", "adr", "events"],
        decides: ["contract-design"],
        when: { sizes: ["L"], flags: CONTRACT_FLAGS },
        approvals: ["breaking-change", "new-service"],
      },
      {
        owner: framework,
        mode: "implement",
        does: "implement the change with tests, to the contract if one exists (additive endpoints: to its conventions); never write the contract file",
        label: "implement with tests",
        consults: ["api-design-principles"],
        readsIfPresent: ["repo", "plan", "contract", "events", "adr"],
        writes: ["diff", "report"],
        approvals: CODE_GATES,
      },
      ...securityLoop({ consults: ["api-design-principles"] }),
      documentRest(["adr", "events"]),
      ...handoffs(["plan", "contract", "findings", "report"]),
    ],
    stopWhen: [
      "a gate is refused",
      "tests fail twice after a fix attempt",
      SPLIT_RULE_FAILS,
      REVIEW_LOOP_STOP,
      AUTH_MODEL_STOP,
      GRAPHQL_STOP,
    ],
    verify: [
      "tests and linters pass (output pasted; no test DB: db tests not run)",
      CONTRACT_IN_SYNC,
      "breaking changes approved",
      "security sign-off when a security flag holds: the last security review reports no open finding",
    ],
  },
];
