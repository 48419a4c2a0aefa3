import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import path from "node:path";
import { anyGlob } from "./glob.ts";
import { toPosix } from "./text.ts";

/**
 * The only module that reads the file system; everything after it works on what it returns.
 * It opens regular files only (a FIFO, socket or device is reported, never opened), never
 * follows a link out of the root, and checks where an opened file really is at the moment it
 * is read, so a file swapped for a link during the run cannot leak outside content.
 */

export const MAX_TEXT_BYTES = 1024 * 1024;
/** Why the size matters to Claude Code, said where a component file is over it. */
export const COMPONENT_LIMIT = " (Claude Code skips component files over 1 MiB)";
export const MAX_ENTRIES = 250_000;
/** How deep folders reached through symbolic links inside the root are followed. */
const MAX_LINK_DEPTH = 8;
const SNIFF_BYTES = 8000;

const BINARY_EXTENSIONS = new Set([
  ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".tiff", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz",
  ".7z", ".tar", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".mov", ".wav", ".ogg", ".wasm",
  ".so", ".dylib", ".dll", ".exe", ".bin", ".class", ".jar", ".pyc", ".sqlite", ".db", ".mcpb", ".dxt",
]); // prettier-ignore

export const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**", "**/.cache/**"];

type DiskIssueKind =
  | "unreadable"
  | "too-large"
  | "binary"
  | "encoding"
  | "special"
  | "symlink-outside"
  | "symlink-loop"
  | "too-many-entries";

export interface DiskIssue {
  path: string;
  kind: DiskIssueKind;
  detail: string;
}

export interface DiskFile {
  path: string;
  size: number;
  /** Undefined for binary, unreadable, special or oversized files. */
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

