import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function tempDir(prefix = "mars-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The files a fresh clone would have: tracked files plus untracked ones git does not ignore. */
function cloneFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return out.split("\0").filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)));
}

let tracked: string[] | undefined;

/**
 * Copies the repository as a clean checkout would hold it, without node_modules or caches. The
 * test fixtures stay out unless asked for: this repository's config ignores them, so neither the
 * generator nor the validator reads them, and they are most of the files.
 */
export function cleanCopy(filter: (file: string) => boolean = (file) => !file.startsWith("test/fixtures/")): string {
  const dir = tempDir("mars-clone-");
  tracked ??= cloneFiles();
  for (const file of tracked.filter(filter)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file), target);
  }
  return dir;
}

/** Writes a tree given as { "path": "content" } into a new temporary folder. */
export function writeTree(files: Record<string, string | Buffer>, dir = tempDir()): string {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return dir;
}
