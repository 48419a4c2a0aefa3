import type { CapabilityGroup, Moon, Planet, Specialist } from "./types.ts";

export const specialists: readonly Specialist[] = [
  {
    name: "backend-architect",
    useWhen: "a contract, boundary, consistency or resilience decision precedes code; any new service",
    consults: ["api-design-principles", "architecture-patterns", "microservices-patterns"],
  },
  {
    name: "graphql-architect",
    useWhen: "the surface is GraphQL",
    consults: ["api-design-principles"],
  },
  {
    name: "fastapi-pro",
    useWhen: "code changes in a FastAPI project",
    consults: ["fastapi-templates", "api-design-principles"],
  },
  {
    name: "django-pro",
    useWhen: "code changes in a Django, DRF or Ninja project",
    consults: ["api-design-principles", "architecture-patterns"],
  },
  {
    name: "backend-security-coder",
    useWhen: "auth, input handling, object access, outbound calls or webhooks change; sign-off reviews",
    consults: ["api-design-principles"],
  },
  {
    name: "api-documenter",
    useWhen: "a contract changed: spec, lint, breaking-change diff, changelog",
    consults: ["api-design-principles"],
  },
];

export const groups: readonly CapabilityGroup[] = [
  {
    name: "backend-development",
    covers: "design and FastAPI/Django code",
    specialists: ["backend-architect", "fastapi-pro", "django-pro"],
    skills: ["architecture-patterns", "microservices-patterns"],
  },
  {
    name: "api-scaffolding",
    covers: "new REST and GraphQL services",
    specialists: ["fastapi-pro", "graphql-architect"],
    skills: ["fastapi-templates"],
  },
  {
    name: "api-testing-observability",
    covers: "specs, contract checks, docs",
    specialists: ["api-documenter"],
    skills: ["api-design-principles"],
  },
  {
    name: "backend-api-security",
    covers: "auth and OWASP API Top 10 fixes",
    specialists: ["backend-security-coder"],
    skills: ["api-design-principles"],
  },
];

export const moons: readonly Moon[] = [
  {
    name: "Deimos",
    surface: "REST and OpenAPI 3.1",
    specialists: ["backend-architect", "api-documenter"],
    skills: ["api-design-principles"],
  },
  { name: "Phobos", surface: "GraphQL", specialists: ["graphql-architect"], skills: ["api-design-principles"] },
];

export const planets: readonly Planet[] = [
  {
    name: "saturn",
    title: "Saturn",
    domain: "databases",
    receives: "data model, access patterns, migrations to design",
    owns: "schema, indexes, query tuning, migrations",
  },
  {
    name: "venus",
    title: "Venus",
    domain: "frontend",
    receives: "contract, example payloads, auth flow, deprecations",
    owns: "UI and client integration",
  },
  {
    name: "earth",
    title: "Earth",
    domain: "testing",
    receives: "contract, auth flows, risks to test",
    owns: "test strategy, integration and e2e suites",
  },
  {
    name: "jupiter",
    title: "Jupiter",
    domain: "deployment",
    receives: "services, ports, env vars, health checks, migration order",
    owns: "containers, CI/CD, infrastructure, gateways",
  },
  {
    name: "uranus",
    title: "Uranus",
    domain: "security audit",
    receives: "auth design, findings fixed and open",
    owns: "threat models, compliance, whole-system audits",
  },
  {
    name: "neptune",
    title: "Neptune",
    domain: "observability",
    receives: "routes, SLO candidates, trace and log fields",
    owns: "dashboards, SLOs, alerts",
  },
  {
    name: "mercury",
    title: "Mercury",
    domain: "CLI tools",
    receives: "the script's task and the API it calls",
    owns: "CLI tools and scripts",
  },
];
