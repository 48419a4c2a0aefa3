/**
 * mars-validate as a library: `validate(path)` gives the findings the command line prints, as
 * data, for editors and other tools. The CLI is a thin layer over this module: it parses
 * arguments, calls these functions and formats what they return.
 */
import fs from "node:fs";
import path from "node:path";
import { pluginCosts } from "./core/budget.ts";
import { CONFIG_FILE, defaultConfig, loadConfig, loadConfigFile } from "./core/config.ts";
import { compareFindings, summarize, type Summary } from "./core/run.ts";
import { closest, toPosix } from "./core/text.ts";
import type { BudgetConfig, Finding, Fix, Location, Rule, RuleMeta, Severity, ValidatorConfig } from "./core/types.ts";
import { answeredResult, requestKey } from "./core/answers.ts";
import {
  cacheFile,
  targetState,
  treeKey,
  treeState,
  ValidationCache,
  type AnswerTarget,
  type CacheStrategy,
} from "./core/cache.ts";
import { ALWAYS_IGNORED_NAMES } from "./core/disk.ts";
import { validateProject } from "./core/validate.ts";
import { ValidateError } from "./core/validate-error.ts";
import { ruleDocsUrl } from "./docs/url.ts";
import { unifiedDiff } from "./fix/diff.ts";
import { FIXABLE } from "./fix/fixable.ts";
import { fixProject, type AppliedFix, type FileChange } from "./fix/fixer.ts";
import { WriteError, writeChanges } from "./fix/write.ts";
import { activeRules } from "./rules/presets.ts";
import { starterConfig } from "./init.ts";

export type { BudgetConfig, Finding, Fix, Location, Position, RuleMeta, Severity, TextEdit } from "./core/types.ts";
export type { Summary } from "./core/run.ts";
export type { AppliedFix, FileChange } from "./fix/fixer.ts";
export { CONFIG_FILE };

export interface BudgetOptions {
  alwaysOnPerComponent?: number;
  alwaysOnPerPlugin?: number;
  onInvoke?: { agent?: number; skill?: number; command?: number };
}

/** The command line's options, format-free. */
export interface ValidateOptions {
  /** Folder that relative paths start from, and that reported paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** A config file to use for every path instead of its own .mars-validate.json; false uses none. */
  config?: string | false;
  /** Rule severities over the config's ("off" turns a rule off). */
  rules?: Readonly<Record<string, Severity | "off">>;
  /** Token budgets over the config's. */
  budgets?: BudgetOptions;
  /** Lint every file of the tree, not only those Claude Code reads. */
  allFiles?: boolean;
  /** Warnings make the run fail too (`failed`). */
  strict?: boolean;
  /** false leaves note-level findings out of `findings` (the summary still counts them). */
  notes?: boolean;
  /** Also return the token cost of every component (`budget`). */
  budget?: boolean;
  /** The environment for the checks that run programs (MARS_PYTHON); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Answer an unchanged folder from the last run's cache file, and keep python3 and esbuild
   * verdicts by content for the next (as ESLint's --cache). `location` is the file, or a folder
   * to keep it in (default .mars-validate-cache in cwd); `strategy` tells a changed file by its
   * size, times and inode ("metadata", the default) or by its bytes ("content").
   */
  cache?: { location?: string; strategy?: CacheStrategy };
}

/** A rule's metadata, with where its page is and what --fix does for it. */
export interface RuleInfo extends RuleMeta {
  docs: string;
  /** What --fix does for this rule's findings, when it fixes any. */
  fixable?: string;
}

export interface ComponentBudget {
  kind: "agent" | "skill" | "command";
  name: string;
  file: string;
  alwaysOn: number;
  onInvoke: number;
}

export interface PluginBudget {
  plugin: string;
  /** Always-on tokens of the whole plugin. */
  alwaysOn: number;
  /** The budgets it is held to. */
  limits: BudgetConfig;
  components: ComponentBudget[];
}

export interface ValidationResult {
  /** Sorted by file, line, column and rule; paths use "/" (see ValidateOptions.cwd). */
  findings: Finding[];
  summary: Summary;
  /** True when the command line would exit 1: errors, or warnings under `strict`. */
  failed: boolean;
  /** The rules that ran. */
  rules: RuleInfo[];
  budget?: PluginBudget[];
  /** Why the cache file could not be written, when it could not (the result is still complete). */
  cacheProblem?: string;
}

