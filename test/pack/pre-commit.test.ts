import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanCopy, REPO_ROOT, tempDir } from "../helpers/repo.ts";
import { FIXTURE_PLUGIN, npmEnv, run } from "./tarball.ts";

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  files?: string;
  args?: string[];
  minimum_pre_commit_version?: string;
}

const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
const hook = hooks.find((h) => h.id === "mars-validate")!;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=hooks@example.com", "-c", "user.name=hooks", ...args], { cwd, stdio: "pipe" });

/** A repository as pre-commit clones it: this one's files, committed. */
function hookRepository(): string {
  const dir = cleanCopy();
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "hook revision");
  return dir;
}

let envdir: string;

beforeAll(() => {
  // What pre-commit 4.6.2 runs for a `language: node` hook (pre_commit/languages/node.py), in a
  // node environment whose npm prefix is the hook's own folder.
  envdir = tempDir("mars-node-env-");
  const repository = hookRepository();
  execFileSync("npm", ["install", "--allow-git=root", "--install-links", "-g", `git+file://${repository}`], {
    cwd: repository,
    env: npmEnv({ NPM_CONFIG_PREFIX: envdir, npm_config_prefix: envdir, npm_config_prefer_offline: "true" }),
    stdio: "pipe",
  });
}, 600_000);

describe(".pre-commit-hooks.yaml", () => {
  it("declares one node hook that runs mars-validate once per commit on the repository", () => {
    expect(hooks.map((h) => h.id)).toEqual(["mars-validate"]);
    expect(hook).toMatchObject({ entry: "mars-validate", language: "node", pass_filenames: false });
    expect(hook.minimum_pre_commit_version).toBe("4.6.2");
  });

  it("triggers on the files a plugin or marketplace is made of, at any depth, and not on others", () => {
    // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
    const files = new RegExp(hook.files!);
    for (const file of [
      ".claude-plugin/plugin.json",
      ".claude-plugin/marketplace.json",
      "agents/reviewer.md",
      "skills/api/SKILL.md",
      "commands/build.md",
      "hooks/hooks.json",
      "evals/case-1/case.yaml",
      ".mcp.json",
      ".lsp.json",
      ".mars-validate.json",
      "plugins/orders/agents/reviewer.md",
    ])
      expect(files.test(file), file).toBe(true);
    for (const file of ["README.md", "src/agents.ts", "package.json", "docs/skills.md", "my.mcp.json.bak"])
      expect(files.test(file), file).toBe(false);
  });

  it("installs as pre-commit installs it and runs its entry on the repository root", () => {
    const bin = path.join(envdir, "bin");
    expect(fs.existsSync(path.join(bin, hook.entry))).toBe(true);
    const repository = path.join(tempDir("mars-user-repo-"), "orders");
    fs.cpSync(FIXTURE_PLUGIN, repository, { recursive: true });
    git(repository, "init", "-q");
    // pre-commit runs `entry` split like a shell word list, then `args`, and no file names.
    const [command, ...entryArgs] = hook.entry.split(" ");
    const env = npmEnv({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` });
    const result = run(command!, [...entryArgs, ...(hook.args ?? [])], repository, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('commands/review-api.md:3:8  error  unknown model "sonnett"');
    expect(result.stdout).toContain("6 problems (1 error, 5 warnings) in 5 files");
    const json = run(command!, [...entryArgs, "--format", "json", "."], repository, env);
    expect((JSON.parse(json.stdout) as { summary: unknown }).summary).toEqual({
      errors: 1,
      warnings: 5,
      notes: 2,
      files: 5,
    });
  });
});