interface FileStat {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface FileSystem {
  /**
   * Reads at most `limit` bytes of a regular file that lies inside `root` when it is opened.
   * Throws an error with a `code` (EACCES, ELOOP, ESPECIAL for a FIFO/socket/device, EOUTSIDE).
   */
  readFile(absolute: string, root: string, limit: number): Buffer;
  realpath(absolute: string): string;
  stat(absolute: string): FileStat;
}

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

// O_NOFOLLOW: the last path part must not be a link; O_NONBLOCK: opening a FIFO cannot wait forever.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

function readOpened(fd: number, absolute: string, root: string, limit: number): Buffer {
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) fail("ESPECIAL", `${absolute} is not a regular file`);
  // Where the opened file really is: a folder on the way may have been swapped for a link.
  let real: string | undefined;
  try {
    real = fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    real = undefined; // No /proc (macOS): the realpath check made before opening stands.
  }
  if (real !== undefined && !inside(root, real)) fail("EOUTSIDE", `${absolute} resolves outside the root`);
  const size = Math.min(stat.size, limit);
  const buffer = Buffer.alloc(size);
  let read = 0;
  while (read < size) {
    const n = fs.readSync(fd, buffer, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === size ? buffer : buffer.subarray(0, read);
}

export const nodeFileSystem: FileSystem = {
  readFile(absolute, root, limit) {
    const fd = fs.openSync(absolute, OPEN_FLAGS);
    try {
      return readOpened(fd, absolute, root, limit);
    } finally {
      fs.closeSync(fd);
    }
  },
  realpath: (absolute) => fs.realpathSync(absolute),
  stat: (absolute) => fs.statSync(absolute),
};

const lossyDecoder = new TextDecoder("utf-8", { fatal: false });

function decode(buffer: Buffer, relative: string, issues: DiskIssue[]): string {
  // isUtf8 and Buffer#toString are several times faster than a fatal TextDecoder, which they
  // stand in for: like it, they drop one byte order mark at the start (a second after the one
  // already removed, as the decoder did).
  if (isUtf8(buffer)) {
    const text = buffer.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  issues.push({ path: relative, kind: "encoding", detail: "the file is not valid UTF-8" });
  return lossyDecoder.decode(buffer);
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function readOne(
  fsys: FileSystem,
  root: string,
  absolute: string,
  relative: string,
  size: number,
  issues: DiskIssue[],
): DiskFile {
  if (BINARY_EXTENSIONS.has(path.extname(relative).toLowerCase()))
    return { path: relative, size, text: undefined, hasBom: false, binary: true };
  if (size > MAX_TEXT_BYTES) {
    issues.push({
      path: relative,
      kind: "too-large",
      detail: `the file has ${size} bytes; text files over ${MAX_TEXT_BYTES} bytes are not read${COMPONENT_LIMIT}`,
    });
    return { path: relative, size, text: undefined, hasBom: false, binary: false };
  }
  let buffer: Buffer;
  try {
    buffer = fsys.readFile(absolute, root, MAX_TEXT_BYTES + 1);
  } catch (error) {
    const code = errorCode(error);
    if (code === "ESPECIAL")
      issues.push({
        path: relative,
        kind: "special",
        detail: "the entry is not a regular file (a FIFO, socket or device) and was not read",
      });
    else if (code === "ELOOP" || code === "EOUTSIDE")
      issues.push({
        path: relative,
        kind: "symlink-outside",
        detail: "the file was replaced by a symbolic link while it was read, and was not followed",
      });
    else issues.push({ path: relative, kind: "unreadable", detail: `the file cannot be read (${code})` });
    return { path: relative, size, text: undefined, hasBom: false, binary: false };
  }
  if (buffer.length > MAX_TEXT_BYTES) {
    issues.push({
      path: relative,
      kind: "too-large",
      detail: `the file grew past ${MAX_TEXT_BYTES} bytes while it was read and was not read`,
    });
    return { path: relative, size: buffer.length, text: undefined, hasBom: false, binary: false };
  }
  if (buffer.subarray(0, SNIFF_BYTES).includes(0)) {
    issues.push({ path: relative, kind: "binary", detail: "the file holds NUL bytes, so it is binary, not text" });
    return { path: relative, size, text: undefined, hasBom: false, binary: true };
  }
  const hasBom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const text = decode(hasBom ? buffer.subarray(3) : buffer, relative, issues);
  return { path: relative, size, text, hasBom, binary: false };
}

interface WalkEntry {
  relative: string;
  absolute: string;
  kind: "file" | "dir" | "link" | "special";
}

/** Folder names never walked into (their files are read only when a manifest names them). */
export const ALWAYS_IGNORED_NAMES: ReadonlySet<string> = new Set(["node_modules", ".git", ".cache"]);

/**
 * Every entry below cwd except ignored ones, with unreadable folders recorded instead of skipped.
 * A plain readdir walk: a glob library's pattern filter drops names holding a line break (its
 * "." does not match one) and matches ignore globs with backtracking regular expressions; here
 * each name is kept as it is and ignores are matched by the linear glob matcher, pruning whole
 * folders. At most `budget` entries are listed.
 */
function list(
  cwd: string,
  prefix: string,
  ignored: (relative: string) => boolean,
  issues: DiskIssue[],
  budget: number,
): WalkEntry[] {
  const out: WalkEntry[] = [];
  const note = (dir: string, error: unknown) =>
    issues.push({
      path: prefix ? (dir ? `${prefix}/${dir}` : prefix) : dir,
      kind: "unreadable",
      detail: `the folder cannot be listed (${errorCode(error)}), so nothing in it was checked`,
    });
  const read = (dir: string): fs.Dirent[] | undefined => {
    try {
      return fs
        .readdirSync(path.join(cwd, dir), { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      note(dir, error);
      return undefined;
    }
  };
  // Breadth first, names in order, each .claude-plugin folder listed as soon as it is seen: the
  // manifests come before a huge folder can use the budget up, on every machine alike.
  const folders = [""];
  const add = (dir: string, dirent: fs.Dirent): boolean => {
    if (ALWAYS_IGNORED_NAMES.has(dirent.name)) return true;
    const relative = dir ? `${dir}/${dirent.name}` : dirent.name;
    const rooted = prefix ? `${prefix}/${relative}` : relative;
    if (ignored(rooted)) return true;
    const kind = dirent.isDirectory() ? "dir" : dirent.isSymbolicLink() ? "link" : dirent.isFile() ? "file" : "special";
    out.push({ relative: rooted, absolute: path.join(cwd, relative), kind });
    if (kind === "dir" && dirent.name === ".claude-plugin") {
      for (const inner of read(relative) ?? []) if (!add(relative, inner)) return false;
    } else if (kind === "dir") folders.push(relative);
    return out.length <= budget;
  };
  for (let next = 0; next < folders.length && out.length <= budget; next++) {
    const dir = folders[next]!;
    for (const dirent of read(dir) ?? []) if (!add(dir, dirent)) break;
  }
  return out;
}

/**
 * Lists and reads every file below root. Links are followed only to targets inside the root
 * (folders too, to a bounded depth, never around a loop); everything else is reported.
 */
export function readTree(
  root: string,
  ignore: readonly string[] = [],
  fsys: FileSystem = nodeFileSystem,
  maxEntries = MAX_ENTRIES,
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
  const work: { cwd: string; prefix: string; depth: number; real: string }[] = [
    { cwd: root, prefix: "", depth: 0, real: realRoot },
  ];
  const listings = new Map<string, number>([[realRoot, 1]]);
  const ignored = anyGlob(ignore);
  let total = 0;
  let truncated = false;
  for (let job = work.shift(); job; job = work.shift()) {
    const entries = list(job.cwd, job.prefix, ignored, issues, maxEntries - total).sort((a, b) =>
      a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0,
    );
    for (const entry of entries) {
      if (++total > maxEntries) {
        truncated = true;
        break;
      }
      const { relative, absolute } = entry;
      if (entry.kind === "dir") {
        dirs.add(relative);
        continue;
      }
      if (entry.kind === "special") {
        issues.push({
          path: relative,
          kind: "special",
          detail: "the entry is not a regular file (a FIFO, socket or device) and was not read",
        });
        continue;
      }
      if (entry.kind === "link") {
        let target: string;
        try {
          target = fsys.realpath(absolute);
        } catch (error) {
          const code = errorCode(error);
          issues.push({
            path: relative,
            kind: code === "ELOOP" ? "symlink-loop" : "unreadable",
            detail:
              code === "ELOOP"
                ? "the symbolic link loops and was not followed"
                : `the symbolic link points nowhere (${code})`,
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
        let stat: FileStat;
        try {
          stat = fsys.stat(target);
        } catch (error) {
          issues.push({
            path: relative,
            kind: "unreadable",
            detail: `the link target cannot be read (${errorCode(error)})`,
          });
          continue;
        }
        if (stat.isDirectory()) {
          const realLink = path.dirname(absolute);
          const loops = inside(target, job.real) || inside(target, safeRealpath(fsys, realLink) ?? realLink);
          if (loops) {
            issues.push({
              path: relative,
              kind: "symlink-loop",
              detail: "the symbolic link points to a folder that contains it, so it loops, and was not followed",
            });
          } else if ((listings.get(target) ?? 0) >= 2) {
            issues.push({
              path: relative,
              kind: "symlink-loop",
              detail: "the folder is reached through links more than twice and was not read again",
            });
          } else if (job.depth >= MAX_LINK_DEPTH) {
            issues.push({
              path: relative,
              kind: "symlink-loop",
              detail: `the folder link is more than ${MAX_LINK_DEPTH} links deep and was not followed`,
            });
          } else {
            dirs.add(relative);
            listings.set(target, (listings.get(target) ?? 0) + 1);
            work.push({ cwd: target, prefix: relative, depth: job.depth + 1, real: target });
          }
          continue;
        }
        if (!stat.isFile()) {
          issues.push({
            path: relative,
            kind: "special",
            detail:
              "the link points to something that is not a regular file (a FIFO, socket or device) and was not read",
          });
          continue;
        }
        files.push({
          ...readOne(fsys, realRoot, target, relative, stat.size, issues),
          linkTarget: toPosix(path.relative(realRoot, target)),
        });
        continue;
      }
      let size: number;
      try {
        size = fsys.stat(absolute).size;
      } catch (error) {
        issues.push({ path: relative, kind: "unreadable", detail: `the file cannot be read (${errorCode(error)})` });
        continue;
      }
      files.push(readOne(fsys, realRoot, absolute, relative, size, issues));
    }
    if (truncated) break;
  }
  if (truncated)
    issues.push({
      path: "",
      kind: "too-many-entries",
      detail: `the tree has more than ${maxEntries} entries; only the first ${maxEntries} were read`,
    });
  for (const file of files) {
    const parent = path.posix.dirname(file.path);
    if (parent !== ".")
      for (let dir = parent; dir !== "." && !dirs.has(dir); dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, dirs, issues };
}

function safeRealpath(fsys: FileSystem, absolute: string): string | undefined {
  try {
    return fsys.realpath(absolute);
  } catch {
    return undefined;
  }
}

/**
 * Reads one file the tree walk skipped (under node_modules, .git or .cache) because a loaded file
 * names it; undefined when it is not a readable regular file inside the root.
 */
export function readOneFile(
  root: string,
  relative: string,
  fsys: FileSystem = nodeFileSystem,
): { file?: DiskFile; issues: DiskIssue[] } {
  const issues: DiskIssue[] = [];
  const absolute = path.join(root, relative);
  try {
    const realRoot = fsys.realpath(root);
    const real = fsys.realpath(absolute);
    if (!inside(realRoot, real)) return { issues };
    const stat = fsys.stat(real);
    if (!stat.isFile()) return { issues };
    return { file: readOne(fsys, realRoot, real, relative, stat.size, issues), issues };
  } catch {
    return { issues };
  }
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
    out.push(readOne(memory, "/", name, name, files.get(name)!.length, issues));
  }
  return { files: out, dirs, issues };
}

/**
 * The URL of the "origin" remote when `root` is a git checkout (its own .git/config; folders
 * above are not searched, so a tree inside another repository is not mistaken for it). It tells
 * whether a marketplace is Anthropic's own: reserved names install only from GitHub repositories
 * of the anthropics organization, and `marketplace add <owner>/<repo>` reads the repository root.
 */
export function gitOrigin(root: string): string | undefined {
  const config = path.join(root, ".git", "config");
  try {
    const stat = fs.lstatSync(config);
    if (!stat.isFile() || stat.size > 256 * 1024) return undefined;
    const text = fs.readFileSync(config, "utf8");
    const section = text.split(/^\[/m).find((part) => /^remote\s+"origin"\]/.test(part));
    const url = section ? /^[ \t]*url[ \t]*=[ \t]*(\S+)/m.exec(section)?.[1] : undefined;
    return url || undefined;
  } catch {
    return undefined;
  }
}
