import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ALWAYS_IGNORED_NAMES } from "./disk.ts";
import { anyGlob } from "./glob.ts";
import type { PythonVerdict, PythonVerdicts } from "./python.ts";
import type { ScriptMessage, ScriptVerdicts } from "./scripts.ts";
import type { Finding, Location, Rule, Severity, ValidatorConfig } from "./types.ts";

/**
 * The cache behind `--cache`: a JSON file of our own, never trusted. It holds the answers of the
 * last validations (whole results by what was asked, see answers.ts), per validated folder the
 * findings of the last run with a key of everything they depend on (the files, the config, the
 * rules, the tool, the environment that picks python3), and, by content, the verdicts of python3
 * and esbuild. An unchanged request is answered from the file; a changed folder is validated
 * again, every rule re-run, and only code blocks never seen before go to python3 and esbuild. A
 * file that is missing, unreadable, too large, not JSON or not in the expected shape is ignored
 * as a whole: the run goes on without it.
 */

const CACHE_FILE = ".mars-validate-cache";
const FORMAT = 2;
/** Answers kept: the most recently stored requests (a folder validated in several ways, several folders). */
const MAX_ANSWERS = 16;
/** A cache file past this size is not read (a project's own is a few megabytes at most). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

export type CacheStrategy = "metadata" | "content";

/** What a cached run answers with. */
export interface CachedRun {
  findings: Finding[];
  /** Files linted. */
  files: number;
  /** True when the folder held nothing to validate. */
  empty: boolean;
}

interface RunEntry {
  key: string;
  /** Files the run read from folders the walk skips; their state is part of the key. */
  extra: string[];
  run: CachedRun;
}

/** A validated folder as an answer depends on it: the entries the walk saw, and the files read from skipped folders. */
export interface AnswerTarget {
  root: string;
  /** The ignore globs the walk used. */
  ignore: string[];
  extra: string[];
  /** treeState of the folder with the state of `extra` (see targetState). */
  state: string;
}

/** A whole validation result, as the library returns it, with what it depends on beyond the request. */
export interface AnswerEntry<Result = unknown> {
  targets: AnswerTarget[];
  result: Result;
}

interface CacheData {
  format: number;
  tool: string;
  answers: Record<string, AnswerEntry>;
  runs: Record<string, RunEntry>;
  python: Record<string, [number, number, string] | 0>;
  scripts: Record<string, [number, number, string][]>;
}

/** Set by the bundlers: a hash of the sources a bundle was built from, the same in every bundle of one build. */
declare const MARS_BUILD_ID: string | undefined;

let identity: string | undefined;

/**
 * The running validator: the build it comes from (or, run from source, a hash of this module),
 * so a changed rule never answers from results of the old one. Both bundles of one build (the
 * full one and the one that only answers from the cache) have the same identity.
 */
export function toolIdentity(): string {
  if (identity) return identity;
  if (typeof MARS_BUILD_ID === "string" && MARS_BUILD_ID) return (identity = MARS_BUILD_ID);
  const hash = createHash("sha1");
  try {
    hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  } catch {
    hash.update("unknown build");
  }
  identity = hash.digest("base64url");
  return identity;
}

// Shape checks for everything read back: the file may have been edited, truncated or planted.
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
export const SEVERITIES = new Set<unknown>(["error", "warning", "note"]);

function isLocation(value: unknown): value is Location {
  if (!isObject(value) || typeof value.file !== "string") return false;
  const point = (p: unknown) => isObject(p) && isCount(p.line) && isCount(p.column);
  return point(value.start) && (value.end === undefined || point(value.end));
}

export function isFinding(value: unknown): value is Finding {
  return (
    isObject(value) &&
    typeof value.ruleId === "string" &&
    SEVERITIES.has(value.severity) &&
    typeof value.message === "string" &&
    isLocation(value.location) &&
    (value.hint === undefined || typeof value.hint === "string") &&
    (value.count === undefined || isCount(value.count)) &&
    (value.related === undefined || (Array.isArray(value.related) && value.related.every(isLocation)))
  );
}

function isRunEntry(value: unknown): value is RunEntry {
  if (!isObject(value) || typeof value.key !== "string" || !isObject(value.run)) return false;
  if (!Array.isArray(value.extra) || !value.extra.every((p) => typeof p === "string")) return false;
  const run = value.run;
  return (
    Array.isArray(run.findings) && run.findings.every(isFinding) && isCount(run.files) && typeof run.empty === "boolean"
  );
}

const isMessage = (value: unknown): value is [number, number, string] =>
  Array.isArray(value) && value.length === 3 && isCount(value[0]) && isCount(value[1]) && typeof value[2] === "string";

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

function isAnswerTarget(value: unknown): value is AnswerTarget {
  return (
    isObject(value) &&
    typeof value.root === "string" &&
    path.isAbsolute(value.root) &&
    isStrings(value.ignore) &&
    isStrings(value.extra) &&
    typeof value.state === "string"
  );
}

/** The shape of an answer around its result; the result's own shape is the caller's to check. */
function isAnswerEntry(value: unknown): value is AnswerEntry {
  return isObject(value) && Array.isArray(value.targets) && value.targets.every(isAnswerTarget) && "result" in value;
}

