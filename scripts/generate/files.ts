import fs from "node:fs";
import path from "node:path";

/**
 * How the generator looks at the files it may write: every folder from the repository root
 * down is examined with lstat, so a symbolic link anywhere on the way is seen, never followed.
 */

const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;

export interface FolderIdentity {
  absolute: string;
  dev: number;
  ino: number;
}

export interface TargetInspection {
  /** Why the generator must not write this path; undefined when it may. */
  problem?: string;
  /** The path the problem is about: the file, or a folder above it. */
  problemPath?: string;
  /** Existing folders below the root on the way to the file, outermost first. */
  folders: FolderIdentity[];
  /** Folders to create before the file can be written, outermost first. */
  missingFolders: string[];
  /** The file itself when it exists (always a regular file when there is no problem). */
  file?: fs.Stats;
}

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;

/** One line for a terminal: control characters from the disk are shown escaped, never sent raw. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, hex);
}

/** Lines for a terminal: like printable, but line breaks and tabs stay. */
export function printableLines(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, hex);
}

function linkTarget(absolute: string): string {
  try {
    return ` (to ${printable(fs.readlinkSync(absolute))})`;
  } catch {
    return "";
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFile()) return "a file";
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a regular file";
}

function lstat(absolute: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** True when `relative` is a plain path below the root: no "..", not absolute, not empty. */
function isPlainRelative(relative: string): boolean {
  if (relative === "" || path.isAbsolute(relative) || relative.includes("\\")) return false;
  return relative.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/**
 * What stands at `relative` below `realRoot` (a path already resolved with realpath): each
 * folder on the way must be a real folder and the file, if present, a regular file.
 */
export function inspectTarget(realRoot: string, relative: string): TargetInspection {
  const result: TargetInspection = { folders: [], missingFolders: [] };
  if (!isPlainRelative(relative))
    return { ...result, problem: `${printable(relative)} is not a path inside the repository` };
  const segments = relative.split("/");
  let current = realRoot;
  try {
    for (let i = 0; i < segments.length - 1; i++) {
      current = path.join(current, segments[i]!);
      const shown = segments.slice(0, i + 1).join("/");
      if (result.missingFolders.length) {
        result.missingFolders.push(current);
        continue;
      }
      const stat = lstat(current);
      if (!stat) {
        result.missingFolders.push(current);
        continue;
      }
      if (stat.isSymbolicLink())
        return {
          ...result,
          problemPath: shown,
          problem: `${shown} is a symbolic link${linkTarget(current)}; the build writes only into the repository's own folders, never through a link`,
        };
      if (!stat.isDirectory())
        return { ...result, problemPath: shown, problem: `${shown} is ${kindOf(stat)}, not a folder` };
      result.folders.push({ absolute: current, dev: stat.dev, ino: stat.ino });
    }
    if (result.missingFolders.length) return result;
    const absolute = path.join(realRoot, relative);
    const stat = lstat(absolute);
    if (!stat) return result;
    if (stat.isSymbolicLink())
      return {
        ...result,
        problemPath: relative,
        problem: `${relative} is a symbolic link${linkTarget(absolute)}; the build never writes through a link: replace it with the file itself`,
      };
    if (!stat.isFile())
      return {
        ...result,
        problemPath: relative,
        problem: `${relative} is ${kindOf(stat)}; the build writes only regular files`,
      };
    return { ...result, file: stat };
  } catch (error) {
    return {
      ...result,
      problemPath: relative,
      problem: `${relative} cannot be examined (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
}

/** True when every folder recorded by inspectTarget is still the same folder, not a link. */
export function foldersUnchanged(folders: readonly FolderIdentity[]): boolean {
  return folders.every((folder) => {
    const stat = lstat(folder.absolute);
    return stat !== undefined && stat.isDirectory() && stat.dev === folder.dev && stat.ino === folder.ino;
  });
}

/**
 * Reads a regular file without following a link in its last step and without waiting on a
 * FIFO; call it after inspectTarget has checked the folders above it.
 */
export function readRegularFile(absolute: string, maxBytes: number): Buffer {
  const fd = fs.openSync(absolute, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error(`not a regular file`), { code: "ENOTREG" });
    if (stat.size > maxBytes) throw Object.assign(new Error(`${stat.size} bytes`), { code: "ETOOBIG" });
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column of a byte offset, columns counted in characters as editors do. */
export function bytePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const hasBom = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const from = hasBom ? 3 : lineStart;
  return { line, column: bytes.subarray(from, Math.max(from, offset)).toString("utf8").length + 1 };
}
