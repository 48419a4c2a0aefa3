import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Ajv } from "ajv";
import { bundled } from "./helpers/bundle.ts";
import { validateCli } from "./helpers/cli.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { classifyFile, findPlugins } from "../scripts/calibrate/file-class.ts";
import { matchFindings, normaliseMessage, quotedValues } from "../scripts/calibrate/ledger.ts";
import { tallyRepository } from "../scripts/calibrate/tally.ts";
import type { Ledger, LedgerEntry } from "../scripts/calibrate/types.ts";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const BIN = path.join(ROOT, "scripts/bin/mars-validate.js");
const FIXTURES = path.join(ROOT, "test/fixtures/calibration");
const run = promisify(execFile);

/**
 * Clean fixtures the validator still flags, each with what it reports today. A fixture here is
 * skipped in the "zero errors and warnings" test and must still be noisy (so that an entry is
 * removed as soon as its fix lands).
 */
const KNOWN_NOISY: Record<string, string> = {};

/**
 * Defect fixtures reported by the right rule today, but at a severity that does not match the
 * consequence (issue 11, item 2): only the rule and file are checked for them, not the severity.
 */
const KNOWN_SEVERITY: Record<string, string> = {};

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line?: number;
}

interface Expectation {
  rules: string[];
  severity: string;
  file: string | undefined;
  text: string;
}

function fixtureNames(kind: "clean" | "defects"): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A fixture with a build.mjs is copied to a scratch folder first; build.mjs adds what git cannot hold. */
async function prepare(dir: string): Promise<string> {
  const build = path.join(dir, "build.mjs");
  if (!fs.existsSync(build)) return dir;
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "mars-calibration-"));
  fs.cpSync(dir, target, { recursive: true });
  fs.rmSync(path.join(target, "build.mjs"));
  fs.rmSync(path.join(target, "expected.txt"), { force: true });
  const module = (await import(pathToFileURL(build).href)) as { default: (dir: string) => void | Promise<void> };
  await module.default(target);
  return target;
}

