import path from "node:path";
import { bytePosition, firstInvalidUtf8, inspectTarget, readRegularFile } from "./files.ts";
import type { GeneratedFile } from "./generate.ts";

/**
 * The last word before the build writes: each generated file must be a regular file of the
 * repository that the build may touch and whose bytes it read exactly, so that everything
 * outside its regions is written back unchanged.
 */

/** Text files over this size are not read by the validator's reader either. */
const MAX_TARGET_BYTES = 1024 * 1024;

export interface TargetProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface GuardOptions {
  /** True when .mars-validate.json ignores the path. */
  ignored: (relative: string) => boolean;
  /** True when the build is about to write (not --check): read-only files are refused then. */
  writing: boolean;
}

function unreadable(file: GeneratedFile, error: NodeJS.ErrnoException): TargetProblem {
  if (error.code === "ETOOBIG")
    return {
      file: file.path,
      message: `${file.path} has ${error.message}; the build reads files up to ${MAX_TARGET_BYTES} bytes and will not rewrite a larger one`,
    };
  return { file: file.path, message: `${file.path} cannot be read (${error.code ?? error.message})` };
}

/** Why the bytes on disk differ from the text the generator worked on. */
function mismatch(file: GeneratedFile, bytes: Buffer): TargetProblem {
  if (bytes.includes(0))
    return {
      file: file.path,
      message: `${file.path} holds NUL bytes, so it is not text; the build will not rewrite it`,
    };
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1)
    return {
      file: file.path,
      ...bytePosition(bytes, invalid),
      message: `${file.path} is not valid UTF-8 here; the build keeps every byte outside its regions and will not rewrite a file it cannot read exactly: save it as UTF-8, then build again`,
    };
  return { file: file.path, message: `${file.path} changed on disk while the build ran; build again` };
}

function writable(file: GeneratedFile, mode: number, uid: number): TargetProblem | undefined {
  if ((mode & 0o200) === 0)
    return {
      file: file.path,
      message: `${file.path} is read-only (mode ${(mode & 0o777).toString(8).padStart(4, "0")}); the build does not replace a file its owner protected: make it writable (chmod u+w ${file.path}) and build again`,
    };
  const me = process.getuid?.();
  if (me !== undefined && me !== 0 && uid !== me)
    return {
      file: file.path,
      message: `${file.path} belongs to another user (uid ${uid}); replacing it would make it yours, so the build leaves it alone`,
    };
  return undefined;
}

/** A linked folder is one problem, however many generated files lie below it. */
function addOnce(problems: TargetProblem[], relative: string, problem: string, at: string | undefined): void {
  const file = at ?? relative;
  if (!problems.some((p) => p.file === file && p.message === problem)) problems.push({ file, message: problem });
}

/**
 * Links, special files and non-folders on the way to the generated files: found with lstat
 * alone, before anything is read.
 */
export function structureProblems(realRoot: string, paths: readonly string[]): TargetProblem[] {
  const problems: TargetProblem[] = [];
  for (const relative of paths) {
    const inspection = inspectTarget(realRoot, relative);
    if (inspection.problem) addOnce(problems, relative, inspection.problem, inspection.problemPath);
  }
  return problems;
}

/** Every reason the build must not write these files; empty when it may. */
export function guardTargets(
  realRoot: string,
  files: readonly GeneratedFile[],
  options: GuardOptions,
): TargetProblem[] {
  const problems: TargetProblem[] = [];
  for (const file of files) {
    if (options.ignored(file.path)) {
      problems.push({
        file: file.path,
        message: `${file.path} matches an "ignore" glob in .mars-validate.json; the build neither reads nor writes ignored files: stop ignoring it, or remove what generates it from scripts/catalog`,
      });
      continue;
    }
    const inspection = inspectTarget(realRoot, file.path);
    if (inspection.problem) {
      addOnce(problems, file.path, inspection.problem, inspection.problemPath);
      continue;
    }
    if (!inspection.file) {
      if (file.before !== null)
        problems.push({ file: file.path, message: `${file.path} disappeared while the build ran; build again` });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readRegularFile(path.join(realRoot, file.path), MAX_TARGET_BYTES);
    } catch (error) {
      problems.push(unreadable(file, error as NodeJS.ErrnoException));
      continue;
    }
    if (file.before === null || !bytes.equals(Buffer.from(file.before, "utf8"))) {
      problems.push(mismatch(file, bytes));
      continue;
    }
    if (options.writing && file.before !== file.after) {
      const problem = writable(file, inspection.file.mode, inspection.file.uid);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}
