import fs from "node:fs";
import path from "node:path";

export interface WriteFs {
  writeFile(file: string, data: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  mkdir(dir: string): void;
}

export const nodeWriteFs: WriteFs = {
  writeFile: (file, data) => fs.writeFileSync(file, data),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.rmSync(file, { force: true }),
  mkdir: (dir) => fs.mkdirSync(dir, { recursive: true }),
};

export class WriteError extends Error {}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * Writes every file through a temporary sibling and a rename. All temporary files are written
 * first; if any of them fails, none is renamed. A rename replaces a file atomically, so even a
 * failure between two renames leaves each target either entirely old or entirely new.
 */
export function writeAll(
  root: string,
  files: readonly { path: string; content: string }[],
  fsys: WriteFs = nodeWriteFs,
): void {
  const planned = files.map((file) => {
    const target = path.resolve(root, file.path);
    if (!inside(path.resolve(root), target))
      throw new WriteError(`refusing to write ${file.path}: it is outside ${root}`);
    return { target, temp: `${target}.mars-tmp-${process.pid}`, content: file.content };
  });
  const written: string[] = [];
  try {
    for (const file of planned) {
      fsys.mkdir(path.dirname(file.target));
      fsys.writeFile(file.temp, file.content);
      written.push(file.temp);
    }
  } catch (error) {
    for (const temp of written) fsys.unlink(temp);
    throw new WriteError(`nothing was written: ${(error as Error).message}`);
  }
  const renamed: string[] = [];
  try {
    for (const file of planned) {
      fsys.rename(file.temp, file.target);
      renamed.push(file.target);
    }
  } catch (error) {
    for (const file of planned) if (!renamed.includes(file.target)) fsys.unlink(file.temp);
    throw new WriteError(
      `stopped after ${renamed.length} of ${planned.length} files (each file is entirely old or entirely new): ${(error as Error).message}`,
    );
  }
}