export { ValidateError, type ValidateErrorReason } from "./core/validate-error.ts";

interface Target {
  given: string;
  absolute: string;
  /** What reported paths start with: the folder relative to cwd, or "" (see displayPrefix). */
  prefix: string;
  config: ValidatorConfig;
  rules: readonly Rule[];
}

/** The folders to validate, each once (`d`, `d/` and `./d` are one folder). */
function uniqueTargets(paths: readonly string[], cwd: string): { given: string; absolute: string }[] {
  const seen = new Set<string>();
  const targets: { given: string; absolute: string }[] = [];
  for (const given of paths.length > 0 ? paths : ["."]) {
    const absolute = path.resolve(cwd, given);
    let key = absolute;
    try {
      key = fs.realpathSync(absolute);
    } catch {
      // Reported as "not a folder".
    }
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push({ given, absolute });
  }
  return targets;
}

function checkFolder(given: string, absolute: string): void {
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(absolute).isDirectory();
    if (isDirectory) fs.accessSync(absolute, fs.constants.R_OK | fs.constants.X_OK);
  } catch (error) {
    if (isDirectory)
      throw new ValidateError("path", `"${given}" cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (!isDirectory) throw new ValidateError("path", `"${given}" is not a folder`);
}

/**
 * Reported paths are relative to the current folder when the validated folder lies inside it
 * (`plugins/orders/agents/a.md`, as code scanning and editors need them); a folder outside it
 * reports paths relative to itself, prefixed with the path as given when several are validated.
 */
function displayPrefix(given: string, absolute: string, cwd: string, several: boolean): string {
  const relative = path.relative(cwd, absolute);
  const outside = relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (!outside) return toPosix(relative);
  if (!several) return "";
  let shown = toPosix(given);
  while (shown.length > 1 && shown.endsWith("/")) shown = shown.slice(0, -1);
  return shown;
}

function configFor(
  absolute: string,
  options: ValidateOptions,
  cwd: string,
): { config: ValidatorConfig; problems: string[] } {
  const loaded =
    options.config === false
      ? { config: defaultConfig(), problems: [] }
      : typeof options.config === "string"
        ? loadConfigFile(path.resolve(cwd, options.config))
        : loadConfig(absolute);
  const { config } = loaded;
  if (options.rules) config.rules = { ...config.rules, ...options.rules };
  if (options.allFiles) config.files = "all";
  if (options.budgets) {
    const { onInvoke, ...rest } = options.budgets;
    Object.assign(config.budgets, rest);
    if (onInvoke) Object.assign(config.budgets.onInvoke, onInvoke);
  }
  return { config, problems: [...loaded.problems] };
}

/** Rule ids the configuration names that no active rule has: a typo would silently do nothing. */
function unknownRuleIds(config: ValidatorConfig, rules: readonly Rule[], options: ValidateOptions): string[] {
  const ids = rules.map((r) => r.id);
  const known = new Set(ids);
  const fromOptions = new Set(Object.keys(options.rules ?? {}));
  const named = [...Object.keys(config.rules), ...config.overrides.flatMap((o) => Object.keys(o.rules))];
  return [...new Set(named)]
    .filter((id) => !known.has(id))
    .map((id) => {
      const guess = closest(id, ids);
      const where = fromOptions.has(id) ? "" : ` in ${CONFIG_FILE}`;
      return `unknown rule "${id}"${where}${guess ? `; did you mean "${guess}"?` : ""}`;
    });
}

async function prepare(paths: string | readonly string[], options: ValidateOptions): Promise<Target[]> {
  const cwd = options.cwd ?? process.cwd();
  const list = uniqueTargets(typeof paths === "string" ? [paths] : paths, cwd);
  for (const { given, absolute } of list) checkFolder(given, absolute);
  const targets: Target[] = [];
  for (const { given, absolute } of list) {
    const { config, problems } = configFor(absolute, options, cwd);
    const rules = await activeRules(config);
    problems.push(...unknownRuleIds(config, rules, options));
    if (problems.length > 0) throw new ValidateError("config", `invalid configuration in ${given}`, problems);
    targets.push({ given, absolute, prefix: displayPrefix(given, absolute, cwd, list.length > 1), config, rules });
  }
  return targets;
}

function prefixed(prefix: string, file: string): string {
  return prefix ? path.posix.join(prefix, file) : file;
}

function relocate(finding: Finding, prefix: string): Finding {
  if (!prefix) return finding;
  const move = (location: Location): Location => ({ ...location, file: prefixed(prefix, location.file) });
  const moved: Finding = { ...finding, location: move(finding.location) };
  if (finding.related) moved.related = finding.related.map(move);
  if (finding.fixes)
    moved.fixes = finding.fixes.map((fix): Fix =>
      fix.kind === "rename"
        ? { ...fix, file: prefixed(prefix, fix.file), to: prefixed(prefix, fix.to) }
        : { ...fix, file: prefixed(prefix, fix.file) },
    );
  return moved;
}

function ruleInfo(rule: RuleMeta): RuleInfo {
  const info: RuleInfo = {
    id: rule.id,
    description: rule.description,
    severity: rule.severity,
    consequence: rule.consequence,
    docs: ruleDocsUrl(rule.id),
  };
  const fixable = FIXABLE[rule.id];
  if (fixable) info.fixable = fixable;
  return info;
}

function internalError(crash: { ruleId: string; message: string }): ValidateError {
  const error = new ValidateError(
    "internal",
    `internal error in rule ${crash.ruleId}: ${crash.message.split("\n")[0]!}`,
  );
  error.stack = crash.message;
  return error;
}

function nothingToValidate(given: string): ValidateError {
  return new ValidateError(
    "empty",
    `nothing to validate in "${given}": no .claude-plugin/plugin.json, .claude-plugin/marketplace.json, agents/, skills/ or commands/`,
  );
}

/**
 * Validates one folder or several (a plugin, a marketplace, a folder holding both, or a bare
 * agents/, skills/ or commands/ folder). Throws ValidateError when it cannot validate at all.
 */
export async function validate(
  paths: string | readonly string[] = ".",
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const cwd = options.cwd ?? process.cwd();
  const strategy = options.cache?.strategy ?? "metadata";
  const cache = options.cache ? ValidationCache.load(cacheFile(cwd, options.cache.location)) : undefined;
  // A budget needs the project itself, which the cache does not keep.
  const request = cache && !options.budget ? requestKey(paths, options) : undefined;
  const answered = request && answeredResult(cache!.answer(request), strategy);
  if (answered) return answered;
  const targets = await prepare(paths, options);
  const findings: Finding[] = [];
  const budget: PluginBudget[] = [];
  const answerTargets: AnswerTarget[] = [];
  let files = 0;
  let used: readonly Rule[] = [];
  const env = { ...(options.env ?? process.env) };
  for (const target of targets) {
    if (target.rules.length > used.length) used = target.rules;
    // The cache file is ours, never part of the folder it speaks about.
    const inside = cache && path.relative(target.absolute, cache.file);
    if (inside && !inside.startsWith("..") && !path.isAbsolute(inside))
      target.config.ignore.push(toPosix(inside), `${toPosix(inside)}.*.tmp`);
    const state = cache && treeState(target.absolute, target.config.ignore, strategy);
    const key =
      state &&
      treeKey(state, target.absolute, target.config, target.rules, env, { allFiles: options.allFiles === true });
    // What this folder's part of an answer depends on beyond the request (see core/answers.ts).
    const answerTarget = (extra: string[]) => {
      if (state)
        answerTargets.push({
          root: target.absolute,
          ignore: [...target.config.ignore],
          extra,
          state: targetState(target.absolute, state, extra),
        });
    };
    const cached = cache && key && !options.budget ? cache.lookup(target.absolute, key) : undefined;
    if (cached) {
      answerTarget(cached.extra);
      if (cached.run.empty) throw nothingToValidate(target.given);
      for (const finding of cached.run.findings) findings.push(relocate(finding, target.prefix));
      files += cached.run.files;
      continue;
    }
    const result = await validateProject(target.absolute, {
      config: target.config,
      rules: target.rules,
      env,
      ...(cache ? { known: cache } : {}),
    });
    if (result.crashes.length > 0) throw internalError(result.crashes[0]!);
    if (cache && key) {
      // Files read from folders the walk skips (a hook under node_modules) join the cache key.
      const extra = result.project.allFiles
        .map((f) => f.path)
        .filter((p) => p.split("/").some((segment) => ALWAYS_IGNORED_NAMES.has(segment)));
      answerTarget(extra);
      cache.store(
        target.absolute,
        key,
        { findings: result.findings, files: result.project.files.length, empty: result.project.empty },
        extra,
      );
    }
    if (result.project.empty) throw nothingToValidate(target.given);
    for (const finding of result.findings) findings.push(relocate(finding, target.prefix));
    files += result.project.files.length;
    if (options.budget)
      for (const cost of pluginCosts(result.project))
        budget.push({
          plugin: cost.plugin.name,
          alwaysOn: cost.alwaysOn,
          limits: structuredClone(target.config.budgets),
          components: cost.components.map(({ kind, name, alwaysOn, onInvoke, file }) => ({
            kind,
            name,
            file: prefixed(target.prefix, file.path),
            alwaysOn,
            onInvoke,
          })),
        });
  }
  findings.sort(compareFindings);
  const summary = summarize(findings, files);
  const result: ValidationResult = {
    findings: options.notes === false ? findings.filter((f) => f.severity !== "note") : findings,
    summary,
    failed: summary.errors > 0 || (options.strict === true && summary.warnings > 0),
    rules: used.map(ruleInfo),
  };
  if (options.budget) result.budget = budget;
  if (request) cache!.storeAnswer(request, { targets: answerTargets, result });
  const saved = cache?.save();
  if (saved && !saved.ok) result.cacheProblem = `the cache could not be written to ${cache!.file} (${saved.reason})`;
  return result;
}

export interface FixOptions extends ValidateOptions {
  /** false computes the fixes and the diff without writing (--fix-dry-run); default true. */
  write?: boolean;
}

export interface FixResult {
  /** The files the fixes change (paths as findings report them). */
  changes: FileChange[];
  applied: AppliedFix[];
  /** Files with fixes that were not applied, and why (a symbolic link, a file not read cleanly). */
  refused: { file: string; reason: string }[];
  /** The changes as a unified diff in git's format. */
  diff: string;
}

/**
 * Applies the safe mechanical fixes the rules offer (see each rule's page) and, unless `write`
 * is false, writes them. Validate again afterwards for what is left.
 */
export async function fix(paths: string | readonly string[] = ".", options: FixOptions = {}): Promise<FixResult> {
  const targets = await prepare(paths, options);
  const result: FixResult = { changes: [], applied: [], refused: [], diff: "" };
  for (const target of targets) {
    const outcome = fixProject(target.absolute, target.config, target.rules);
    if (options.write !== false && outcome.changes.length > 0) {
      try {
        writeChanges(target.absolute, outcome.changes);
      } catch (error) {
        if (error instanceof WriteError) throw new ValidateError("write", error.message);
        throw error;
      }
    }
    const at = (file: string) => prefixed(target.prefix, file);
    result.diff += unifiedDiff(outcome.changes, target.prefix);
    result.changes.push(
      ...outcome.changes.map((change) => ({
        ...change,
        path: at(change.path),
        ...(change.to !== undefined ? { to: at(change.to) } : {}),
      })),
    );
    result.applied.push(...outcome.applied.map((applied) => ({ ...applied, file: at(applied.file) })));
    result.refused.push(...outcome.refused.map((refused) => ({ ...refused, file: at(refused.file) })));
  }
  return result;
}

/**
 * Writes a starter .mars-validate.json into `folder` and returns its path. It never replaces a
 * file (or a link) that is there already: that is a ValidateError "exists".
 */
export function init(folder = ".", options: { cwd?: string } = {}): string {
  const absolute = path.resolve(options.cwd ?? process.cwd(), folder);
  checkFolder(folder, absolute);
  const file = path.join(absolute, CONFIG_FILE);
  let handle: number;
  try {
    // O_EXCL: fails on anything already there, a symbolic link included, so nothing is overwritten.
    handle = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o666);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new ValidateError("exists", `${path.join(folder, CONFIG_FILE)} exists already; it was left as it is`);
    throw new ValidateError(
      "write",
      `${path.join(folder, CONFIG_FILE)} cannot be written (${code ?? (error as Error).message})`,
    );
  }
  try {
    fs.writeFileSync(handle, starterConfig(absolute));
  } finally {
    fs.closeSync(handle);
  }
  return file;
}
