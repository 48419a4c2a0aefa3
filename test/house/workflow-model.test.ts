import { describe, expect, it } from "vitest";
import { catalog, type Catalog, type Step, type Workflow } from "../../scripts/catalog/index.ts";
import fs from "node:fs";
import path from "node:path";
import {
  agentTools,
  commandTools,
  conditionTag,
  conditionText,
  covers,
  requiredApprovals,
  reviewOnly,
  roleOf,
} from "../../scripts/catalog/model.ts";
import { gateProblems } from "../../scripts/house/rules/approval-gates-carried.ts";
import { catalogOwnerProblems } from "../../scripts/house/rules/concern-single-owner.ts";
import { rereviewProblems } from "../../scripts/house/rules/fix-rereviewed.ts";
import { exclusionClause, excludes, workflowDomainProblems } from "../../scripts/house/rules/skill-consult-domain.ts";
import { flowProblems } from "../../scripts/house/rules/workflow-artifact-flow.ts";
import { REPO_ROOT } from "../helpers/repo.ts";

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

  it("treats additions to the contract file as an alternative a writer must share", () => {
    const additions = { flags: ["new-contract", "breaking-contract"], additions: true } as const;
    expect(conditionText(additions)).toBe("a contract flag or additions to the contract file");
    expect(conditionTag(additions)).toBe("contract|additions");
    // A step that runs on additions can read what an always-running step wrote, not what a contract-flag step wrote.
    expect(covers(undefined, additions)).toBe(true);
    expect(covers({ flags: ["new-contract", "breaking-contract"] }, additions)).toBe(false);
    expect(covers(additions, additions)).toBe(true);
    expect(covers(additions, { flags: ["new-contract"] })).toBe(true);
  });

  it("reads a findings condition as running only after the review that reported them", () => {
    // The fix runs on findings only; its findings come from a review under a security flag.
    expect(flowProblems().filter((p) => p.artifact === "findings")).toEqual([]);
    expect(covers({ findings: true }, { findings: true })).toBe(true);
    expect(covers({ findings: true }, undefined)).toBe(false);
    expect(covers({ option: "--fix", findings: true }, { option: "--fix", findings: true })).toBe(true);
    expect(conditionText({ findings: true })).toBe("the review before it reported findings");
    expect(conditionText({ option: "--fix", findings: true })).toBe(
      "--fix is given, and the review before it reported findings",
    );
    expect(conditionTag({ findings: true })).toBe("findings");
    // A fix whose findings no review writes is caught.
    const broken = withSteps("build", (steps) => steps.filter((s) => !(s.mode === "review" && s.when?.flags)));
    expect(flowProblems(broken)).toContainEqual(
      expect.objectContaining({
        workflow: "build",
        artifact: "findings",
        message: expect.stringMatching(/no earlier step/),
      }),
    );
  });

  it("has every fix re-reviewed by the reviewer that found the issues", () => {
    expect(rereviewProblems()).toEqual([]);
    const noRereview = withSteps("build", (steps) =>
      steps.filter((s, i) => !(s.mode === "review" && steps[i - 1]?.mode === "fix")),
    );
    expect(rereviewProblems(noRereview)).toEqual([
      expect.objectContaining({
        workflow: "build",
        message: expect.stringMatching(/backend-security-coder re-review/),
      }),
    ]);
    // A re-review that runs only under a security flag does not cover a fix that runs on findings.
    const narrower = withSteps("auth", (steps) =>
      steps.map((s, i) =>
        s.mode === "review" && steps[i - 1]?.mode === "fix" ? { ...s, when: { flags: ["auth"] } } : s,
      ),
    );
    expect(rereviewProblems(narrower)).toHaveLength(1);
    // Another reviewer does not count: the one whose findings were fixed must look again.
    const otherReviewer = withSteps("security-fix", (steps) =>
      steps.map((s, i) => (i === 2 ? { ...s, owner: { kind: "agent", name: "api-reviewer" } } : s)),
    );
    expect(rereviewProblems(otherReviewer)).toHaveLength(1);
  });

  it("carries each approval gate on every step where it can hold", () => {
    expect(gateProblems()).toEqual([]);
    const build = catalog.workflows.find((w) => w.id === "build")!;
    const implement = build.steps.find((s) => s.mode === "implement")!;
    expect(requiredApprovals(catalog, build, implement)).toEqual(["migration", "dependency"]);
    const scaffold = catalog.workflows.find((w) => w.id === "scaffold-fastapi")!;
    expect(
      requiredApprovals(
        catalog,
        scaffold,
        scaffold.steps.find((s) => s.mode === "implement")!,
      ),
    ).toContain("new-service");
    const stripped = withSteps("build", (steps) =>
      steps.map((s) => (s.mode === "implement" ? { ...s, approvals: [] } : s)),
    );
    expect(gateProblems(stripped).map((p) => p.gate)).toEqual(["migration", "dependency"]);
    // A workflow that stops at a gate instead of asking (a security fix that needs a schema
    // change goes to /mars:build) need not carry it; without the stop, the gate is missing.
    const fix = catalog.workflows.find((w) => w.id === "security-fix")!;
    expect(fix.stopsAt).toEqual(["migration", "breaking-change", "auth-model"]);
    expect(fix.stopWhen.some((line) => /schema change/.test(line))).toBe(true);
    const asking = { ...catalog, workflows: catalog.workflows.map((w) => (w === fix ? { ...w, stopsAt: [] } : w)) };
    expect(gateProblems(asking).map((p) => [p.workflow, p.gate])).toEqual([["security-fix", "migration"]]);
  });

  it("lets every command that briefs an agent compute <base-ref> (git merge-base), and no other git command it never runs", () => {
    for (const workflow of catalog.workflows.filter((w) => w.command)) {
      const tools = commandTools(catalog, workflow);
      const briefs = tools.some((t) => t.startsWith("Agent("));
      expect([workflow.id, tools.includes("Bash(git merge-base:*)")]).toEqual([
        workflow.id,
        briefs || workflow.id === "route",
      ]);
      expect(tools).not.toContain("Bash(git show:*)");
    }
  });

  it("asks a new service once: the steps after a split decision that always runs do not carry it again", () => {
    // /mars:microservice raises new-service, so its implementer can hit the gate; the architect asked it first.
    const microservice = catalog.workflows.find((w) => w.id === "microservices")!;
    const implement = microservice.steps.find((s) => s.mode === "implement")!;
    expect(microservice.raises).toContain("new-service");
    expect(requiredApprovals(catalog, microservice, implement)).toContain("new-service");
    expect(implement.approvals).not.toContain("new-service");
    expect(gateProblems().filter((p) => p.workflow === "microservices")).toEqual([]);
    // The same decision behind a condition may not have run: then the implementer must carry it.
    const conditional = withSteps("microservices", (steps) =>
      steps.map((s) => (s.mode === "design" ? { ...s, when: { sizes: ["L"] } } : s)),
    );
    expect(gateProblems(conditional).map((p) => [p.workflow, p.gate])).toEqual([["microservices", "new-service"]]);
    // A gate found while coding (a migration) is never "asked once": every fix step carries it again.
    const fixStripped = withSteps("build", (steps) =>
      steps.map((s) => (s.mode === "fix" ? { ...s, approvals: [] } : s)),
    );
    expect(gateProblems(fixStripped).map((p) => [p.workflow, p.gate])).toEqual([
      ["build", "migration"],
      ["build", "dependency"],
    ]);
  });

  it("reads conditions as alternatives, with any flag meaning at least M", () => {
    expect(covers({ sizes: ["M", "L"] }, { sizes: ["L"], flags: ["new-contract"] })).toBe(true);
    expect(covers({ sizes: ["L"] }, { flags: ["new-contract"] })).toBe(false);
    expect(covers(undefined, { option: "--fix" })).toBe(true);
    expect(covers({ flags: ["auth"] }, undefined)).toBe(false);
    // A design decision is its own alternative: only a writer that runs on it covers a reader that does.
    expect(covers({ flags: ["new-service"], decided: "federation" }, { decided: "federation" })).toBe(true);
    expect(covers({ flags: ["new-service"] }, { decided: "federation" })).toBe(false);
    expect(conditionText({ flags: ["new-service"], decided: "federation" })).toBe(
      "a new service or the design federates",
    );
  });

  it("notes Jupiter for a federated GraphQL design, and only Venus from a docs run", () => {
    for (const id of ["graphql-design", "graphql-build"]) {
      const jupiter = catalog.workflows
        .find((w) => w.id === id)!
        .steps.find((s) => s.owner.kind === "planet" && s.owner.name === "jupiter")!;
      expect(jupiter.when).toEqual({ flags: ["new-service"], decided: "federation" });
    }
    const docs = catalog.workflows.find((w) => w.id === "api-docs")!;
    expect(
      docs.steps.filter((s) => s.owner.kind === "planet").map((s) => s.owner.kind === "planet" && s.owner.name),
    ).toEqual(["venus"]);
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
      // A design role writes whole design files (the content guide's design-role tools): no Edit.
      expect(agentTools(catalog, name)).toContain("Write");
      expect(agentTools(catalog, name)).not.toContain("Edit");
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
    // A review promised to edit nothing cannot start an agent that edits.
    expect(commandTools(catalog, secure)).toContain("Agent(mars:backend-security-coder)");
    const fix = catalog.workflows.find((w) => w.id === "security-fix")!;
    expect(commandTools(catalog, fix)).toContain(
      "Agent(mars:backend-security-coder, mars:fastapi-pro, mars:django-pro)",
    );
    const build = catalog.workflows.find((w) => w.id === "build")!;
    expect(commandTools(catalog, build)).toContain("Write");
    // The scaffold is FastAPI only: its fix goes to fastapi-pro, and django-pro is not allowlisted.
    const scaffold = catalog.workflows.find((w) => w.id === "scaffold-fastapi")!;
    expect(commandTools(catalog, scaffold).find((t) => t.startsWith("Agent("))).not.toMatch(/django-pro/);
  });
});

describe("skill domains", () => {
  const descriptions = new Map(
    catalog.skills.map((skill) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, "skills", skill, "SKILL.md"), "utf8");
      return [skill, /^description: (.*)$/m.exec(text)![1]!] as const;
    }),
  );

  it("keeps GraphQL workflows off a skill that is not for GraphQL", () => {
    expect(workflowDomainProblems(catalog, descriptions)).toEqual([]);
    const broken = withSteps("graphql-build", (steps) =>
      steps.map((s) => (s.mode === "review" ? { ...s, consults: ["api-design-principles"] } : s)),
    );
    expect(workflowDomainProblems(broken, descriptions)).toContainEqual(
      expect.objectContaining({ workflow: "graphql-build", skill: "api-design-principles" }),
    );
  });

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