/** The validator's JSON report for a folder, from the CLI run in this process with the caller's environment. */
async function report(root: string): Promise<string> {
  // From inside the folder, so reported paths are relative to it.
  const result = await validateCli([".", "--format", "json"], root, process.env);
  // Exit 1 only means the validator found errors; anything else is a failure of the run.
  if (result.code !== 0 && result.code !== 1) throw new Error(`${root}: exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/**
 * Runs the validator's command line on a fixture. It runs in this process: a separate process
 * per fixture cost about 0.4 s of CPU each, spent starting Node and loading the bundle; one test
 * below checks that the installed launcher prints the same report.
 */
async function validate(dir: string): Promise<Finding[]> {
  const root = await prepare(dir);
  return (JSON.parse(await report(root)) as { findings: Finding[] }).findings;
}

async function validateAll(dirs: string[]): Promise<Map<string, Finding[]>> {
  const results = new Map<string, Finding[]>();
  const queue = [...dirs];
  const worker = async () => {
    for (let dir = queue.shift(); dir; dir = queue.shift()) results.set(dir, await validate(dir));
  };
  // A run that checks Python code blocks waits on python3, so a few runs overlap.
  await Promise.all(Array.from({ length: 4 }, worker));
  return results;
}

function readExpectations(dir: string): Expectation[] {
  return fs
    .readFileSync(path.join(dir, "expected.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((text) => {
      const [rules = "", severity = "", file] = text.split(/\s+/);
      return { rules: rules.split("|"), severity, file, text };
    });
}

const describeFinding = (f: Finding) => `${f.severity} ${f.ruleId} ${f.file}:${f.line ?? "?"} ${f.message}`;
const isNoisy = (f: Finding) => f.severity === "error" || f.severity === "warning";

describe("calibration fixtures", () => {
  const clean = fixtureNames("clean");
  const defects = fixtureNames("defects");
  let results = new Map<string, Finding[]>();

  beforeAll(async () => {
    results = await validateAll([
      ...clean.map((name) => path.join(FIXTURES, "clean", name)),
      ...defects.map((name) => path.join(FIXTURES, "defects", name)),
    ]);
  }, 600_000);

  it("prints the same report through the launcher a user runs (scripts/bin/mars-validate.js) as in this process", async () => {
    const root = await prepare(path.join(FIXTURES, "defects", defects[0]!));
    const launched = await run(process.execPath, [BIN, ".", "--format", "json"], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
      if (error.code !== 1 || !error.stdout) throw new Error(`exit ${error.code}: ${error.stderr ?? ""}`);
      return { stdout: error.stdout };
    });
    expect(JSON.parse(launched.stdout)).toEqual(JSON.parse(await report(root)));
    expect((JSON.parse(launched.stdout) as { findings: Finding[] }).findings.length).toBeGreaterThan(0);
  });

  it("lists only existing clean fixtures as known noisy, and only existing defects as known severity gaps", () => {
    expect(Object.keys(KNOWN_NOISY).filter((name) => !clean.includes(name))).toEqual([]);
    expect(Object.keys(KNOWN_SEVERITY).filter((name) => !defects.includes(name))).toEqual([]);
  });

  describe.each(clean)("clean/%s", (name) => {
    const reason = KNOWN_NOISY[name];
    it.skipIf(reason !== undefined)("has no errors and no warnings", () => {
      const findings = results.get(path.join(FIXTURES, "clean", name))!.filter(isNoisy);
      expect(findings.map(describeFinding)).toEqual([]);
    });
    it.runIf(reason !== undefined)(`is still flagged (${reason}); remove it from KNOWN_NOISY once it is clean`, () => {
      const findings = results.get(path.join(FIXTURES, "clean", name))!.filter(isNoisy);
      expect(findings.length).toBeGreaterThan(0);
    });
  });

  describe.each(defects)("defects/%s", (name) => {
    it("reports every expected rule, each with its own finding", () => {
      const dir = path.join(FIXTURES, "defects", name);
      const expectations = readExpectations(dir);
      expect(expectations.length).toBeGreaterThan(0);
      const unmatched = [...results.get(dir)!];
      const checkSeverity = KNOWN_SEVERITY[name] === undefined;
      const missing: string[] = [];
      for (const expectation of expectations) {
        const at = unmatched.findIndex(
          (f) =>
            expectation.rules.includes(f.ruleId) &&
            (expectation.file === undefined || f.file === expectation.file) &&
            (!checkSeverity || f.severity === expectation.severity),
        );
        if (at === -1) missing.push(expectation.text);
        else unmatched.splice(at, 1);
      }
      expect(missing, `reported: ${results.get(dir)!.map(describeFinding).join("; ")}`).toEqual([]);
    });
  });
});

describe("calibration ledger", () => {
  const ledger = JSON.parse(fs.readFileSync(path.join(ROOT, "test/calibration/ledger.json"), "utf8")) as Ledger;

  it("validates against its JSON Schema", () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(ROOT, "test/calibration/ledger.schema.json"), "utf8"),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: true });
    const check = ajv.compile(schema);
    const valid = check(ledger);
    expect(check.errors ?? [], ajv.errorsText(check.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it("judges entries only for the listed repositories, at the listed commit", () => {
    const commits = new Map(ledger.repositories.map((r) => [r.repository, r.commit]));
    const strays = ledger.entries.filter((e) => commits.get(e.repository) !== e.commit);
    expect(strays.map((e) => `${e.repository}@${e.commit} ${e.rule}`)).toEqual([]);
  });

  it("accounts for every finding of the judged run: per repository the entries cover exactly its findings", () => {
    for (const repository of ledger.repositories) {
      const covered = ledger.entries
        .filter((e) => e.repository === repository.repository && e.foundAfter !== true)
        .reduce((sum, e) => sum + (e.count ?? 1), 0);
      expect(covered, repository.repository).toBe(repository.before.findings);
      expect(repository.before.errors + repository.before.warnings).toBe(repository.before.findings);
    }
  });

  it("names a clean fixture for every false-positive class it records", () => {
    // Classes without a fixture: a house-preset rule the default run does not include, and a
    // name that is only wrong outside Anthropic's own repositories.
    const withoutFixture = new Set(["stale-idiom-vendor-fact", "official-marketplace-name"]);
    const fixtures = new Set(fs.readdirSync(path.join(FIXTURES, "clean")));
    const missing = new Set(
      ledger.entries
        .filter((e) => e.verdict === "false" && e.class !== undefined && !withoutFixture.has(e.class))
        .map((e) => e.class!)
        .filter((name) => !fixtures.has(name)),
    );
    expect([...missing]).toEqual([]);
  });

  it("gives each entry that names a finding by file a message, key or fragment to match on", () => {
    const loose = ledger.entries.filter(
      (e) =>
        e.file !== undefined &&
        e.message === undefined &&
        e.key === undefined &&
        e.contains === undefined &&
        e.count === undefined,
    );
    expect(loose).toEqual([]);
  });
});

describe("calibrate", () => {
  const finding = (file: string, line: number, message: string, ruleId = "link-target-exists", severity = "error") => ({
    ruleId,
    severity,
    message,
    file,
    line,
  });

  it("normalises numbers and whitespace in messages and reads quoted values", () => {
    expect(normaliseMessage("agent  description has 1,984 characters;\\n keep it at most 1024")).toBe(
      "agent description has # characters;\\n keep it at most #",
    );
    expect(quotedValues('unknown tool "LS" in `tools` of "a b"')).toEqual(["LS", "tools", "a b"]);
  });

  it("matches on file and message, survives line shifts and prefers the nearest line", () => {
    const entries: LedgerEntry[] = [
      {
        repository: "o/r",
        commit: "a".repeat(40),
        rule: "link-target-exists",
        file: "skills/a/SKILL.md",
        line: 10,
        message: 'link target "x.md" does not exist',
        verdict: "real",
        why: "the reference is missing",
      },
      {
        repository: "o/r",
        commit: "a".repeat(40),
        rule: "link-target-exists",
        file: "skills/a/SKILL.md",
        line: 40,
        message: 'link target "x.md" does not exist',
        verdict: "false",
        why: "a template placeholder",
      },
      {
        repository: "o/r",
        commit: "a".repeat(40),
        rule: "link-target-exists",
        files: "docs/**",
        contains: "does not exist",
        verdict: "false",
        why: "docs are not loaded",
      },
      {
        repository: "o/r",
        commit: "a".repeat(40),
        rule: "tool-names-valid",
        files: "**",
        key: "LS",
        verdict: "real",
        why: "a dead tool name",
      },
      {
        repository: "other/repo",
        commit: "b".repeat(40),
        rule: "link-target-exists",
        files: "**",
        verdict: "real",
        why: "another repository",
      },
    ];
    const matches = matchFindings({ entries }, "o/r", [
      finding("skills/a/SKILL.md", 13, 'link target "x.md" does not exist'), // shifted by 3 lines
      finding("skills/a/SKILL.md", 44, 'link target "x.md" does not exist'),
      finding("docs/guide.md", 2, 'link target "y.md" does not exist'),
      finding("agents/a.md", 4, '"LS" is not a Claude Code tool, so the entry is dropped', "tool-names-valid"),
      finding("agents/a.md", 4, '"MultiEdit" is not a Claude Code tool', "tool-names-valid"),
      finding("skills/a/SKILL.md", 13, 'link target "z.md" does not exist'),
    ]);
    expect(matches.map((m) => m.entryIndex)).toEqual([0, 1, 2, 3, undefined, undefined]);
  });

  it("narrows class entries by file class, which outranks a message fragment", () => {
    const entries: LedgerEntry[] = [
      {
        repository: "o/r",
        commit: "a".repeat(40),
        rule: "external-ref-declared",
        files: "**",
        contains: "names plugin",
        verdict: "real",
        why: "a stale alias in a loaded file",
      },
      {
        repository: "o/r",
        commit: "a".repeat(40),
        rule: "external-ref-declared",
        fileClasses: ["readme", "docs"],
        verdict: "false",
        why: "never loaded by Claude Code",
      },
    ];
    const classOf = (file: string) => (file.endsWith("README.md") ? "readme" : "skill");
    const matches = matchFindings(
      { entries },
      "o/r",
      [
        finding("README.md", 3, '"/x:y" names plugin "x"', "external-ref-declared"),
        finding("skills/s/SKILL.md", 3, '"/x:y" names plugin "x"', "external-ref-declared"),
      ],
      classOf,
    );
    expect(matches.map((m) => m.entryIndex)).toEqual([1, 0]);
  });

  describe("on a synthetic marketplace", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "mars-calibrate-"));
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      };
      write(
        ".claude-plugin/marketplace.json",
        JSON.stringify({
          name: "m",
          owner: { name: "o" },
          plugins: [
            { name: "p", source: "./plugins/p" },
            { name: "q", source: "./q", agents: ["./custom/one.md"] },
          ],
        }),
      );
      write("plugins/p/.claude-plugin/plugin.json", JSON.stringify({ name: "p", commands: ["./extra"] }));
      for (const file of [
        "plugins/p/agents/a.md",
        "plugins/p/agents/README.md",
        "plugins/p/skills/s/SKILL.md",
        "plugins/p/skills/s/references/r.md",
        "plugins/p/skills/s/README.md",
        "plugins/p/commands/c.md",
        "plugins/p/extra/e.md",
        "plugins/p/output-styles/o.md",
        "plugins/p/hooks/hooks.json",
        "plugins/p/hooks/run.sh",
        "plugins/p/.mcp.json",
        "plugins/p/README.md",
        "plugins/p/CHANGELOG.md",
        "plugins/p/docs/d.md",
        "plugins/p/templates/t.md",
        "plugins/p/scripts/x.py",
        "q/custom/one.md",
        ".opencode/agent/a.md",
        ".claude/rules/r.md",
        "templates/app.json.j2",
        "RELEASE-NOTES.md",
        "notes.md",
      ])
        write(file, "x\n");
    });

    it("sorts files into what Claude Code loads and what it never reads", () => {
      const plugins = findPlugins(dir);
      expect(plugins.map((p) => p.root).sort()).toEqual(["plugins/p", "q"]);
      const classes = Object.fromEntries(
        [
          ".claude-plugin/marketplace.json",
          "plugins/p/.claude-plugin/plugin.json",
          "plugins/p/agents/a.md",
          "plugins/p/agents/README.md",
          "plugins/p/skills/s/SKILL.md",
          "plugins/p/skills/s/references/r.md",
          "plugins/p/skills/s/README.md",
          "plugins/p/commands/c.md",
          "plugins/p/extra/e.md",
          "plugins/p/output-styles/o.md",
          "plugins/p/hooks/hooks.json",
          "plugins/p/hooks/run.sh",
          "plugins/p/.mcp.json",
          "plugins/p/README.md",
          "plugins/p/CHANGELOG.md",
          "plugins/p/docs/d.md",
          "plugins/p/templates/t.md",
          "plugins/p/scripts/x.py",
          "q/custom/one.md",
          ".opencode/agent/a.md",
          ".claude/rules/r.md",
          "templates/app.json.j2",
          "RELEASE-NOTES.md",
          "notes.md",
        ].map((file) => [file, classifyFile(file, plugins)]),
      );
      expect(classes).toEqual({
        ".claude-plugin/marketplace.json": "manifest",
        "plugins/p/.claude-plugin/plugin.json": "manifest",
        "plugins/p/agents/a.md": "agent",
        // agents/ is scanned recursively, so a README there is loaded as an agent.
        "plugins/p/agents/README.md": "agent",
        "plugins/p/skills/s/SKILL.md": "skill",
        "plugins/p/skills/s/references/r.md": "skill-resource",
        "plugins/p/skills/s/README.md": "readme",
        "plugins/p/commands/c.md": "command",
        "plugins/p/extra/e.md": "command",
        "plugins/p/output-styles/o.md": "output-style",
        "plugins/p/hooks/hooks.json": "hooks",
        "plugins/p/hooks/run.sh": "hooks",
        "plugins/p/.mcp.json": "mcp-lsp",
        "plugins/p/README.md": "readme",
        "plugins/p/CHANGELOG.md": "changelog",
        "plugins/p/docs/d.md": "docs",
        "plugins/p/templates/t.md": "template",
        "plugins/p/scripts/x.py": "other",
        "q/custom/one.md": "agent",
        ".opencode/agent/a.md": "other-harness",
        ".claude/rules/r.md": "own-claude",
        "templates/app.json.j2": "template",
        "RELEASE-NOTES.md": "changelog",
        "notes.md": "other",
      });
    });

    it("counts per rule, per file class and per verdict, and lists what nobody has judged", () => {
      const commit = "c".repeat(40);
      const findings = [
        finding("plugins/p/skills/s/SKILL.md", 5, 'link target "gone.md" does not exist'),
        finding("plugins/p/skills/s/SKILL.md", 9, 'link target "gone.md" does not exist'),
        finding("plugins/p/README.md", 3, 'link target "LICENSE" does not exist'),
        finding("plugins/p/agents/a.md", 2, 'unknown property "created"', "agent-frontmatter-schema", "warning"),
        finding("plugins/p/docs/d.md", 7, "code fence is never closed", "code-block-syntax", "warning"),
      ];
      const ledger = {
        entries: [
          {
            repository: "o/m",
            commit,
            rule: "link-target-exists",
            file: "plugins/p/skills/s/SKILL.md",
            message: 'link target "gone.md" does not exist',
            verdict: "real",
            why: "a dead reference",
            count: 2,
          },
          {
            repository: "o/m",
            commit,
            rule: "link-target-exists",
            fileClasses: ["readme"],
            verdict: "false",
            why: "never loaded",
            class: "not-loaded-files",
          },
          {
            repository: "o/m",
            commit,
            rule: "agent-frontmatter-schema",
            files: "**",
            key: "created",
            verdict: "debatable",
            why: "bookkeeping key",
          },
          {
            repository: "o/m",
            commit,
            rule: "hook-event-type",
            files: "**",
            verdict: "real",
            why: "a matcher that never fires",
          },
        ] satisfies LedgerEntry[],
      };
      const report = tallyRepository(
        { repository: "o/m", commit, target: dir, exitCode: 1, findings, plugins: findPlugins(dir) },
        ledger,
      );
      expect({ findings: report.findings, errors: report.errors, warnings: report.warnings }).toEqual({
        findings: 5,
        errors: 3,
        warnings: 2,
      });
      expect(report.byRule.map((r) => [r.rule, r.findings])).toEqual([
        ["link-target-exists", 3],
        ["agent-frontmatter-schema", 1],
        ["code-block-syntax", 1],
      ]);
      expect(Object.fromEntries(report.byClass.map((c) => [c.fileClass, [c.findings, c.loaded]]))).toEqual({
        skill: [2, true],
        readme: [1, false],
        agent: [1, true],
        docs: [1, false],
      });
      const j = report.judgement!;
      expect([j.real, j.false, j.debatable, j.unjudged]).toEqual([2, 1, 1, 1]);
      expect(j.realShare).toBeCloseTo(2 / 5);
      expect(j.realShareOfJudged).toBeCloseTo(2 / 4);
      expect(j.bySeverity).toEqual({
        error: { real: 2, false: 1, debatable: 0, unjudged: 0 },
        warning: { real: 0, false: 0, debatable: 1, unjudged: 1 },
      });
      expect(j.falseByRule).toEqual({ "link-target-exists": 1 });
      expect(j.falseByClass).toEqual({ "not-loaded-files": 1 });
      expect(j.unjudgedGroups).toEqual([
        {
          rule: "code-block-syntax",
          severity: "warning",
          file: "plugins/p/docs/d.md",
          fileClass: "docs",
          message: "code fence is never closed",
          lines: [7],
        },
      ]);
      expect(j.missingReal.map((m) => [m.rule, m.ruleSilent])).toEqual([["hook-event-type", true]]);
      expect(j.countChanges).toEqual([]);
    });

    it("runs end to end on a saved report and prints JSON and text", async () => {
      const saved = fs.mkdtempSync(path.join(os.tmpdir(), "mars-calibrate-saved-"));
      fs.writeFileSync(
        path.join(saved, `${path.basename(dir)}.json`),
        JSON.stringify({
          findings: [finding("plugins/p/skills/s/SKILL.md", 5, 'link target "gone.md" does not exist')],
          summary: { errors: 1, warnings: 0, files: 3 },
        }),
      );
      const ledgerFile = path.join(saved, "ledger.json");
      const repository = path.basename(dir);
      fs.writeFileSync(
        ledgerFile,
        JSON.stringify({
          judgedWith: { validator: "test", claudeCode: "2.1.330" },
          repositories: [],
          entries: [
            {
              repository,
              commit: "d".repeat(40),
              rule: "link-target-exists",
              files: "**",
              verdict: "real",
              why: "a dead reference",
            },
          ],
        }),
      );
      const args = [bundled("scripts/calibrate/index.ts"), dir, "--from", saved, "--ledger", ledgerFile];
      const json = JSON.parse((await run(process.execPath, [...args, "--json"], { cwd: ROOT })).stdout) as {
        repositories: { repository: string; findings: number; judgement: { real: number; realShare: number } }[];
      };
      expect(json.repositories.map((r) => [r.repository, r.findings, r.judgement.real, r.judgement.realShare])).toEqual(
        [[repository, 1, 1, 1]],
      );
      const text = (await run(process.execPath, args, { cwd: ROOT })).stdout;
      expect(text).toContain("1 findings: 1 errors, 0 warnings");
      expect(text).toMatch(/loaded\s+skill\s+1/);
      expect(text).toContain("real share 100.0 % of all findings");
    });

    it("exits 2 with a message on a path that is not a folder", async () => {
      const failed = await run(process.execPath, [bundled("scripts/calibrate/index.ts"), path.join(dir, "nope")], {
        cwd: ROOT,
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failed).toMatchObject({ code: 2 });
      expect((failed as { stderr: string }).stderr).toContain("is not a folder");
    });
  });
});
