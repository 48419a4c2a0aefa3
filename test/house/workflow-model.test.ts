import { describe, expect, it } from "vitest";
import { catalog, type Catalog, type Step, type Workflow } from "../../scripts/catalog/index.ts";
import { agentTools, commandTools, covers, reviewOnly, roleOf } from "../../scripts/catalog/model.ts";
import { catalogOwnerProblems } from "../../scripts/house/rules/concern-single-owner.ts";
import { exclusionClause, excludes } from "../../scripts/house/rules/skill-consult-domain.ts";
import { flowProblems } from "../../scripts/house/rules/workflow-artifact-flow.ts";

/** The real catalog with one workflow's steps replaced. */
function withSteps(id: string, change: (steps: Step[]) => Step[]): Catalog {
  return {
    ...catalog,
    workflows: catalog.workflows.map((w): Workflow => (w.id === id ? { ...w, steps: change([...w.steps]) } : w)),
  };
}

describe("the workflow model in the catalog", () => {
  it("has no artifact-flow or ownership problem as committed", () => {
    expect(flowProblems()).toEqual([]);
    expect(catalogOwnerProblems()).toEqual([]);
  });

  it("finds a read of what a parallel step writes", () => {
    // design-api with the documenter's lint running in parallel with the architect that writes the contract.
    const broken = withSteps("rest-api", (steps) => steps.map((s, i) => (i === 1 ? { ...s, parallel: true } : s)));
    expect(flowProblems(broken)).toContainEqual(
      expect.objectContaining({
        workflow: "rest-api",
        step: 2,
        artifact: "contract",
        message: expect.stringMatching(/in parallel/),
      }),
    );
  });

  it("finds a read whose writer runs under a narrower condition", () => {
    // The fix step runs always, but the review that writes its findings only on a security flag.
    const broken = withSteps("build", (steps) => steps.map((s) => (s.mode === "fix" ? { ...s, when: undefined } : s)));
    expect(flowProblems(broken)).toContainEqual(
      expect.objectContaining({ workflow: "build", artifact: "findings", message: expect.stringMatching(/narrower/) }),
    );
  });

  it("finds a read that nothing before it writes", () => {
    const broken = withSteps("review-api", (steps) => [{ ...steps[0]!, reads: ["lint"] }, ...steps.slice(1)]);
    expect(flowProblems(broken)).toContainEqual(
      expect.objectContaining({
        workflow: "review-api",
        step: 1,
        artifact: "lint",
        message: expect.stringMatching(/no earlier step/),
      }),
    );
  });

  it("finds a concern decided by someone other than its owner", () => {
    // The first design step of /mars:add-auth handed to the security reviewer.
    const first = catalog.workflows.find((w) => w.id === "auth")!.steps.findIndex((s) => s.decides?.length);
    const broken = withSteps("auth", (steps) =>
      steps.map((s, i) => (i === first ? { ...s, owner: { kind: "agent", name: "backend-security-coder" } } : s)),
    );
    expect(catalogOwnerProblems(broken)).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /decides auth-flow design, which backend-architect owns, but backend-security-coder runs it/,
        ),
      }),
    ]);
  });

  it("reads conditions as alternatives, with any flag meaning at least M", () => {
    expect(covers({ sizes: ["M", "L"] }, { sizes: ["L"], flags: ["new-contract"] })).toBe(true);
    expect(covers({ sizes: ["L"] }, { flags: ["new-contract"] })).toBe(false);
    expect(covers(undefined, { option: "--fix" })).toBe(true);
    expect(covers({ flags: ["auth"] }, undefined)).toBe(false);
  });
});

describe("tools derived from modes and artifacts", () => {
  it("gives review-only roles no Edit, Write or unscoped Bash, and writers Write", () => {
    for (const name of ["backend-security-coder", "api-reviewer"] as const) {
      expect(reviewOnly(roleOf(catalog, name))).toBe(true);
      expect(agentTools(catalog, name).filter((t) => ["Edit", "Write", "Bash", "NotebookEdit"].includes(t))).toEqual(
        [],
      );
    }
    for (const name of ["backend-architect", "graphql-architect"] as const) {
      expect(agentTools(catalog, name)).toContain("Write");
      expect(agentTools(catalog, name)).not.toContain("Bash");
    }
    expect(agentTools(catalog, "fastapi-pro")).toEqual(expect.arrayContaining(["Edit", "Write", "Bash"]));
  });

  it("gives a command Write only when it writes a note itself, and an allowlist of exactly its agents", () => {
    const review = catalog.workflows.find((w) => w.id === "review-api")!;
    expect(commandTools(catalog, review)).not.toContain("Write");
    expect(commandTools(catalog, review)).toContain("Agent(mars:api-reviewer, mars:backend-security-coder)");
    const secure = catalog.workflows.find((w) => w.id === "security-review")!;
    expect(commandTools(catalog, secure)).not.toContain("Write");
    const build = catalog.workflows.find((w) => w.id === "build")!;
    expect(commandTools(catalog, build)).toContain("Write");
  });
});

describe("skill domains", () => {
  it("reads the exclusion clause and matches agents by name or domain word", () => {
    const clause = exclusionClause(
      "This skill should be used when designing REST APIs. Not for GraphQL (use mars:graphql-architect).",
    );
    expect(clause).toBe("Not for GraphQL (use mars:graphql-architect).");
    expect(excludes(clause, "graphql-architect", [])).toMatch(/mars:graphql-architect/);
    expect(excludes("Not for Django or HTTP contracts", "django-pro", ["Django"])).toMatch(/Django/);
    expect(excludes(clause, "fastapi-pro", ["FastAPI"])).toBeUndefined();
  });
});
