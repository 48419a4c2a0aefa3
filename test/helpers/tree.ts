import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";

/** Every file below a folder with its bytes, for before/after comparisons. */
export function snapshotTree(root: string): Map<string, Buffer> {
  const files = fg.sync("**", { cwd: root, dot: true, onlyFiles: true, ignore: ["**/node_modules/**", "**/.git/**"] });
  return new Map(files.sort().map((f) => [f, fs.readFileSync(path.join(root, f))]));
}

export function changedFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => !before.get(n)?.equals(after.get(n) ?? Buffer.alloc(0)) || !after.has(n)).sort();
}

export function edit(root: string, file: string, change: (text: string) => string): void {
  const target = path.join(root, file);
  const before = fs.readFileSync(target, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  fs.writeFileSync(target, after);
}

/** Puts a folder back to a snapshot: changed files rewritten, added ones removed (missing folders are made). */
export function restoreTree(root: string, snapshot: Map<string, Buffer>): void {
  const now = snapshotTree(root);
  for (const file of changedFiles(snapshot, now)) {
    const target = path.join(root, file);
    const bytes = snapshot.get(file);
    if (bytes === undefined) fs.rmSync(target, { force: true });
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, bytes);
    }
  }
}
