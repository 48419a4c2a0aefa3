import {
  agent,
  DATA_FLAGS,
  planet,
  type Artifact,
  type ArtifactId,
  type Concern,
  type Planet,
  type Specialist,
} from "./types.ts";

export const specialists: readonly Specialist[] = [
  {
    name: "backend-architect",
    useWhen: "a contract flag or size L",
    consults: ["api-design-principles", "architecture-patterns", "microservices-patterns"],
    domain: ["REST", "HTTP contracts", "service boundaries"],
  },
  {
    name: "graphql-architect",
    useWhen: "a schema change (reviews: api-reviewer)",
    consults: [],
    domain: ["GraphQL"],
  },
  {
    name: "fastapi-pro",
    useWhen: "its security fixes too",
    consults: ["fastapi-templates", "api-design-principles", "architecture-patterns", "microservices-patterns"],
    domain: ["FastAPI"],
  },
  {
    name: "django-pro",
    useWhen: "its security fixes too",
    consults: ["api-design-principles", "architecture-patterns", "microservices-patterns"],
    domain: ["Django", "DRF", "Ninja"],
  },
  {
    name: "backend-security-coder",
    useWhen: "a security flag; never fixes",
    consults: ["api-design-principles"],
    domain: ["API security", "OWASP"],
    readOnlyBash: [
      // Lock-only audits: neither resolves nor builds packages, so a hostile branch runs no code.
      "Bash(pip-audit -r requirements.txt --no-deps --disable-pip)",
      "Bash(uv audit --frozen)",
      "Bash(git status:*)",
      "Bash(git merge-base:*)",
      "Bash(git cat-file -p:*)",
    ],
  },
  {
    name: "api-reviewer",
    useWhen: "guideline and breaking-change reviews",
    consults: ["api-design-principles"],
    domain: ["REST", "API review"],
    readOnlyBash: [
      // With Bash(oasdiff *--open*) in the agent's disallowedTools: no oasdiff form that starts a program.
      "Bash(oasdiff breaking:*)",
      // The flag that keeps $ref from reading files needs oasdiff 1.26 or later: the version is checked first.
      "Bash(oasdiff --version)",
      // With Bash(graphql-inspector *--rule*), *--onComplete*, *--onUsage*, *--require*, * -r* denied: no module is loaded.
      "Bash(graphql-inspector diff:*)",
      // An event contract designed with the REST one is checked in the same review.
      "Bash(asyncapi validate:*)",
      "Bash(git status:*)",
      "Bash(git merge-base:*)",
      "Bash(git cat-file -p:*)",
    ],
  },
  {
    name: "api-documenter",
    useWhen: "a contract flag or additions",
    consults: ["api-design-principles"],
    domain: ["API docs", "OpenAPI"],
  },
];

/** Handoff conditions live here, once: every workflow that hands work to a planet uses them. */
export const planets: readonly Planet[] = [
  {
    name: "saturn",
    title: "Saturn",
    domain: "databases",
    receives: "the report's Migrations section, access patterns, rollout",
    owns: "tuning existing queries (plans, indexes), migration rollout (order, backfills, locking)",
    when: { flags: DATA_FLAGS },
  },
  {
    name: "venus",
    title: "Venus",
    domain: "frontend",
    receives: "contract, example payloads, auth flow, deprecations",
    owns: "UI and client integration",
    when: { flags: ["breaking-contract"] },
  },
  {
    name: "earth",
    title: "Earth",
    domain: "testing",
    receives: "contract, auth flows, risks to test",
    owns: "test strategy, cross-service integration and e2e suites (a service's own tests: its specialist)",
    when: { sizes: ["L"] },
  },
  {
    name: "jupiter",
    title: "Jupiter",
    domain: "deployment",
    receives: "services, ports, env vars, health checks, the migration job (rollout: Saturn)",
    owns: "containers, CI/CD, infrastructure, gateways",
    when: { flags: ["new-service"] },
  },
  {
    name: "uranus",
    title: "Uranus",
    domain: "security audit",
    receives: "auth design, findings fixed and open",
    owns: "threat models, compliance, pen-tests, audits beyond the API code",
    when: { flags: ["auth"] },
  },
  {
    name: "neptune",
    title: "Neptune",
    domain: "observability",
    receives: "routes, SLO candidates, trace and log fields",
    owns: "dashboards, SLOs, alerts",
    when: { flags: ["new-service"] },
  },
  {
    name: "mercury",
    title: "Mercury",
    domain: "CLI tools",
    receives: "the script's task and the API it calls",
    owns: "CLI tools and scripts",
  },
];

const handoffNote = (name: string): Artifact => ({
  kind: "file",
  title: `handoff note for ${name}`,
  path: `.mars/handoffs/${name.toLowerCase()}.md`,
});

export const artifacts: Readonly<Record<ArtifactId, Artifact>> = {
  plan: { kind: "file", title: "plan", path: ".mars/plan.md" },
  routing: { kind: "reply", title: "routing plan" },
  contract: {
    kind: "file",
    title: "contract",
    path: "docs/api/openapi.yaml",
    perService: "docs/api/<service>/openapi.yaml",
    orCommitted: "or the `openapi.*` the repository holds elsewhere, committed or not",
    preexisting: true,
  },
  schema: {
    kind: "file",
    title: "GraphQL SDL",
    path: "docs/api/schema.graphql",
    perService: "docs/api/<service>/schema.graphql",
    orCommitted: "or the `.graphql` SDL the repository holds elsewhere, committed or not",
    preexisting: true,
  },
  events: {
    kind: "file",
    title: "AsyncAPI events",
    path: "docs/api/asyncapi.yaml",
    perService: "docs/api/<service>/asyncapi.yaml",
    preexisting: true,
  },
  export: { kind: "file", title: "code's spec export", path: ".mars/export/" },
  adr: { kind: "file", title: "ADR", path: "docs/adr/NNNN-<slug>.md" },
  repo: { kind: "source", title: "existing code", preexisting: true },
  diff: { kind: "source", title: "code and tests" },
  report: { kind: "reply", title: "implementer's report" },
  findings: { kind: "reply", title: "security findings" },
  review: { kind: "reply", title: "guideline and breaking-change findings" },
  lint: { kind: "reply", title: "lint and diff result" },
  changelog: { kind: "file", title: "changelog entry", path: "CHANGELOG.md", preexisting: true },
  "handoff-saturn": handoffNote("Saturn"),
  "handoff-venus": handoffNote("Venus"),
  "handoff-earth": handoffNote("Earth"),
  "handoff-jupiter": handoffNote("Jupiter"),
  "handoff-uranus": handoffNote("Uranus"),
  "handoff-neptune": handoffNote("Neptune"),
  "handoff-mercury": handoffNote("Mercury"),
};

export const concerns: readonly Concern[] = [
  {
    id: "contract-design",
    title: "REST contract design",
    owner: agent("backend-architect"),
    phrases: ["contract design", "api contract", "http contract"],
  },
  {
    id: "auth-flow-design",
    title: "auth-flow design",
    owner: agent("backend-architect"),
    phrases: ["auth-flow design", "auth flow design", "auth design"],
  },
  {
    id: "graphql-schema",
    title: "GraphQL schema design",
    owner: agent("graphql-architect"),
    phrases: ["graphql schema design", "schema design for graphql"],
  },
  {
    id: "federation",
    title: "GraphQL federation",
    owner: agent("graphql-architect"),
    phrases: ["federation"],
  },
  {
    id: "migration-design",
    title: "migration rollout",
    owner: planet("saturn"),
    phrases: ["migration rollout", "migration design"],
  },
];
