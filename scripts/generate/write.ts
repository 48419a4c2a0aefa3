import fs from "node:fs";
import path from "node:path";
import { foldersUnchanged, inspectTarget, readRegularFile, type FolderIdentity } from "./files.ts";

/** Temporary files are named `<target>.mars-tmp-<pid>`; .gitignore lists `*.mars-tmp-*`. */
export const TEMP_MARK = ".mars-tmp-";

/** What a rewritten file keeps from the file it replaces. */
interface KeepAttributes {
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface WriteFs {
  /** Creates `file`, which must not exist yet, never through a link; returns an open handle. */
  create(file: string, keep: KeepAttributes): number;
  /** Writes all of `data`, flushes it to the disk and closes the handle, also when it fails. */
  fill(handle: number, data: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  mkdir(dir: string): void;
  rmdir(dir: string): void;
}

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW = 0 } = fs.constants;

export const nodeWriteFs: WriteFs = {
  create: (file, keep) => {
    const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, keep.mode ?? 0o666);
    try {
      if (keep.uid !== undefined || keep.gid !== undefined) {
        try {
          fs.fchownSync(fd, keep.uid ?? -1, keep.gid ?? -1);
        } catch {
          // Best effort: only the owner's group or root's change of owner can be kept.
        }
      }
      // fchmod is not filtered by the umask, so the mode is exactly the old file's.
      if (keep.mode !== undefined) fs.fchmodSync(fd, keep.mode);
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw error;
    }
    return fd;
  },
  fill: (handle, data) => {
    try {
      fs.writeFileSync(handle, data);
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
  },
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.rmSync(file, { force: true }),
  mkdir: (dir) => fs.mkdirSync(dir),
  rmdir: (dir) => fs.rmdirSync(dir),
};

export class WriteError extends Error {}

const HELD_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Writes in progress or just finished; the listeners stay while any needs them. */
let holders = 0;

function onSignal(signal: NodeJS.Signals): void {
  detachSignals();
  process.stderr.write(`build: ${signal}: stopped after the write in progress had finished or been undone\n`);
  process.kill(process.pid, signal);
}

function detachSignals(): void {
  for (const signal of HELD_SIGNALS) process.removeListener(signal, onSignal);
}

/**
 * Runs `work` with SIGINT, SIGTERM and SIGHUP held back. Without a listener these signals end
 * the process at once, mid-write; with one, Node delivers them between synchronous steps, so
 * the write finishes (or is undone) first. The signal is then raised again, and the process
 * ends as the signal asks.
 */
function withSignalsHeld<T>(work: () => T): T {
  if (holders++ === 0) for (const signal of HELD_SIGNALS) process.on(signal, onSignal);
  try {
    return work();
  } finally {
    // A signal that arrived during `work` waits for the event loop's next poll phase. The
    // current phase may be a poll already past, so the listeners stay for one more full turn:
    // the first immediate runs before that poll, the second after it.
    setImmediate(() =>
      setImmediate(() => {
        holders = Math.max(0, holders - 1);
        if (holders === 0) detachSignals();
      }),
    );
  }
}

function attributes(stat: fs.Stats | undefined): KeepAttributes {
  if (!stat) return {};
  const root = process.getuid?.() === 0;
  return { mode: stat.mode & 0o7777, gid: stat.gid, ...(root ? { uid: stat.uid } : {}) };
}

function message(error: unknown): string {
  return (error as Error).message;
}

export interface FileToWrite {
  path: string;
  content: string;
  /**
   * What the file must still hold for it to be replaced (null: it must not exist yet), so an
   * edit made after the build read the file is never lost. Undefined: no such check.
   */
  before?: string | null;
}

/** What identifies the file that stood at a path when it was checked; null when none did. */
type Identity = { ino: number; size: number; mtimeMs: number; ctimeMs: number } | null;

interface Planned {
  relative: string;
  target: string;
  temp: string;
  content: string;
  keep: KeepAttributes;
  missingFolders: string[];
  folders: FolderIdentity[];
  identity: Identity | undefined;
}

function identityOf(stat: fs.Stats | undefined): Identity {
  return stat ? { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs } : null;
}

function currentIdentity(target: string): Identity {
  try {
    return identityOf(fs.lstatSync(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

const MAX_COMPARED_BYTES = 16 * 1024 * 1024;

/** Throws unless the file at `target` holds exactly `before` (or is absent for null). */
function expectContent(relative: string, target: string, stat: fs.Stats | undefined, before: string | null): void {
  if (before === null) {
    if (stat) throw new Error(`${relative} appeared on disk after the build read the repository`);
    return;
  }
  if (!stat) throw new Error(`${relative} disappeared after the build read it`);
  if (!readRegularFile(target, MAX_COMPARED_BYTES).equals(Buffer.from(before, "utf8")))
    throw new Error(`${relative} changed on disk after the build read it; build again`);
}

function plan(realRoot: string, files: readonly FileToWrite[]): Planned[] {
  return files.map((file) => {
    const inspection = inspectTarget(realRoot, file.path);
    if (inspection.problem) throw new WriteError(`nothing was written: ${inspection.problem}`);
    const target = path.join(realRoot, file.path);
    if (file.before !== undefined) {
      try {
        expectContent(file.path, target, inspection.file, file.before);
      } catch (error) {
        throw new WriteError(`nothing was written: ${message(error)}`);
      }
    }
    return {
      relative: file.path,
      target,
      temp: `${target}${TEMP_MARK}${process.pid}`,
      content: file.content,
      keep: attributes(inspection.file),
      missingFolders: inspection.missingFolders,
      folders: inspection.folders,
      identity: file.before === undefined ? undefined : identityOf(inspection.file),
    };
  });
}

/** Throws when a folder above the file, or the file itself, is not what was checked. */
function expectUnchanged(file: Planned): void {
  if (!foldersUnchanged(file.folders))
    throw new Error(`a folder above ${file.relative} changed while the build was writing`);
  if (file.identity === undefined) return;
  const now = currentIdentity(file.target);
  const was = file.identity;
  const same =
    now === null || was === null
      ? now === was
      : now.ino === was.ino && now.size === was.size && now.mtimeMs === was.mtimeMs && now.ctimeMs === was.ctimeMs;
  if (!same) throw new Error(`${file.relative} changed on disk while the build was writing; build again`);
}

/**
 * Writes every file through a temporary sibling and a rename. All temporary files are written
 * first; if any of them fails, none is renamed and all are removed. A rename replaces a file
 * atomically, so even a failure between two renames leaves each target either entirely old or
 * entirely new. Nothing is written through a symbolic link or outside the root, and a
 * replaced file keeps its mode. Given what each file held when it was read, a file that has
 * changed since is not replaced.
 */
export function writeAll(root: string, files: readonly FileToWrite[], fsys: WriteFs = nodeWriteFs): void {
  for (const file of files)
    if (path.isAbsolute(file.path) || file.path.split("/").includes(".."))
      throw new WriteError(`refusing to write ${file.path}: it is outside ${root}`);
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch (error) {
    throw new WriteError(`nothing was written: ${message(error)}`);
  }
  const planned = plan(realRoot, files);
  withSignalsHeld(() => {
    const created: string[] = [];
    const temps: string[] = [];
    const undo = () => {
      for (const temp of temps) attempt(() => fsys.unlink(temp));
      for (const folder of [...created].reverse()) attempt(() => fsys.rmdir(folder));
    };
    try {
      for (const file of planned) {
        for (const folder of file.missingFolders) {
          if (created.includes(folder)) continue;
          fsys.mkdir(folder);
          created.push(folder);
        }
        const handle = fsys.create(file.temp, file.keep);
        // From here the temporary file is ours, even if filling it fails (a full disk).
        temps.push(file.temp);
        fsys.fill(handle, file.content);
      }
      // Check the way to every target again, now that the folders exist, and every target.
      for (const file of planned) {
        const again = inspectTarget(realRoot, file.relative);
        if (again.problem || again.missingFolders.length) throw new Error(again.problem ?? `${file.relative} moved`);
        file.folders = again.folders;
        expectUnchanged(file);
      }
    } catch (error) {
      undo();
      throw new WriteError(`nothing was written: ${message(error)}`);
    }
    let renamed = 0;
    try {
      for (const file of planned) {
        expectUnchanged(file);
        fsys.rename(file.temp, file.target);
        renamed++;
      }
    } catch (error) {
      for (const file of planned.slice(renamed)) attempt(() => fsys.unlink(file.temp));
      throw new WriteError(
        `stopped after ${renamed} of ${planned.length} files (each file is entirely old or entirely new): ${message(error)}`,
      );
    }
  });
}

function attempt(step: () => void): void {
  try {
    step();
  } catch {
    // Clean-up is best effort; the error that caused it is the one reported.
  }
}

/** True while the process with this pid exists (signal 0 only checks; EPERM: it exists, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes temporary files an earlier build left when it was killed (SIGKILL, power loss):
 * only `<target>.mars-tmp-<pid>` next to a generated file, only regular files, only when that
 * process is gone. Returns their paths relative to the root.
 */
export function removeStaleTemps(
  root: string,
  targets: readonly string[],
  alive: (pid: number) => boolean = processAlive,
): string[] {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return [];
  }
  const byFolder = new Map<string, Set<string>>();
  for (const target of targets) {
    const folder = path.posix.dirname(target);
    const names = byFolder.get(folder) ?? new Set<string>();
    names.add(path.posix.basename(target));
    byFolder.set(folder, names);
  }
  const removed: string[] = [];
  for (const [folder, names] of byFolder) {
    // Only real folders: never look for temporary files behind a link.
    const depth = folder === "." ? 0 : folder.split("/").length;
    if (depth > 0 && inspectTarget(realRoot, `${folder}/${[...names][0]}`).folders.length !== depth) continue;
    const absolute = folder === "." ? realRoot : path.join(realRoot, folder);
    let entries: string[];
    try {
      entries = fs.readdirSync(absolute);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const at = entry.lastIndexOf(TEMP_MARK);
      if (at <= 0 || !names.has(entry.slice(0, at))) continue;
      const pidText = entry.slice(at + TEMP_MARK.length);
      if (!/^\d{1,10}$/.test(pidText)) continue;
      const pid = Number(pidText);
      if (pid === process.pid || alive(pid)) continue;
      const file = path.join(absolute, entry);
      try {
        if (!fs.lstatSync(file).isFile()) continue;
        fs.unlinkSync(file);
        removed.push(folder === "." ? entry : `${folder}/${entry}`);
      } catch {
        // Left for the next run; a stale temporary file harms nothing.
      }
    }
  }
  return removed;
}
