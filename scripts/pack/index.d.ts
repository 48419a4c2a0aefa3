// The types of the mars-validate library: `import { validate } from "mars-validate"`.
// Kept by hand so the package ships one small, self-contained file; test/pack/api-types.test.ts
// holds every declaration here equal to the source (scripts/api.ts and the types it exports).

/**
 * What a finding means in Claude Code: `error`, it refuses or fails to load the thing, silently
 * drops a component or field, or it is a security hazard; `warning`, it loads but is probably
 * wrong; `note`, a matter of style or portability that never fails a run.
 */
export type Severity = "error" | "warning" | "note";

/** 1-based line and column; columns count UTF-16 code units, as editors do. */
export interface Position {
  line: number;
  column: number;
}

export interface Location {
  /** POSIX path, relative to the current folder (or to the validated folder when it lies outside). */
  file: string;
  start: Position;
  end?: Position;
}

/** Replace `[start, end)` of a file's text (UTF-16 offsets, after any byte order mark) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A safe mechanical repair: edits to one file's text, the removal of its byte order mark, or a new name. */
export type Fix =
  | { kind: "edit"; file: string; edits: readonly TextEdit[]; description: string }
  | { kind: "remove-bom"; file: string; description: string }
  | { kind: "rename"; file: string; to: string; description: string };

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  hint?: string;
  /** The other places with the same root cause, when repeats were collapsed into this finding. */
  related?: Location[];
  /** How many places share this finding's root cause (1 + related.length), when more than one. */
  count?: number;
  /** Safe mechanical repairs (`--fix`): this finding's, then those of the places in `related`. */
  fixes?: Fix[];
}

export interface RuleMeta {
  id: string;
  /** What the rule checks, in one sentence. */
  description: string;
  severity: Severity;
  /** What Claude Code does with what the rule reports: why it matters. */
  consequence: string;
}

/** A rule's metadata, with where its page is and what --fix does for it. */
export interface RuleInfo extends RuleMeta {
  docs: string;
  /** What --fix does for this rule's findings, when it fixes any. */
  fixable?: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  notes: number;
  files: number;
}

export interface BudgetConfig {
  /** Always-on tokens allowed per component. */
  alwaysOnPerComponent: number;
  /** Always-on tokens allowed for a whole plugin. */
  alwaysOnPerPlugin: number;
  /** On-invoke tokens allowed per component kind. */
  onInvoke: { agent: number; skill: number; command: number };
}

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
  cache?: { location?: string; strategy?: "metadata" | "content" };
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

export type ValidateErrorReason = "path" | "config" | "empty" | "internal" | "write" | "exists";

/**
 * Why a run could not produce findings at all: a path that is not a readable folder, an invalid
 * configuration, a folder with nothing to validate, a rule that crashed (a bug in this tool), a
 * write that failed, or a file init would overwrite. The command line exits 2 for each.
 */
export declare class ValidateError extends Error {
  readonly reason: ValidateErrorReason;
  /** The individual problems (of a configuration), when there are several. */
  readonly details: readonly string[];
  constructor(reason: ValidateErrorReason, message: string, details?: readonly string[]);
}

/** One file the fixes change: its text before and after (byte order mark included), and its new name. */
export interface FileChange {
  path: string;
  /** The new path, when a fix renamed the file. */
  to?: string;
  before: string;
  after: string;
}

export interface AppliedFix {
  ruleId: string;
  /** Where the fix applies, in the file as that pass read it (the path before its rename). */
  file: string;
  line: number;
  column: number;
  /** The pass that applied it (1 unless an earlier fix had to go first); its offsets are that pass's. */
  pass: number;
  fix: Fix;
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

/** The name of the config file read from each validated folder. */
export declare const CONFIG_FILE = ".mars-validate.json";

/**
 * Validates one folder or several (a plugin, a marketplace, a folder holding both, or a bare
 * agents/, skills/ or commands/ folder). Rejects with a ValidateError when it cannot validate at all.
 */
export declare function validate(
  paths?: string | readonly string[],
  options?: ValidateOptions,
): Promise<ValidationResult>;

/**
 * Applies the safe mechanical fixes the rules offer and, unless `write` is false, writes them.
 * Validate again afterwards for what is left.
 */
export declare function fix(paths?: string | readonly string[], options?: FixOptions): Promise<FixResult>;

/**
 * Writes a starter .mars-validate.json into `folder` and returns its path; never replaces a file
 * (or a link) that is there already (a ValidateError "exists").
 */
export declare function init(folder?: string, options?: { cwd?: string }): string;
