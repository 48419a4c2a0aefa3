import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeWriteFs, writeAll, WriteError, type WriteFs } from "../../scripts/generate/write.ts";
import { buildCli } from "../helpers/cli.ts";
import { cleanCopy, tempDir } from "../helpers/repo.ts";
import { changedFiles, edit, snapshotTree } from "../helpers/tree.ts";

/** The real file system, except that the nth call of one step fails. */
function failing(on: "create" | "fill" | "rename", nth: number): WriteFs {
  let count = 0;
  const fail = () => {
    if (++count === nth) throw Object.assign(new Error(`injected ${on} failure`), { code: "EIO" });
  };
  return {
    ...nodeWriteFs,
    create: (file, keep) => (on === "create" && fail(), nodeWriteFs.create(file, keep)),
    fill: (handle, data) => {
      if (on === "fill") {
        try {
          fail();
        } catch (error) {
          nodeWriteFs.fill(handle, data.slice(0, 1));
          throw error;
        }
      }
      nodeWriteFs.fill(handle, data);
    },
    rename: (from, to) => (on === "rename" && fail(), nodeWriteFs.rename(from, to)),
  };
}

describe("atomic writes", () => {
  it("writes nothing when a temporary file cannot be written", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.txt"), "old a");
    fs.writeFileSync(path.join(dir, "b.txt"), "old b");
    expect(() =>
      writeAll(
        dir,
        [
          { path: "a.txt", content: "new a" },
          { path: "b.txt", content: "new b" },
        ],
        failing("create", 2),
      ),
    ).toThrow(/nothing was written/);
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("old a");
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("old b");
    expect(fs.readdirSync(dir).sort()).toEqual(["a.txt", "b.txt"]);
  });

  it("leaves each file entirely old or entirely new when killed between two renames", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.txt"), "old a");
    fs.writeFileSync(path.join(dir, "b.txt"), "old b");
    expect(() =>
      writeAll(
        dir,
        [
          { path: "a.txt", content: "new a" },
          { path: "b.txt", content: "new b" },
        ],
        failing("rename", 2),
      ),
    ).toThrow(WriteError);
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("new a");
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("old b");
    expect(fs.readdirSync(dir).sort()).toEqual(["a.txt", "b.txt"]);
  });

  it("never writes outside the root", () => {
    const dir = tempDir();
    expect(() => writeAll(path.join(dir, "inner"), [{ path: "../escape.txt", content: "x" }])).toThrow(/outside/);
    expect(fs.existsSync(path.join(dir, "escape.txt"))).toBe(false);
  });

  it("a build that fails mid-write leaves every target whole, and hand-written text intact", () => {
    const root = cleanCopy();
    edit(root, "agents/graphql-architect.md", (t) =>
      t.replace(/^(description: "?)Designs GraphQL/m, "$1Shapes GraphQL"),
    );
    const before = snapshotTree(root);
    const result = buildCli([], root, failing("rename", 2));
    expect(result.code).toBe(2);
    const after = snapshotTree(root);
    const changed = changedFiles(before, after);
    expect(changed.length).toBe(1);
    const targets = ["README.md", "agents/mars-orchestrator.md"];
    expect(targets).toContain(changed[0]);
    expect([...after.keys()].filter((f) => f.includes(".mars-tmp-"))).toEqual([]);
    expect(buildCli([], root).code).toBe(0);
    expect(buildCli(["--check"], root).code).toBe(0);
  });
});

describe("a file edited while the build runs", () => {
  it("is not replaced when it no longer holds what the build read", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.txt"), "old a, then a hand edit");
    expect(() => writeAll(dir, [{ path: "a.txt", content: "new a", before: "old a" }])).toThrow(
      /nothing was written: a\.txt changed on disk after the build read it/,
    );
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("old a, then a hand edit");
  });

  it("is not replaced when an editor saves it during the write, and nothing else is either", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.txt"), "old a");
    fs.writeFileSync(path.join(dir, "b.txt"), "old b");
    let fills = 0;
    const editing: WriteFs = {
      ...nodeWriteFs,
      fill: (handle, data) => {
        if (++fills === 2) fs.writeFileSync(path.join(dir, "a.txt"), "old a, saved by an editor");
        nodeWriteFs.fill(handle, data);
      },
    };
    expect(() =>
      writeAll(
        dir,
        [
          { path: "a.txt", content: "new a", before: "old a" },
          { path: "b.txt", content: "new b", before: "old b" },
        ],
        editing,
      ),
    ).toThrow(/nothing was written: a\.txt changed on disk while the build was writing/);
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("old a, saved by an editor");
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("old b");
    expect(fs.readdirSync(dir).sort()).toEqual(["a.txt", "b.txt"]);
  });

  it("a file that appears where the build means to create one is not replaced", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "new.txt"), "made by hand meanwhile");
    expect(() => writeAll(dir, [{ path: "new.txt", content: "generated", before: null }])).toThrow(/appeared on disk/);
    expect(fs.readFileSync(path.join(dir, "new.txt"), "utf8")).toBe("made by hand meanwhile");
  });
});