function isCacheData(value: unknown, tool: string): value is CacheData {
  if (!isObject(value) || value.format !== FORMAT || value.tool !== tool) return false;
  const { answers, runs, python, scripts } = value;
  if (!isObject(answers) || !isObject(runs) || !isObject(python) || !isObject(scripts)) return false;
  return (
    Object.values(answers).every(isAnswerEntry) &&
    Object.values(runs).every(isRunEntry) &&
    Object.values(python).every((v) => v === 0 || isMessage(v)) &&
    Object.values(scripts).every((v) => Array.isArray(v) && v.every(isMessage))
  );
}

function emptyData(tool: string): CacheData {
  return { format: FORMAT, tool, answers: {}, runs: {}, python: {}, scripts: {} };
}

/** The cache file parsed, or undefined when it is missing, unreadable, too large or not JSON. */
function readJson(file: string): unknown {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return undefined;
    return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function readData(file: string, tool: string): CacheData {
  const value = readJson(file);
  return isCacheData(value, tool) ? value : emptyData(tool);
}

/**
 * One answer of the cache file, read without checking the rest of the file: the quick path of a
 * repeated request. Undefined when the file, its format, its tool or the entry does not fit.
 */
export function readAnswer(file: string, request: string, tool = toolIdentity()): AnswerEntry | undefined {
  const value = readJson(file);
  if (!isObject(value) || value.format !== FORMAT || value.tool !== tool || !isObject(value.answers)) return undefined;
  const entry = Object.hasOwn(value.answers, request) ? value.answers[request] : undefined;
  return isAnswerEntry(entry) ? entry : undefined;
}

export class ValidationCache {
  /** python3 verdicts by content; the pipeline reads and extends them. */
  readonly python: PythonVerdicts;
  /** esbuild verdicts by content; the pipeline reads and extends them. */
  readonly scripts: ScriptVerdicts;
  readonly #data: CacheData;
  #changed = false;

  private constructor(
    readonly file: string,
    data: CacheData,
  ) {
    this.#data = data;
    this.python = new Map(
      Object.entries(data.python).map(([key, v]): [string, PythonVerdict] => [
        key,
        v === 0 ? null : { line: v[0], column: v[1], message: v[2] },
      ]),
    );
    this.scripts = new Map(
      Object.entries(data.scripts).map(([key, list]): [string, ScriptMessage[]] => [
        key,
        list.map(([line, column, text]) => ({ line, column, text })),
      ]),
    );
  }

  /** Reads the cache file; a missing or unusable one gives an empty cache. Never throws. */
  static load(file: string, tool = toolIdentity()): ValidationCache {
    return new ValidationCache(file, readData(file, tool));
  }

  /** The findings of the last run on a folder, when nothing they depend on changed since, and the files it read from skipped folders. */
  lookup(root: string, key: string): { run: CachedRun; extra: string[] } | undefined {
    const entry = Object.hasOwn(this.#data.runs, root) ? this.#data.runs[root] : undefined;
    if (!entry || entry.key !== extraFilesKey(root, key, entry.extra)) return undefined;
    return { run: structuredClone(entry.run), extra: [...entry.extra] };
  }

  /** The answer kept for a request (see answers.ts), unchecked: the caller checks its targets and result. */
  answer(request: string): AnswerEntry | undefined {
    return Object.hasOwn(this.#data.answers, request) ? structuredClone(this.#data.answers[request]) : undefined;
  }

  /** Keeps an answer; the oldest go when there are more than MAX_ANSWERS. */
  storeAnswer(request: string, entry: AnswerEntry): void {
    const answers = this.#data.answers;
    delete answers[request];
    answers[request] = structuredClone(entry);
    const keys = Object.keys(answers);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ANSWERS))) delete answers[old];
    this.#changed = true;
  }

  /** Keeps a run's findings; `extra` lists the files it read from folders the walk skips. */
  store(root: string, key: string, run: CachedRun, extra: readonly string[]): void {
    this.#data.runs[root] = { key: extraFilesKey(root, key, extra), extra: [...extra], run: structuredClone(run) };
    this.#changed = true;
  }

  /** Writes the file (through a temporary file, so a reader never sees half of it) when anything changed. */
  save(): { ok: true } | { ok: false; reason: string } {
    const python = Object.fromEntries(
      [...this.python].map(([key, v]) => [key, v === null ? 0 : [v.line, v.column, v.message]]),
    );
    const scripts = Object.fromEntries(
      [...this.scripts].map(([key, list]) => [key, list.map((m) => [m.line, m.column, m.text])]),
    );
    const grew =
      Object.keys(python).length !== Object.keys(this.#data.python).length ||
      Object.keys(scripts).length !== Object.keys(this.#data.scripts).length;
    if (!this.#changed && !grew) return { ok: true };
    const data: CacheData = { ...this.#data, python, scripts } as CacheData;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(temp, JSON.stringify(data));
      fs.renameSync(temp, this.file);
      return { ok: true };
    } catch (error) {
      fs.rmSync(temp, { force: true });
      return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
  }
}

/**
 * Where the cache file is: `location` as given (a folder, or a path ending in a separator, gets
 * a file named for the working folder inside it, as ESLint does), or .mars-validate-cache in
 * the working folder.
 */
export function cacheFile(cwd: string, location: string | undefined): string {
  if (!location) return path.join(cwd, CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  let isDir = /[\\/]$/.test(location);
  try {
    isDir ||= fs.statSync(resolved).isDirectory();
  } catch {
    // Not there yet: a file path.
  }
  if (!isDir) return resolved;
  return path.join(resolved, `${CACHE_FILE}-${createHash("sha1").update(cwd).digest("hex").slice(0, 10)}`);
}

function entrySignature(absolute: string, strategy: CacheStrategy, stats: fs.Stats): string {
  if (stats.isSymbolicLink()) {
    let target = "";
    try {
      target = fs.readlinkSync(absolute);
      const real = fs.statSync(absolute);
      target += `>${real.ino}:${real.size}:${real.mtimeMs}:${real.ctimeMs}:${real.mode}`;
    } catch (error) {
      target += `>${(error as NodeJS.ErrnoException).code}`;
    }
    return `l ${target}`;
  }
  if (stats.isDirectory()) return `d ${stats.mode}`;
  if (!stats.isFile()) return `s ${stats.mode}`;
  if (strategy === "content") {
    try {
      return `f ${stats.mode} ${createHash("sha1").update(fs.readFileSync(absolute)).digest("base64url")}`;
    } catch (error) {
      return `f ${stats.mode} ${(error as NodeJS.ErrnoException).code}`;
    }
  }
  // metadata: a write or a chmod changes ctime, so size, times and inode tell any change apart.
  return `f ${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.mode}`;
}

/**
 * Every entry the reader lists (see readTree), by path, with its signature ("?" when it cannot be
 * read): the same names skipped, the same ignore globs, links not followed. Paths are joined by
 * hand and each entry's metadata dropped once signed: a marketplace has thousands of entries.
 */
function treeEntries(root: string, ignore: readonly string[], strategy: CacheStrategy): [string, string][] {
  const ignored = anyGlob(ignore);
  const base = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  const entries: [string, string][] = [];
  const walk = (dir: string) => {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir ? base + dir : root, { withFileTypes: true });
    } catch {
      return;
    }
    for (const dirent of dirents) {
      if (ALWAYS_IGNORED_NAMES.has(dirent.name)) continue;
      const relative = dir ? `${dir}/${dirent.name}` : dirent.name;
      if (ignored(relative)) continue;
      const absolute = base + relative;
      let stats: fs.Stats | undefined;
      try {
        stats = fs.lstatSync(absolute);
      } catch {
        stats = undefined;
      }
      entries.push([relative, stats ? entrySignature(absolute, strategy, stats) : "?"]);
      if (stats?.isDirectory()) walk(relative);
    }
  };
  walk("");
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * The state of a folder as the reader would see it: every entry (by its metadata, or its bytes
 * with the "content" strategy) under the same ignore globs, and the git origin's config file.
 */
export function treeState(root: string, ignore: readonly string[], strategy: CacheStrategy): string {
  const hash = createHash("sha1");
  for (const [relative, signature] of treeEntries(root, ignore, strategy)) hash.update(`${relative}\0${signature}\n`);
  try {
    const stats = fs.statSync(path.join(root, ".git/config"));
    hash.update(`git ${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}\n`);
  } catch {
    // Not a git checkout.
  }
  return hash.digest("base64url");
}

/**
 * A key of everything a folder's findings depend on: its state (treeState), the config, the
 * rules and their severities, and the environment that picks python3.
 */
export function treeKey(
  state: string,
  root: string,
  config: ValidatorConfig,
  rules: readonly Rule[],
  env: NodeJS.ProcessEnv,
  options: { allFiles: boolean },
): string {
  const severities: Record<string, Severity | "off" | undefined> = {};
  for (const rule of rules) severities[rule.id] = config.rules[rule.id] ?? rule.severity;
  return createHash("sha1")
    .update(JSON.stringify({ root, config, severities, options, python: env.MARS_PYTHON ?? null, path: env.PATH }))
    .update(state)
    .digest("base64url");
}

/** A folder's state with the state of the files a run read from folders the walk skips. */
export function targetState(root: string, state: string, extra: readonly string[]): string {
  return extraFilesKey(root, state, extra);
}

/** Files a run read from folders the walk skips (a hook under node_modules): their state joins the key. */
function extraFilesKey(root: string, treeKey: string, paths: readonly string[]): string {
  const hash = createHash("sha1").update(treeKey);
  for (const relative of [...paths].sort()) {
    const absolute = path.join(root, relative);
    try {
      hash.update(`${relative}\0${entrySignature(absolute, "metadata", fs.lstatSync(absolute))}\n`);
    } catch (error) {
      hash.update(`${relative}\0${(error as NodeJS.ErrnoException).code}\n`);
    }
  }
  return hash.digest("base64url");
}
