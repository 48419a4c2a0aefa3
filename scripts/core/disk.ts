import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { toPosix } from "./text.ts";

/** The only module that reads the file system; everything after it works on what it returns. */

export const MAX_TEXT_BYTES = 1024 * 1024;
export const MAX_ENTRIES = 250_000;
const SNIFF_BYTES = 8000;

const BINARY_EXTENSIONS = new Set([
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".webp",
  ".ico",
  ".bmp",
  ".tiff",
  ".pdf",
  ".zip",
  ".gz",
  ".tgz",
  ".bz2",
  ".xz",
  ".7z",
  ".tar",
  ".woff",
  ".woff2",
  ".ttf",
  ".otf",
  ".eot",
  ".mp3",
  ".mp4",
  ".mov",
  ".wav",
  ".ogg",
  ".wasm",
  ".so",
  ".dylib",
  ".dll",
  ".exe",
  ".bin",
  ".class",
  ".jar",
  ".pyc",
  ".sqlite",
  ".db",
  ".mcpb",
  ".dxt",
]);

export const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**", "**/.cache/**"];

export type DiskIssueKind =
  "unreadable" | "too-large" | "binary" | "encoding" | "symlink-outside" | "symlink-loop" | "too-many-entries";

export interface DiskIssue {
  path: string;
  kind: DiskIssueKind;
  detail: string;
}

export interface DiskFile {
  path: string;
  size: number;
  /** Undefined for binary, unreadable or oversized files. */
  text: string | undefined;
  hasBom: boolean;
  binary: boolean;
  /** Set when the entry is a link to a file inside the root. */
  linkTarget?: string;
}

export interface DiskSnapshot {
  files: DiskFile[];
  dirs: Set<string>;
  issues: DiskIssue[];
}

export interface FileSystem {
  readFile(absolute: string): Buffer;
  realpath(absolute: string): string;
  stat(absolute: string): { size: number; isFile(): boolean; isDirectory(): boolean };
}

export const nodeFileSystem: FileSystem = {
  readFile: (absolute) => fs.readFileSync(absolute),
  realpath: (absolute) => fs.realpathSync(absolute),
  stat: (absolute) => fs.statSync(absolute),
};

const decoder = new TextDecoder("utf-8", { fatal: true });
const lossyDecoder = new TextDecoder("utf-8", { fatal: false });

function decode(buffer: Buffer, relative: string, issues: DiskIssue[]): string {
  try {
    return decoder.decode(buffer);
  } catch {
    issues.push({ path: relative, kind: "encoding", detail: "the file is not valid UTF-8" });
    return lossyDecoder.decode(buffer);
  }
}

