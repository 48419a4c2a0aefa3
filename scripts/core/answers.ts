import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { RuleInfo, ValidateOptions, ValidationResult } from "../api.ts";
import {
  isCount,
  isFinding,
  isObject,
  SEVERITIES,
  targetState,
  toolIdentity,
  treeState,
  type AnswerEntry,
  type CacheStrategy,
} from "./cache.ts";
import { CONFIG_FILE } from "./config-name.ts";

/**
 * Whole answers of `--cache`: a repeated request (the same folders, options, config files,
 * environment and tool) on folders whose every entry is unchanged gets the result of the last
 * run back, without loading a rule. The request key covers what the result depends on before
 * the tree is walked; each answer keeps, per folder, the walk's ignore globs and the state it
 * saw, so checking an answer costs one walk and no parsing. This module imports nothing heavy:
 * the command line's quick path (bin/answer.ts) is built on it.
 */

/** A file's identity for the request key: its kind, a link's target, a file's mode and bytes. */
function fileSignature(file: string): string {
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(file);
  } catch (error) {
    return `! ${(error as NodeJS.ErrnoException).code}`;
  }
  let link = "";
  if (stats.isSymbolicLink()) {
    try {
      link = `l ${fs.readlinkSync(file)} ${fs.realpathSync(file)} `;
      stats = fs.statSync(file);
    } catch (error) {
      return `l ! ${(error as NodeJS.ErrnoException).code}`;
    }
  }
  if (!stats.isFile()) return `${link}o ${stats.mode}`;
  try {
    return `${link}f ${stats.mode} ${createHash("sha1").update(fs.readFileSync(file)).digest("base64url")}`;
  } catch (error) {
    return `${link}f ${stats.mode} ! ${(error as NodeJS.ErrnoException).code}`;
  }
}

/** A folder as the request names it: where it really is and whether it can be read. */
function folderSignature(absolute: string): string {
  try {
    const real = fs.realpathSync(absolute);
    fs.accessSync(absolute, fs.constants.R_OK | fs.constants.X_OK);
    return `${real} ${fs.statSync(absolute).mode}`;
  } catch (error) {
    return `! ${(error as NodeJS.ErrnoException).code}`;
  }
}

/**
 * The key of a request: the tool, the options, the environment the result depends on (python3
 * is found through MARS_PYTHON and PATH), and for each folder where it is, its mode and its
 * config file (or the --config file) by content.
 */
export function requestKey(paths: string | readonly string[], options: ValidateOptions, tool = toolIdentity()): string {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const given = typeof paths === "string" ? [paths] : paths.length > 0 ? paths : ["."];
  const settings = {
    tool,
    cwd,
    paths: given,
    rules: options.rules ?? null,
    budgets: options.budgets ?? null,
    allFiles: options.allFiles === true,
    strict: options.strict === true,
    notes: options.notes !== false,
    config: options.config ?? null,
    strategy: options.cache?.strategy ?? "metadata",
    python: env.MARS_PYTHON ?? null,
    path: env.PATH ?? null,
  };
  const hash = createHash("sha1").update(JSON.stringify(settings));
  if (typeof options.config === "string") hash.update(`\nconfig ${fileSignature(path.resolve(cwd, options.config))}`);
  for (const folder of given) {
    const absolute = path.resolve(cwd, folder);
    hash.update(`\n${absolute}\0${folderSignature(absolute)}`);
    if (options.config === undefined) hash.update(`\0${fileSignature(path.join(absolute, CONFIG_FILE))}`);
  }
  return hash.digest("base64url");
}

const isText = (value: unknown): value is string => typeof value === "string";

function isRuleInfo(value: unknown): value is RuleInfo {
  return (
    isObject(value) &&
    isText(value.id) &&
    isText(value.description) &&
    SEVERITIES.has(value.severity) &&
    isText(value.consequence) &&
    isText(value.docs) &&
    (value.fixable === undefined || isText(value.fixable))
  );
}

/** A stored result in the shape the library returns (the file is never trusted). */
function isResult(value: unknown): value is ValidationResult {
  if (!isObject(value) || !Array.isArray(value.findings) || !value.findings.every(isFinding)) return false;
  const summary = value.summary;
  return (
    isObject(summary) &&
    isCount(summary.errors) &&
    isCount(summary.warnings) &&
    isCount(summary.notes) &&
    isCount(summary.files) &&
    typeof value.failed === "boolean" &&
    Array.isArray(value.rules) &&
    value.rules.every(isRuleInfo) &&
    value.budget === undefined &&
    value.cacheProblem === undefined
  );
}

/**
 * The result an answer holds, when every folder it covers is as it was (the same entries under
 * the same globs, the same files read from skipped folders) and the result is well formed.
 */
export function answeredResult(entry: AnswerEntry | undefined, strategy: CacheStrategy): ValidationResult | undefined {
  if (!entry || !isResult(entry.result)) return undefined;
  for (const target of entry.targets)
    if (targetState(target.root, treeState(target.root, target.ignore, strategy), target.extra) !== target.state)
      return undefined;
  return entry.result;
}
