import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCli } from "../helpers/cli.ts";
import { cleanCopy, tempDir } from "../helpers/repo.ts";
import { changedFiles, edit, snapshotTree } from "../helpers/tree.ts";

/** Issue 12, data loss: the build must never write through a link, nor a file the config ignores. */

const HAND = "\nHand-written text that must survive.\n";

/** A description change that makes the orchestrator and the README drift, so the build wants to write. */
function drift(root: string): void {
  edit(root, "agents/fastapi-pro.md", (t) =>
    t.replace(/^description: "Builds FastAPI code/m, 'description: "Writes FastAPI code'),
  );
}

/** Runs the build and --check; both must refuse, and neither may change a byte anywhere. */
function expectRefused(root: string, outside: string[], message: RegExp): string {
  const watched = [root, ...outside];
  const before = watched.map((dir) => snapshotTree(dir));
  for (const argv of [[], ["--check"]]) {
    const result = buildCli(argv, root);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("nothing was written");
    watched.forEach((dir, i) => expect(changedFiles(before[i]!, snapshotTree(dir)), dir).toEqual([]));
  }
  return buildCli([], root).stderr;
}

describe("links on the way to a generated file", () => {
  it("refuses a commands/ folder linked to a folder outside the repository", () => {
    const root = cleanCopy();
    const outside = tempDir("mars-outside-");
    for (const file of fs.readdirSync(path.join(root, "commands")))
      fs.copyFileSync(path.join(root, "commands", file), path.join(outside, file));
    fs.appendFileSync(path.join(outside, "build.md"), HAND);
    fs.rmSync(path.join(root, "commands"), { recursive: true });
    fs.symlinkSync(outside, path.join(root, "commands"));
    drift(root);
    const stderr = expectRefused(root, [outside], /^commands:1:1 {2}error {2}commands is a symbolic link \(to .+\)/m);
    // One problem for the folder, not one per command below it.
    expect(stderr.match(/symbolic link/g)).toHaveLength(1);
    expect(fs.readFileSync(path.join(outside, "build.md"), "utf8")).toContain(HAND);
  });

  it("refuses a commands/ folder linked to another folder inside the repository", () => {
    const root = cleanCopy();
    fs.mkdirSync(path.join(root, "elsewhere"));
    fs.renameSync(path.join(root, "commands"), path.join(root, "elsewhere/commands"));
    fs.symlinkSync("elsewhere/commands", path.join(root, "commands"));
    fs.appendFileSync(path.join(root, "elsewhere/commands/build.md"), HAND);
    drift(root);
    expectRefused(root, [], /commands is a symbolic link \(to elsewhere\/commands\)/);
  });

  it("refuses a missing commands/ folder that is a dangling link, and creates nothing behind it", () => {
    const root = cleanCopy();
    const outside = tempDir("mars-outside-");
    fs.rmSync(path.join(root, "commands"), { recursive: true });
    fs.symlinkSync(path.join(outside, "not-yet"), path.join(root, "commands"));
    expectRefused(root, [outside], /commands is a symbolic link/);
    expect(fs.existsSync(path.join(outside, "not-yet"))).toBe(false);
  });

  it.each([
    ["outside the repository", (root: string, outside: string) => path.join(outside, "build.md")],
    ["inside the repository", () => "../elsewhere/build.md"],
  ])("refuses one command file linked to a file %s", (_where, target) => {
    const root = cleanCopy();
    const outside = tempDir("mars-outside-");
    const real = path.resolve(path.join(root, "commands"), target(root, outside));
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.writeFileSync(real, fs.readFileSync(path.join(root, "commands/build.md"), "utf8") + HAND);
    fs.rmSync(path.join(root, "commands/build.md"));
    fs.symlinkSync(target(root, outside), path.join(root, "commands/build.md"));
    drift(root);
    expectRefused(root, [outside], /^commands\/build\.md:1:1 {2}error {2}commands\/build\.md is a symbolic link/m);
    expect(fs.readFileSync(real, "utf8")).toContain(HAND);
  });

  it("refuses a linked .claude-plugin folder, so the manifests are not written through it", () => {
    const root = cleanCopy();
    const outside = tempDir("mars-outside-");
    fs.cpSync(path.join(root, ".claude-plugin"), outside, { recursive: true });
    fs.rmSync(path.join(root, ".claude-plugin"), { recursive: true });
    fs.symlinkSync(outside, path.join(root, ".claude-plugin"));
    fs.writeFileSync(path.join(outside, "plugin.json"), "{}\n");
    expectRefused(root, [outside], /\.claude-plugin is a symbolic link/);
  });

  it("shows a link target's control characters escaped, never raw", () => {
    const root = cleanCopy();
    fs.rmSync(path.join(root, "commands/build.md"));
    fs.symlinkSync("evil\u001b[2J\u0007.md", path.join(root, "commands/build.md"));
    const result = buildCli([], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("(to evil\\x1b[2J\\x07.md)");
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe("special files where a generated file belongs", () => {
  it("refuses a FIFO without opening it", () => {
    const root = cleanCopy();
    fs.rmSync(path.join(root, "commands/docs.md"));
    execFileSync("mkfifo", [path.join(root, "commands/docs.md")]);
    const result = buildCli([], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/commands\/docs\.md is a FIFO; the build writes only regular files/);
    expect(fs.lstatSync(path.join(root, "commands/docs.md")).isFIFO()).toBe(true);
  });

  it("refuses a folder in place of a generated file, and a file in place of its folder", () => {
    const root = cleanCopy();
    fs.rmSync(path.join(root, "README.md"));
    fs.mkdirSync(path.join(root, "README.md"));
    fs.rmSync(path.join(root, "commands"), { recursive: true });
    fs.writeFileSync(path.join(root, "commands"), "not a folder\n");
    const result = buildCli([], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/README\.md is a folder; the build writes only regular files/);
    expect(result.stderr).toMatch(/^commands:1:1 {2}error {2}commands is a file, not a folder/m);
    expect(fs.readFileSync(path.join(root, "commands"), "utf8")).toBe("not a folder\n");
  });
});

describe("files .mars-validate.json ignores", () => {
  it("are refused, never regenerated from the template over hand-written text", () => {
    const root = cleanCopy();
    edit(root, ".mars-validate.json", (t) =>
      t.replace('"test/fixtures/**"', '"test/fixtures/**", "commands/build.md"'),
    );
    fs.appendFileSync(path.join(root, "commands/build.md"), HAND);
    const stderr = expectRefused(root, [], /commands\/build\.md matches an "ignore" glob in \.mars-validate\.json/);
    expect(stderr).toMatch(/^commands\/build\.md:1:1 {2}error {2}/m);
  });

  it("are refused when a glob covers a whole folder of generated files", () => {
    const root = cleanCopy();
    edit(root, ".mars-validate.json", (t) => t.replace('"test/fixtures/**"', '"test/fixtures/**", "commands/**"'));
    const result = buildCli(["--check"], root);
    expect(result.code).toBe(1);
    expect(result.stderr.match(/matches an "ignore" glob/g)?.length).toBe(
      fs.readdirSync(path.join(root, "commands")).length,
    );
  });
});
