import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nodeWriteFs, removeStaleTemps, TEMP_MARK, type WriteFs } from "../../scripts/generate/write.ts";
import { bundled } from "../helpers/bundle.ts";
import { buildCli } from "../helpers/cli.ts";
import { cleanCopy, REPO_ROOT } from "../helpers/repo.ts";
import { changedFiles, edit, snapshotTree } from "../helpers/tree.ts";

/** Issue 12: temporary files never stay behind, and targets are never truncated. */

const CHILD = path.join(REPO_ROOT, "test/generate/interrupted-build.ts");
const DRIFTED = ["README.md", "agents/mars-orchestrator.md"];

function drift(root: string): void {
  edit(root, "agents/fastapi-pro.md", (t) =>
    t.replace(/^description: "Builds FastAPI code/m, 'description: "Writes FastAPI code'),
  );
}

function temps(root: string): string[] {
  return [...snapshotTree(root).keys()].filter((f) => f.includes(TEMP_MARK));
}

/** The drifted files as the build writes them, from a second copy built without interruption. */
function expectedAfterBuild(): Map<string, Buffer> {
  const root = cleanCopy();
  drift(root);
  expect(buildCli([], root).code).toBe(0);
  return new Map(DRIFTED.map((f) => [f, fs.readFileSync(path.join(root, f))]));
}

/** The build in a process of its own (bundled once per run, see bundled()) that signals itself mid-write. */
function interrupted(root: string, signal: NodeJS.Signals) {
  return spawnSync(process.execPath, [bundled(CHILD), root, signal], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
}

describe("a signal in the middle of the write", () => {
  let expected: Map<string, Buffer>;
  beforeAll(() => {
    expected = expectedAfterBuild();
  });

  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "%s: the write finishes first, then the process stops by the signal, with no temporary file left",
    (signal) => {
      const root = cleanCopy();
      drift(root);
      const child = interrupted(root, signal);
      expect(child.signal, child.stderr).toBe(signal);
      expect(child.stderr).toContain(`build: ${signal}: stopped after the write in progress had finished`);
      expect(temps(root)).toEqual([]);
      for (const file of DRIFTED) expect(fs.readFileSync(path.join(root, file)).equals(expected.get(file)!)).toBe(true);
      expect(buildCli(["--check"], root).code).toBe(0);
    },
  );

  it("SIGKILL cannot be caught: the next build removes the stale temporary files, then writes", () => {
    const root = cleanCopy();
    drift(root);
    const before = snapshotTree(root);
    const child = interrupted(root, "SIGKILL");
    expect(child.signal).toBe("SIGKILL");
    const left = temps(root);
    expect(left.length).toBeGreaterThan(0);
    // Killed before any rename: every target is still entirely old.
    expect(changedFiles(before, snapshotTree(root))).toEqual(left);
    const result = buildCli([], root);
    expect(result.code, result.stderr).toBe(0);
    for (const file of left) expect(result.stdout).toContain(`removed ${file}, left behind by a build that was killed`);
    expect(temps(root)).toEqual([]);
    for (const file of DRIFTED) expect(fs.readFileSync(path.join(root, file)).equals(expected.get(file)!)).toBe(true);
  });
});

describe("stale temporary files", () => {
  it("are removed only when they are the generator's own: next to a generated file, of a process that is gone", () => {
    const root = cleanCopy();
    const dead = 2 ** 22 + 7;
    const own = [`README.md${TEMP_MARK}${dead}`, `commands/build.md${TEMP_MARK}${dead}`];
    const foreign = [
      `README.md${TEMP_MARK}${process.pid}`, // a live process (this one)
      `notes.md${TEMP_MARK}${dead}`, // not next to a generated file
      `README.md${TEMP_MARK}x1`, // not a process id
    ];
    for (const file of [...own, ...foreign]) fs.writeFileSync(path.join(root, file), "partial");
    fs.symlinkSync("README.md", path.join(root, `agents/mars-orchestrator.md${TEMP_MARK}${dead}`));
    const removed = removeStaleTemps(root, ["README.md", "commands/build.md", "agents/mars-orchestrator.md"], (pid) =>
      [process.pid].includes(pid),
    );
    expect(removed.sort()).toEqual(own.sort());
    for (const file of foreign) expect(fs.existsSync(path.join(root, file))).toBe(true);
    expect(fs.lstatSync(path.join(root, `agents/mars-orchestrator.md${TEMP_MARK}${dead}`)).isSymbolicLink()).toBe(true);
  });

  it("are never looked for behind a linked folder", () => {
    const root = cleanCopy();
    const outside = fs.mkdtempSync(path.join(path.dirname(root), "mars-outside-"));
    fs.writeFileSync(path.join(outside, `build.md${TEMP_MARK}999999999`), "someone else's");
    fs.rmSync(path.join(root, "commands"), { recursive: true });
    fs.symlinkSync(outside, path.join(root, "commands"));
    expect(removeStaleTemps(root, ["commands/build.md"], () => false)).toEqual([]);
    expect(fs.existsSync(path.join(outside, `build.md${TEMP_MARK}999999999`))).toBe(true);
  });

  it("match the pattern .gitignore lists", () => {
    const out = execFileSync("git", ["check-ignore", "--no-index", `README.md${TEMP_MARK}12345`], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(out.trim()).toBe(`README.md${TEMP_MARK}12345`);
  });
});

describe("a full disk", () => {
  it("fails the write with exit 2, removes the partial temporary file and leaves every target whole", () => {
    const root = cleanCopy();
    drift(root);
    const before = snapshotTree(root);
    let fills = 0;
    // The second temporary file gets part of its content, then the disk is full.
    const full: WriteFs = {
      ...nodeWriteFs,
      fill: (handle, data) => {
        if (++fills < 2) return nodeWriteFs.fill(handle, data);
        nodeWriteFs.fill(handle, data.slice(0, 100));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      },
    };
    const result = buildCli([], root, full);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^build: nothing was written: ENOSPC: no space left on device/m);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
  });

  it("a failure after the build made a folder removes that folder too", () => {
    const root = cleanCopy();
    fs.rmSync(path.join(root, "commands"), { recursive: true });
    const before = snapshotTree(root);
    const broken: WriteFs = {
      ...nodeWriteFs,
      create: (file, keep) => {
        if (file.includes(`${path.sep}commands${path.sep}route.md`)) throw new Error("EIO: i/o error, open");
        return nodeWriteFs.create(file, keep);
      },
    };
    expect(buildCli([], root, broken).code).toBe(2);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
    expect(fs.existsSync(path.join(root, "commands"))).toBe(false);
  });
});