function readOne(fsys: FileSystem, absolute: string, relative: string, size: number, issues: DiskIssue[]): DiskFile {
  if (BINARY_EXTENSIONS.has(path.extname(relative).toLowerCase()))
    return { path: relative, size, text: undefined, hasBom: false, binary: true };
  if (size > MAX_TEXT_BYTES) {
    issues.push({
      path: relative,
      kind: "too-large",
      detail: `the file has ${size} bytes; text files over ${MAX_TEXT_BYTES} bytes are not read (Claude Code skips component files over 1 MiB)`,
    });
    return { path: relative, size, text: undefined, hasBom: false, binary: false };
  }
  let buffer: Buffer;
  try {
    buffer = fsys.readFile(absolute);
  } catch (error) {
    issues.push({
      path: relative,
      kind: "unreadable",
      detail: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    });
    return { path: relative, size, text: undefined, hasBom: false, binary: false };
  }
  if (buffer.subarray(0, SNIFF_BYTES).includes(0)) {
    issues.push({ path: relative, kind: "binary", detail: "the file holds NUL bytes, so it is binary, not text" });
    return { path: relative, size, text: undefined, hasBom: false, binary: true };
  }
  const hasBom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const text = decode(hasBom ? buffer.subarray(3) : buffer, relative, issues);
  return { path: relative, size, text, hasBom, binary: false };
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** Lists and reads every file below root; links are reported, never followed out of the root. */
export function readTree(
  root: string,
  ignore: readonly string[] = [],
  fsys: FileSystem = nodeFileSystem,
): DiskSnapshot {
  const issues: DiskIssue[] = [];
  const dirs = new Set<string>([""]);
  const files: DiskFile[] = [];
  let realRoot = root;
  try {
    realRoot = fsys.realpath(root);
  } catch {
    // The caller has already checked that root exists.
  }
  const entries = fg.sync("**", {
    cwd: root,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    unique: true,
    suppressErrors: true,
    ignore: [...ALWAYS_IGNORED, ...ignore],
  });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (entries.length > MAX_ENTRIES) {
    issues.push({
      path: "",
      kind: "too-many-entries",
      detail: `the tree has ${entries.length} entries; only the first ${MAX_ENTRIES} are read`,
    });
    entries.length = MAX_ENTRIES;
  }
  for (const entry of entries) {
    const relative = toPosix(entry.path);
    const absolute = path.join(root, entry.path);
    const dirent = entry.dirent;
    if (dirent.isDirectory()) {
      dirs.add(relative);
      continue;
    }
    if (dirent.isSymbolicLink()) {
      let target: string;
      try {
        target = fsys.realpath(absolute);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        issues.push({
          path: relative,
          kind: code === "ELOOP" ? "symlink-loop" : "unreadable",
          detail:
            code === "ELOOP"
              ? "the symbolic link loops and was not followed"
              : `the symbolic link points nowhere (${code ?? "unknown error"})`,
        });
        continue;
      }
      if (!inside(realRoot, target)) {
        issues.push({
          path: relative,
          kind: "symlink-outside",
          detail: "the symbolic link points outside the validated folder and was not followed",
        });
        continue;
      }
      try {
        const stat = fsys.stat(target);
        if (stat.isDirectory()) continue;
        files.push({
          ...readOne(fsys, target, relative, stat.size, issues),
          linkTarget: toPosix(path.relative(realRoot, target)),
        });
      } catch (error) {
        issues.push({
          path: relative,
          kind: "unreadable",
          detail: `the link target cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        });
      }
      continue;
    }
    if (!dirent.isFile()) continue;
    let size = 0;
    try {
      size = fsys.stat(absolute).size;
    } catch (error) {
      issues.push({
        path: relative,
        kind: "unreadable",
        detail: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      });
      continue;
    }
    files.push(readOne(fsys, absolute, relative, size, issues));
  }
  for (const file of files) {
    const parent = path.posix.dirname(file.path);
    if (parent !== ".")
      for (let dir = parent; dir !== "." && !dirs.has(dir); dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  return { files, dirs, issues };
}

/**
 * The same snapshot as readTree, from files held in memory: fuzzing and tests feed the
 * validator thousands of trees without touching the disk.
 */
export function readMemoryTree(files: ReadonlyMap<string, Buffer>): DiskSnapshot {
  const issues: DiskIssue[] = [];
  const dirs = new Set<string>([""]);
  const memory: FileSystem = {
    readFile: (absolute) => {
      const buffer = files.get(absolute);
      if (!buffer) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      return buffer;
    },
    realpath: (absolute) => absolute,
    stat: (absolute) => ({ size: files.get(absolute)?.length ?? 0, isFile: () => true, isDirectory: () => false }),
  };
  const out: DiskFile[] = [];
  for (const name of [...files.keys()].sort()) {
    for (
      let dir = path.posix.dirname(name);
      dir !== "." && dir !== "/" && !dirs.has(dir);
      dir = path.posix.dirname(dir)
    )
      dirs.add(dir);
    out.push(readOne(memory, name, name, files.get(name)!.length, issues));
  }
  return { files: out, dirs, issues };
}
