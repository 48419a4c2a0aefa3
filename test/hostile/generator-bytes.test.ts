import fs from "node:fs";
import { isUtf8 } from "node:buffer";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytePosition, firstInvalidUtf8 } from "../../scripts/generate/files.ts";
import { buildCli } from "../helpers/cli.ts";
import { cleanCopy } from "../helpers/repo.ts";
import { changedFiles, edit, snapshotTree } from "../helpers/tree.ts";

/** Issue 12, data loss: bytes outside the regions, file modes and owners survive a build. */

function drift(root: string): void {
  edit(root, "agents/fastapi-pro.md", (t) =>
    t.replace(/^description: "Builds FastAPI code/m, 'description: "Writes FastAPI code'),
  );
}

const mode = (root: string, file: string) => fs.statSync(path.join(root, file)).mode & 0o7777;

describe("bytes that are not UTF-8", () => {
  it.each([
    ["a Latin-1 byte", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])],
    ["a lone continuation byte", Buffer.from([0x78, 0x80, 0x0a])],
    ["an overlong encoding", Buffer.from([0xc0, 0xaf, 0x0a])],
    ["a surrogate encoded in UTF-8", Buffer.from([0xed, 0xa0, 0x80, 0x0a])],
    ["a sequence cut short at the end", Buffer.from([0x0a, 0xe2, 0x82])],
  ])("in hand-written text: %s makes the build refuse, naming the place, instead of writing U+FFFD", (_n, bad) => {
    const root = cleanCopy();
    drift(root);
    const readme = path.join(root, "README.md");
    fs.appendFileSync(readme, Buffer.concat([Buffer.from("Café, the real one: é\n"), bad]));
    const lines = fs.readFileSync(readme).toString("latin1").split("\n").length;
    const before = snapshotTree(root);
    for (const argv of [[], ["--check"]]) {
      const result = buildCli(argv, root);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^README\.md:(\d+):(\d+) {2}error {2}README\.md is not valid UTF-8 here/m);
      const [, line] = /^README\.md:(\d+):/m.exec(result.stderr)!;
      expect(Number(line)).toBeGreaterThanOrEqual(lines - 1);
      expect(changedFiles(before, snapshotTree(root))).toEqual([]);
    }
    expect(fs.readFileSync(readme).includes(Buffer.from("\uFFFD"))).toBe(false);
  });

  it("a NUL byte early in a generated file makes it binary: refused, not rewritten", () => {
    const root = cleanCopy();
    drift(root);
    const file = path.join(root, "agents/mars-orchestrator.md");
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, 10), Buffer.from([0]), bytes.subarray(10)]));
    const before = snapshotTree(root);
    const result = buildCli([], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/agents\/mars-orchestrator\.md could not be read as text/);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
  });

  it("a NUL byte late in a file is text to the reader, and is kept byte for byte", () => {
    const root = cleanCopy();
    drift(root);
    const tail = Buffer.from([0x0a, 0x00, 0x01, 0x7f, 0x0a]);
    fs.appendFileSync(path.join(root, "README.md"), tail);
    const result = buildCli([], root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("wrote README.md");
    expect(fs.readFileSync(path.join(root, "README.md")).subarray(-tail.length).equals(tail)).toBe(true);
  });

  it("the UTF-8 check agrees with Node's on any bytes, and places the first bad byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const at = firstInvalidUtf8(bytes);
        expect(at === -1).toBe(isUtf8(bytes));
        if (at !== -1) {
          expect(isUtf8(bytes.subarray(0, at))).toBe(true);
          expect(isUtf8(bytes.subarray(0, at + 4))).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
    const text = Buffer.concat([Buffer.from("\uFEFFab\ncé"), Buffer.from([0xff])]);
    expect(bytePosition(text, firstInvalidUtf8(text))).toEqual({ line: 2, column: 3 });
  });
});

describe("file modes", () => {
  it("are kept when a generated file is rewritten (0600 stays 0600, 0755 stays 0755)", () => {
    const root = cleanCopy();
    drift(root);
    fs.chmodSync(path.join(root, "README.md"), 0o600);
    fs.chmodSync(path.join(root, "agents/mars-orchestrator.md"), 0o755);
    const result = buildCli([], root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("wrote README.md");
    expect(mode(root, "README.md")).toBe(0o600);
    expect(mode(root, "agents/mars-orchestrator.md")).toBe(0o755);
  });

  it("a read-only file that must change is refused and stays 0400; --check still reports the drift", () => {
    const root = cleanCopy();
    drift(root);
    fs.chmodSync(path.join(root, "README.md"), 0o400);
    const before = snapshotTree(root);
    const result = buildCli([], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^README\.md:1:1 {2}error {2}README\.md is read-only \(mode 0400\).*chmod u\+w/m);
    // Nothing at all is written, not even the other drifted file.
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
    expect(mode(root, "README.md")).toBe(0o400);
    const check = buildCli(["--check"], root);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("README.md is out of date");
  });

  it("a read-only file that is up to date is no obstacle", () => {
    const root = cleanCopy();
    fs.chmodSync(path.join(root, "README.md"), 0o444);
    const result = buildCli([], root);
    expect(result.code, result.stderr).toBe(0);
    expect(mode(root, "README.md")).toBe(0o444);
  });

  it.runIf(process.getuid?.() === 0)("a file of another user keeps its owner when root rebuilds it", () => {
    const root = cleanCopy();
    drift(root);
    fs.chownSync(path.join(root, "README.md"), 4321, 4321);
    expect(buildCli([], root).code).toBe(0);
    const stat = fs.statSync(path.join(root, "README.md"));
    expect([stat.uid, stat.gid]).toEqual([4321, 4321]);
  });
});
