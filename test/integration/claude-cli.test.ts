import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ClaudeResult, requireClaude, runClaudeAsync } from "../helpers/claude.ts";
import { cleanCopy, tempDir } from "../helpers/repo.ts";

const bin = requireClaude();

interface ValidateReport {
  success: boolean;
  manifest: { errors: unknown[]; warnings: unknown[] } | null;
  contents: { file: string; errors: unknown[]; warnings: unknown[] }[];
  directory: { findings: unknown[]; undecided: unknown[] } | null;
  advice: unknown[];
}

function expectClean(report: ValidateReport): void {
  expect(report.manifest?.errors).toEqual([]);
  expect(report.manifest?.warnings).toEqual([]);
  for (const entry of report.contents)
    expect({ file: entry.file, errors: entry.errors, warnings: entry.warnings }).toEqual({
      file: entry.file,
      errors: [],
      warnings: [],
    });
  if (report.directory) {
    expect(report.directory.findings).toEqual([]);
    expect(report.directory.undecided).toEqual([]);
  }
  expect(report.advice).toEqual([]);
  expect(report.success).toBe(true);
}

function inventory(root: string): { agents: string[]; skills: string[] } {
  const list = (dir: string, pick: (entry: fs.Dirent) => string | undefined) =>
    fs.existsSync(path.join(root, dir))
      ? fs
          .readdirSync(path.join(root, dir), { withFileTypes: true })
          .map(pick)
          .filter((x): x is string => Boolean(x))
      : [];
  const agents = list("agents", (e) => (e.isFile() && e.name.endsWith(".md") ? e.name.slice(0, -3) : undefined));
  const skills = list("skills", (e) =>
    e.isDirectory() && fs.existsSync(path.join(root, "skills", e.name, "SKILL.md")) ? e.name : undefined,
  );
  const commands = list("commands", (e) => (e.isFile() && e.name.endsWith(".md") ? e.name.slice(0, -3) : undefined));
  return { agents: agents.sort(), skills: [...skills, ...commands].sort() };
}

describe.skipIf(!bin)("the real Claude Code CLI as a client", () => {
  const targets = [".", ".claude-plugin/plugin.json"];
  let clone: string;
  let marketplaceName: string;
  let validations: ClaudeResult[];
  let install: { add: ClaudeResult; install: ClaudeResult; list: ClaudeResult };
  let details: ClaudeResult;

  // The CLI runs are independent of one another (each has its own HOME), so they overlap here
  // and the tests below check what each printed.
  beforeAll(async () => {
    clone = cleanCopy();
    marketplaceName = (
      JSON.parse(fs.readFileSync(path.join(clone, ".claude-plugin/marketplace.json"), "utf8")) as { name: string }
    ).name;
    const installFromMarketplace = async () => {
      const home = tempDir("claude-home-");
      const add = await runClaudeAsync(bin!, ["plugin", "marketplace", "add", clone], { cwd: clone, home });
      const installed = await runClaudeAsync(bin!, ["plugin", "install", `mars@${marketplaceName}`], {
        cwd: clone,
        home,
      });
      const list = await runClaudeAsync(bin!, ["plugin", "list", "--json"], { cwd: clone, home });
      return { add, install: installed, list };
    };
    [validations, install, details] = await Promise.all([
      Promise.all(
        targets.map((target) =>
          runClaudeAsync(bin!, ["plugin", "validate", "--strict", "--profile", "directory", "--json", target], {
            cwd: clone,
            home: tempDir("claude-home-"),
          }),
        ),
      ),
      installFromMarketplace(),
      runClaudeAsync(bin!, ["--plugin-dir", ".", "plugin", "details", "mars"], {
        cwd: clone,
        home: tempDir("claude-home-"),
      }),
    ]);
  }, 600_000);

  it.each(targets.map((target, index) => [target, index] as const))(
    "validate --strict --profile directory %s passes with no errors and no warnings",
    (_target, index) => {
      const result = validations[index]!;
      const report = JSON.parse(result.stdout) as ValidateReport;
      expectClean(report);
      expect(result.status).toBe(0);
    },
  );

  it("installs from the repository as a marketplace, offline, and lists mars as enabled", () => {
    expect(install.add.status, install.add.stdout + install.add.stderr).toBe(0);
    expect(install.install.status, install.install.stdout + install.install.stderr).toBe(0);
    expect(install.list.status).toBe(0);
    const installed = JSON.parse(install.list.stdout) as { id: string; enabled: boolean }[];
    expect(installed).toContainEqual(expect.objectContaining({ id: `mars@${marketplaceName}`, enabled: true }));
  });

  it("plugin details lists exactly the agents, skills and commands the repository holds", () => {
    expect(details.status, details.stderr).toBe(0);
    const line = (label: string) => {
      const match = new RegExp(`^\\s*${label} \\((\\d+)\\)\\s*(.*)$`, "m").exec(details.stdout);
      expect(match, `no "${label}" line in:\n${details.stdout}`).not.toBeNull();
      const names = (match![2] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .sort();
      expect(names.length).toBe(Number(match![1]));
      return names;
    };
    const expected = inventory(clone);
    expect(line("Agents")).toEqual(expected.agents);
    expect(line("Skills")).toEqual(expected.skills);
    expect(details.stdout).toMatch(/Always-on:\s+~[\d,]+ tok/);
  });
});
