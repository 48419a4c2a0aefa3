import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { agentWith, plugin } from "../../scripts/bench/hostile-cases.ts";
import { CONFIG_FILE, defaultConfig, loadConfig } from "../../scripts/core/config.ts";
import { nodeFileSystem, readTree, type FileSystem } from "../../scripts/core/disk.ts";
import { validateProject } from "../../scripts/core/validate.ts";
import { rules } from "../../scripts/rules/index.ts";
import { validateCli } from "../helpers/cli.ts";
import { findingsFor } from "../helpers/validate.ts";
import { useHostileFolders } from "./folders.ts";

/**
 * Issue 12, special files and links: only regular files are opened (FIFOs, sockets and devices
 * are reported, never read), every path is checked to be inside the root at the moment it is
 * read, and the config is read under the same rule.
 */

const POSIX = process.platform !== "win32";
afterEach(() => vi.restoreAllMocks());
const { folder, built } = useHostileFolders();

async function located(root: string, ruleIds: string[]): Promise<string[]> {
  return (await findingsFor(root))
    .filter((f) => ruleIds.includes(f.ruleId))
    .map((f) => `${f.location.file}:${f.location.start.line} ${f.ruleId} ${f.message}`);
}

/** An agent that, if it were ever read, would put LEAKED into a finding (an unknown model). */
const OUTSIDE_AGENT =
  "---\nname: leaked\ndescription: LEAKED outside text. Use never.\nmodel: LEAKED-MODEL\n---\n\nLEAKED\n";

