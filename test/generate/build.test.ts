import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, validateCli } from "../helpers/cli.ts";
import { sharedCleanCopy } from "../helpers/checkout.ts";
import { cleanCopy } from "../helpers/repo.ts";
import { changedFiles, edit, snapshotTree } from "../helpers/tree.ts";

const GENERATED = [
  ".claude-plugin/marketplace.json",
  ".claude-plugin/plugin.json",
  "README.md",
  ...fs.readdirSync(path.resolve("agents")).map((f) => `agents/${f}`),
  ...fs.readdirSync(path.resolve("commands")).map((f) => `commands/${f}`),
].sort();

/** The tests after the round trip each edit one checkout, put back after each test. */
const checkout = sharedCleanCopy();

describe("round trip", () => {
  let root: string;
  beforeAll(() => {
    root = cleanCopy();
  });

  it("changes nothing on a clean checkout, twice, and --check agrees", async () => {
    const before = snapshotTree(root);
    expect(buildCli([], root).code).toBe(0);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
    expect(buildCli([], root).code).toBe(0);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
    const check = buildCli(["--check"], root);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`all ${GENERATED.length} generated files are up to date`);
  });

  it("writes LF line ends and a final newline in every generated file", async () => {
    for (const file of GENERATED) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      expect(text.endsWith("\n"), file).toBe(true);
      expect(text.includes("\r"), file).toBe(false);
    }
  });

  it("rebuilds every generated file byte for byte after they are blanked", async () => {
    const before = snapshotTree(root);
    fs.writeFileSync(path.join(root, ".claude-plugin/plugin.json"), "{}\n");
    for (const file of ["agents/mars-orchestrator.md", "README.md", "commands/build.md", "commands/route.md"]) {
      edit(root, file, (t) => t.replace(/(generated:begin [^\n]*\n)[\s\S]*?((?:<!-- |# )generated:end)/g, "$1$2"));
    }
    expect(buildCli([], root).code).toBe(0);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
  });
});

describe("new commands", () => {
  it("creates a missing workflow command from a skeleton with its generated parts", async () => {
    const root = checkout();
    fs.rmSync(path.join(root, "commands/route.md"));
    expect(buildCli([], root).code).toBe(0);
    const text = fs.readFileSync(path.join(root, "commands/route.md"), "utf8");
    expect(text).toMatch(/^---\n# generated:begin frontmatter [^\n]*\ndescription: "Plan which Mars agents, skills/);
    expect(text).toContain("# /mars:route: Triage only");
    expect(text).toContain("## Steps");
    expect(buildCli(["--check"], root).code).toBe(0);
  });
});

describe("drift", () => {
  it("names exactly the orchestrator and the README when an agent description changes, then build fixes both", async () => {
    const root = checkout();
    edit(root, "agents/django-pro.md", (t) =>
      t.replace(/^description: "Builds Django/m, 'description: "Writes Django'),
    );
    const check = buildCli(["--check"], root);
    expect(check.code).toBe(1);
    const drifted = [...check.stdout.matchAll(/^(\S+) is out of date$/gm)].map((m) => m[1]).sort();
    expect(drifted).toEqual(["README.md", "agents/mars-orchestrator.md"]);
    expect(check.stdout).toContain("+ | `mars:django-pro` | Writes Django");
    const before = snapshotTree(root);
    expect(buildCli([], root).code).toBe(0);
    expect(changedFiles(before, snapshotTree(root))).toEqual(["README.md", "agents/mars-orchestrator.md"]);
    expect(buildCli(["--check"], root).code).toBe(0);
  });

  it("is reported by the validator as a finding on the drifted file", async () => {
    const root = checkout();
    edit(root, "commands/docs.md", (t) => t.replace("## Stop when", "## Stop if"));
    const result = await validateCli(["--format", "json", root], root);
    const findings = (
      JSON.parse(result.stdout) as { findings: { ruleId: string; file: string; line: number }[] }
    ).findings.filter((f) => f.ruleId === "generated-up-to-date");
    expect(findings).toEqual([expect.objectContaining({ file: "commands/docs.md" })]);
    const line =
      fs
        .readFileSync(path.join(root, "commands/docs.md"), "utf8")
        .split("\n")
        .findIndex((l) => l === "## Stop if") + 1;
    expect(findings[0]!.line).toBe(line);
    expect(result.code).toBe(1);
  });
});

describe("the catalog is checked against the tree", () => {
  it("refuses to build when an agent that a workflow names is removed, naming the workflow, and writes nothing", async () => {
    const root = checkout();
    fs.rmSync(path.join(root, "agents/api-documenter.md"));
    edit(root, "agents/django-pro.md", (t) =>
      t.replace(/^description: "Builds Django/m, 'description: "Writes Django'),
    );
    const before = snapshotTree(root);
    const build = buildCli([], root);
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/agent "api-documenter" does not exist/);
    expect(build.stderr).toMatch(/workflow "build" step 7/);
    expect(build.stderr).toMatch(/^scripts\/catalog\/\S+:\d+:\d+ /m);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
  });
});

describe("the list of generated files", () => {
  it("is exactly what the generator produces, so link checks and stale-file clean-up cover every target", async () => {
    const { generatedPaths, generate } = await import("../../scripts/generate/generate.ts");
    const { loadConfig } = await import("../../scripts/core/config.ts");
    const { loadProject } = await import("../../scripts/core/validate.ts");
    const { rules } = await import("../../scripts/rules/index.ts");
    const root = checkout();
    const project = loadProject(root, loadConfig(root).config);
    const generation = generate(project, { rules });
    expect(generation.refusals).toEqual([]);
    expect(generation.files.map((f) => f.path).sort()).toEqual(generatedPaths().sort());
  });
});
