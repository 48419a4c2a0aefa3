import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requireClaude, runClaude } from "../helpers/claude.ts";
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
  let clone: string;
  beforeAll(() => {
    clone = cleanCopy();
  });

  it.each([["."], [".claude-plugin/plugin.json"]])(
    "validate --strict --profile directory %s passes with no errors and no warnings",
    (target) => {
      const result = runClaude(bin!, ["plugin", "validate", "--strict", "--profile", "directory", "--json", target], {
        cwd: clone,
        home: tempDir("claude-home-"),
      });
      const report = JSON.parse(result.stdout) as ValidateReport;
      expectClean(report);
      expect(result.status).toBe(0);
    },
  );

  it("installs from the repository as a marketplace, offline, and lists mars as enabled", () => {
    const home = tempDir("claude-home-");
    const add = runClaude(bin!, ["plugin", "marketplace", "add", clone], { cwd: clone, home });
    expect(add.status, add.stdout + add.stderr).toBe(0);
    const marketplace = JSON.parse(fs.readFileSync(path.join(clone, ".claude-plugin/marketplace.json"), "utf8")) as {
      name: string;
    };
    const install = runClaude(bin!, ["plugin", "install", `mars@${marketplace.name}`], { cwd: clone, home });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    const list = runClaude(bin!, ["plugin", "list", "--json"], { cwd: clone, home });
    expect(list.status).toBe(0);
    const installed = JSON.parse(list.stdout) as { id: string; enabled: boolean }[];
    expect(installed).toContainEqual(expect.objectContaining({ id: `mars@${marketplace.name}`, enabled: true }));
  });

  it("plugin details lists exactly the agents, skills and commands the repository holds", () => {
    const details = runClaude(bin!, ["--plugin-dir", ".", "plugin", "details", "mars"], {
      cwd: clone,
      home: tempDir("claude-home-"),
    });
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
    expect(details.stdout).toMatch(/Always-on:\s+~\d+ tok/);
  });
});
