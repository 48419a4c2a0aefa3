import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir } from "../helpers/repo.ts";
import { validateCli } from "../helpers/cli.ts";
import { FIXTURE_PLUGIN, run, sharedInstall, type Tarball } from "./tarball.ts";

interface JsonReport {
  findings: { ruleId: string; severity: string; file: string; line: number; column: number; message: string }[];
  summary: { errors: number; warnings: number; notes: number; files: number };
}

let tarball: Tarball;
let installed: string;

/** Runs the installed binary the way a user does: `npx mars-validate …` in their project. */
const npx = (args: string[]) => run("npx", ["--no-install", "mars-validate", ...args], installed);
/** The same binary without npx's own start-up, for the checks that do not need it. */
const bin = (args: string[]) => run(path.join(installed, "node_modules", ".bin", "mars-validate"), args, installed);

beforeAll(() => {
  ({ tarball, installed } = sharedInstall());
});

describe("npm pack", () => {
  it("ships the built validator and library with its types, its launcher, the schemas, the rule pages and the licences, and nothing else", () => {
    const listed = (folder: string, ending: string) =>
      fs
        .readdirSync(path.join(REPO_ROOT, folder))
        .filter((file) => file.endsWith(ending))
        .map((file) => `${folder}/${file}`);
    expect(tarball.files.map((f) => f.path).sort()).toEqual(
      [
        "LICENSE",
        "README.md",
        "package.json",
        "dist/answer.mjs",
        "dist/index.d.ts",
        "dist/index.mjs",
        "dist/mars-validate.mjs",
        "dist/worker.mjs",
        "dist/THIRD-PARTY-NOTICES.md",
        "scripts/bin/mars-validate.js",
        ...listed("scripts/schemas", ".json"),
        ...listed("docs/rules", ".md"),
      ].sort(),
    );
  });

  it("names the bundled packages and their licences in the notices", () => {
    const notices = fs.readFileSync(
      path.join(installed, "node_modules/mars-validate/dist/THIRD-PARTY-NOTICES.md"),
      "utf8",
    );
    for (const name of ["ajv", "yaml", "markdown-it", "jsonc-parser", "picomatch", "semver"])
      expect(notices).toMatch(new RegExp(`^## ${name}@\\d+\\.\\d+\\.\\d+ \\(`, "m"));
    expect(notices).toContain("Permission is hereby granted");
  });
});

describe("the installed package", () => {
  it("installs only its runtime dependencies, with no TypeScript toolchain", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(installed, "node_modules/mars-validate/package.json"), "utf8"),
    ) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      "@seriousme/openapi-schema-validator",
      "esbuild",
      "graphql",
    ]);
    for (const tool of ["tsx", "typescript", "vitest", "fast-glob", "markdown-it"])
      expect(fs.existsSync(path.join(installed, "node_modules", tool)), tool).toBe(false);
  });

  it("validates a plugin through npx exactly as the source checkout does, code blocks and OpenAPI included", async () => {
    const packaged = npx(["--format", "json", FIXTURE_PLUGIN]);
    expect(packaged.stderr).toBe("");
    expect(packaged.code).toBe(1);
    const report = JSON.parse(packaged.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}`)).toEqual([
      ".claude-plugin/plugin.json:1:1 note plugin-manifest-metadata",
      ".claude-plugin/plugin.json:6:3 warning plugin-manifest-schema",
      "agents/API_Reviewer.md:2:7 note agent-name-format",
      "agents/API_Reviewer.md:5:1 warning agent-frontmatter-schema",
      "commands/review-api.md:3:8 error model-valid",
      "skills/orders-api/SKILL.md:11:47 warning code-block-syntax",
      "skills/orders-api/SKILL.md:19:2 warning code-block-syntax",
      "skills/orders-api/assets/openapi.yaml:3:3 warning openapi-valid",
    ]);
    expect(report.summary).toEqual({ errors: 1, warnings: 5, notes: 2, files: 5 });
    // From the same working folder: paths are reported relative to it when the plugin lies inside it.
    const source = await validateCli(["--format", "json", FIXTURE_PLUGIN], installed);
    expect(packaged.stdout).toBe(source.stdout);
  });

  it("exits 0 on a clean plugin, 2 on a usage error, and prints text by default", () => {
    const clean = path.join(tempDir("mars-clean-plugin-"), "hello");
    fs.mkdirSync(path.join(clean, "commands"), { recursive: true });
    fs.writeFileSync(
      path.join(clean, "commands", "hello.md"),
      "---\ndescription: Say hello to the user\n---\n\nSay hello.\n",
    );
    const ok = bin([clean]);
    expect({ code: ok.code, stdout: ok.stdout }).toEqual({ code: 0, stdout: "no problems in 1 file\n" });
    const usage = bin(["--format", "yaml", clean]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown format "yaml"');
    const text = bin([FIXTURE_PLUGIN]);
    expect(text.stdout).toContain('commands/review-api.md:3:8  error  unknown model "sonnett"');
  });

  it("writes nothing into the project: no schema cache, no bundle cache", () => {
    bin([FIXTURE_PLUGIN]);
    expect(fs.existsSync(path.join(installed, "node_modules", ".cache"))).toBe(false);
  });

  it("says what is wrong, without a stack trace, when a copy lacks its build", () => {
    const copy = path.join(tempDir("mars-unbuilt-"), "mars-validate");
    fs.cpSync(path.join(installed, "node_modules", "mars-validate"), copy, { recursive: true });
    fs.rmSync(path.join(copy, "dist"), { recursive: true });
    const result = run(process.execPath, [path.join(copy, "scripts", "bin", "mars-validate.js"), FIXTURE_PLUGIN], copy);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(
      "mars-validate: this copy was installed without its build (dist/ is missing); reinstall it from npm, or from git without --ignore-scripts\n",
    );
  });

  it("carries the mars-house preset inert: enabling it adds no rules", () => {
    const copy = tempDir("mars-house-preset-");
    fs.cpSync(FIXTURE_PLUGIN, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, ".mars-validate.json"), JSON.stringify({ presets: ["mars-house"] }));
    const withPreset = bin(["--format", "json", copy]);
    const without = bin(["--format", "json", FIXTURE_PLUGIN]);
    expect(withPreset.stderr).toBe("");
    expect((JSON.parse(withPreset.stdout) as JsonReport).findings).toEqual(
      (JSON.parse(without.stdout) as JsonReport).findings,
    );
  });
});
