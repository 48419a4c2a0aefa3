import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runBuildCli } from "../../scripts/cli/build-cli.ts";
import { bundled } from "../helpers/bundle.ts";
import { buildCli } from "../helpers/cli.ts";
import { cleanCopy, REPO_ROOT, tempDir, writeTree } from "../helpers/repo.ts";
import { edit } from "../helpers/tree.ts";

/** Issue 12: a build pointed at the wrong folder says so at once; a failed report is exit 2. */

afterEach(() => {
  vi.restoreAllMocks();
});

/** Counts the file-system calls a build makes: the work it does before it answers. */
function counted<T>(run: () => T): { result: T; reads: number; listings: number; stats: number } {
  const reads = [vi.spyOn(fs, "readFileSync"), vi.spyOn(fs, "openSync"), vi.spyOn(fs, "readSync")];
  const listings = [vi.spyOn(fs, "readdirSync"), vi.spyOn(fs, "opendirSync")];
  const stats = [vi.spyOn(fs, "statSync"), vi.spyOn(fs, "lstatSync"), vi.spyOn(fs, "realpathSync")];
  const calls = (spies: { mock: { calls: unknown[] } }[]) => spies.reduce((n, s) => n + s.mock.calls.length, 0);
  const result = run();
  return { result, reads: calls(reads), listings: calls(listings), stats: calls(stats) };
}

describe("a root that is not this repository", () => {
  it("--root / is refused after a few stats, before anything is listed or read", () => {
    const { result, reads, listings, stats } = counted(() => buildCli(["--root", "/"], REPO_ROOT));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "build: / is not the mars plugin: it has no scripts/catalog/index.ts and no .claude-plugin/plugin.json; nothing was read\n",
    );
    expect([reads, listings]).toEqual([0, 0]);
    // The counter sees the stats it allows: it is not blind.
    expect(stats).toBeGreaterThan(0);
    expect(stats).toBeLessThanOrEqual(4);
  });

  it("another plugin is refused the same way, even with a config that would block a reader (a FIFO)", () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": '{"name": "other"}\n',
      ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`docs/page-${i}.md`, "# Page\n"])),
    });
    execFileSync("mkfifo", [path.join(root, ".mars-validate.json")]);
    const { result, reads, listings, stats } = counted(() => buildCli(["--root", root], REPO_ROOT));
    expect(result.code).toBe(2);
    expect(stats).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/is not the mars plugin: it has no scripts\/catalog\/index\.ts; nothing was read/);
    expect([reads, listings]).toEqual([0, 0]);
  });

  it("a root that is a file, or missing, is a usage error", () => {
    const file = path.join(tempDir(), "plain.txt");
    fs.writeFileSync(file, "x");
    expect(buildCli(["--root", file], REPO_ROOT).stderr).toMatch(/plain\.txt is not a folder/);
    expect(buildCli(["--root", `${file}-missing`], REPO_ROOT).stderr).toMatch(/plain\.txt-missing does not exist/);
  });
});

describe("a report that cannot be written", () => {
  it("is exit 2 in-process, after the files were written", () => {
    const root = cleanCopy();
    edit(root, "agents/fastapi-pro.md", (t) =>
      t.replace(/^description: "Builds FastAPI code/m, 'description: "Writes FastAPI code'),
    );
    let stderr = "";
    const code = runBuildCli([], {
      stdout: () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      },
      stderr: (text) => void (stderr += text),
      cwd: root,
      env: {},
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(stderr).toBe("build: the report could not be written (ENOSPC)\n");
    expect(buildCli(["--check"], root).code).toBe(0);
  });

  it.runIf(fs.existsSync("/dev/full"))(
    "npm run build -- --check > /dev/full: exit 2, one line on stderr, no stack trace",
    () => {
      const root = cleanCopy();
      const full = fs.openSync("/dev/full", "w");
      try {
        const child = spawnSync(process.execPath, [bundled("scripts/build.ts"), "--check", "--root", root], {
          cwd: REPO_ROOT,
          stdio: ["ignore", full, "pipe"],
          encoding: "utf8",
          env: { ...process.env, DEBUG: "" },
        });
        expect(child.status).toBe(2);
        expect(child.stderr).toBe("build: the report could not be written (ENOSPC)\n");
      } finally {
        fs.closeSync(full);
      }
    },
  );
});