describe.runIf(POSIX)("FIFOs, sockets and other special files", () => {
  it("a FIFO reached through a symbolic link is reported, never opened", async () => {
    const root = built("fifo-through-link");
    expect(await located(root, ["file-readable"])).toEqual([
      "agents/piped.md:1 file-readable the link points to something that is not a regular file (a FIFO, socket or device) and was not read",
      "pipes/fifo:1 file-readable the entry is not a regular file (a FIFO, socket or device) and was not read",
    ]);
  });

  it("a FIFO named like an agent is reported where it is", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    execFileSync("mkfifo", [path.join(root, "agents/waiting.md")]);
    expect(await located(root, ["file-readable"])).toEqual([
      "agents/waiting.md:1 file-readable the entry is not a regular file (a FIFO, socket or device) and was not read",
    ]);
  });

  it("a Unix socket is reported, never connected to", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    const server = net.createServer((socket) => socket.destroy(new Error("the validator connected")));
    await new Promise<void>((resolve) => server.listen(path.join(root, "agents/socket.md"), resolve));
    try {
      expect(await located(root, ["file-readable"])).toEqual([
        "agents/socket.md:1 file-readable the entry is not a regular file (a FIFO, socket or device) and was not read",
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a link to a device outside the tree is reported as outside, never read", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    fs.symlinkSync("/dev/zero", path.join(root, "agents/zero.md"));
    expect(await located(root, ["file-readable", "symlink-contained"])).toEqual([
      "agents/zero.md:1 symlink-contained the symbolic link points outside the validated folder and was not followed",
    ]);
  });

  it("the readers refuse a FIFO even when asked for it by path", () => {
    const root = folder();
    execFileSync("mkfifo", [path.join(root, "fifo")]);
    expect(() => nodeFileSystem.readFile(path.join(root, "fifo"), root, 100)).toThrow(
      expect.objectContaining({ code: "ESPECIAL" }),
    );
  });
});

describe.runIf(POSIX)("the config file", () => {
  it(".mars-validate.json as a FIFO is a config error at once, exit 2", async () => {
    const root = built("config-fifo");
    const run = await validateCli([root], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `mars-validate: invalid configuration in ${root}:\n  ${CONFIG_FILE} is not a regular file\n`,
    );
  });

  it(".mars-validate.json as a folder is a config error, not an internal error", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    fs.mkdirSync(path.join(root, CONFIG_FILE));
    const run = await validateCli([root], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `mars-validate: invalid configuration in ${root}:\n  ${CONFIG_FILE} is not a regular file\n`,
    );
  });

  it("an unreadable .mars-validate.json is a config error naming the reason", () => {
    const root = folder();
    plugin(root, { [CONFIG_FILE]: "{}\n" });
    const denied: FileSystem = {
      ...nodeFileSystem,
      readFile: () => {
        throw Object.assign(new Error("denied"), { code: "EACCES" });
      },
    };
    expect(loadConfig(root, denied).problems).toEqual([`${CONFIG_FILE} cannot be read (EACCES)`]);
  });

  it("a config linked to a file outside the folder is refused, so an outside ignore-all cannot blind the run", async () => {
    const root = folder();
    const outside = folder();
    fs.writeFileSync(path.join(outside, "config.json"), '{"ignore": ["**"]}\n');
    plugin(root, { "agents/reviewer.md": agentWith("model: nonsense-model\n") });
    fs.symlinkSync(path.join(outside, "config.json"), path.join(root, CONFIG_FILE));
    const run = await validateCli([root], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${CONFIG_FILE} is a symbolic link to a file outside the validated folder; it was not read`,
    );
  });

  it("a config linked to a file inside the folder is read", () => {
    const root = folder();
    plugin(root, { "config/validate.json": '{"ignore": ["agents/**"]}\n' });
    fs.symlinkSync("config/validate.json", path.join(root, CONFIG_FILE));
    expect(loadConfig(root)).toEqual({ config: expect.objectContaining({ ignore: ["agents/**"] }), problems: [] });
  });
});

describe.runIf(POSIX)("links", () => {
  it("a link to a parent folder is reported as a loop", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    fs.symlinkSync("..", path.join(root, "agents/up"));
    fs.symlinkSync(".", path.join(root, "agents/here"));
    expect(await located(root, ["symlink-contained"])).toEqual([
      "agents/here:1 symlink-contained the symbolic link points to a folder that contains it, so it loops, and was not followed",
      "agents/up:1 symlink-contained the symbolic link points to a folder that contains it, so it loops, and was not followed",
    ]);
  });

  it("a folder linked inside the tree is followed once per link, with its files found under the link", () => {
    const root = folder();
    plugin(root, { "shared/reviewer.md": agentWith("") });
    fs.symlinkSync("shared", path.join(root, "agents"));
    const snapshot = readTree(root);
    expect(snapshot.files.map((f) => f.path)).toEqual([
      ".claude-plugin/plugin.json",
      "agents/reviewer.md",
      "shared/reviewer.md",
    ]);
    expect(snapshot.issues).toEqual([]);
  });

  it("a file swapped for a link to an outside file while the run reads it is refused, and nothing of it printed", async () => {
    const root = folder();
    const outside = folder();
    fs.writeFileSync(path.join(outside, "secret.md"), OUTSIDE_AGENT);
    plugin(root, { "agents/reviewer.md": agentWith(""), "agents/victim.md": agentWith("") });
    const swapping: FileSystem = {
      ...nodeFileSystem,
      readFile(absolute, realRoot, limit) {
        if (absolute.endsWith("victim.md")) {
          fs.rmSync(absolute);
          fs.symlinkSync(path.join(outside, "secret.md"), absolute);
        }
        return nodeFileSystem.readFile(absolute, realRoot, limit);
      },
    };
    const { findings } = await validateProject(root, { config: defaultConfig(), rules, fs: swapping });
    expect(JSON.stringify(findings)).not.toContain("LEAKED");
    expect(
      findings.filter((f) => f.ruleId === "symlink-contained").map((f) => `${f.location.file} ${f.message}`),
    ).toEqual(["agents/victim.md the file was replaced by a symbolic link while it was read, and was not followed"]);
  });

  it("a folder swapped for a link to an outside folder while the run reads it is refused at read time", async () => {
    const root = folder();
    const outside = folder();
    fs.writeFileSync(path.join(outside, "victim.md"), OUTSIDE_AGENT);
    plugin(root, { "agents/victim.md": agentWith("") });
    let swapped = false;
    const swapping: FileSystem = {
      ...nodeFileSystem,
      readFile(absolute, realRoot, limit) {
        if (!swapped && absolute.endsWith("victim.md")) {
          swapped = true;
          fs.renameSync(path.join(root, "agents"), path.join(root, "agents-before"));
          fs.symlinkSync(outside, path.join(root, "agents"));
        }
        return nodeFileSystem.readFile(absolute, realRoot, limit);
      },
    };
    const { findings } = await validateProject(root, { config: defaultConfig(), rules, fs: swapping });
    expect(JSON.stringify(findings)).not.toContain("LEAKED");
    expect(
      findings.filter((f) => f.ruleId === "symlink-contained").map((f) => `${f.location.file} ${f.message}`),
    ).toEqual(["agents/victim.md the file was replaced by a symbolic link while it was read, and was not followed"]);
  });
});

describe("folders and paths that cannot be read", () => {
  it("an unreadable sub-folder is reported, not skipped silently", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith(""), "skills/locked/SKILL.md": "---\nname: locked\n---\n" });
    const readdir = fs.readdirSync;
    vi.spyOn(fs, "readdirSync").mockImplementation(((dir: fs.PathLike, options?: never) => {
      if (String(dir).endsWith(`${path.sep}locked`))
        throw Object.assign(new Error("permission denied"), { code: "EACCES" });
      return readdir(dir, options);
    }) as typeof fs.readdirSync);
    expect(await located(root, ["file-readable"])).toEqual([
      "skills/locked:1 file-readable the folder cannot be listed (EACCES), so nothing in it was checked",
    ]);
  });

  it.runIf(POSIX)("a folder deeper than PATH_MAX is reported with its path", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    // 25 × 201 bytes is past Linux's 4,096-byte PATH_MAX: created one level at a time from inside.
    fs.mkdirSync(path.join(root, "skills"));
    const deepen = `process.chdir(process.argv[1]); for (let i = 0; i < 25; i++) { require("fs").mkdirSync(process.argv[2]); process.chdir(process.argv[2]); }`;
    execFileSync(process.execPath, ["-e", deepen, path.join(root, "skills"), "d".repeat(200)]);
    const findings = await located(root, ["file-readable"]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(
      /^skills(?:\/d{200})+:1 file-readable the folder cannot be listed \(ENAMETOOLONG\), so nothing in it was checked$/,
    );
  });

  it("an unreadable root is a usage error, not 'no problems in 0 files'", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    const access = fs.accessSync;
    vi.spyOn(fs, "accessSync").mockImplementation((target, mode) => {
      if (String(target) === root) throw Object.assign(new Error("permission denied"), { code: "EACCES" });
      return access(target, mode);
    });
    const run = await validateCli([root], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`mars-validate: "${root}" cannot be read (EACCES)\n`);
  });
});
