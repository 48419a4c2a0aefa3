/** One finding as the validator's JSON report prints it; only the fields calibration reads. */
export interface CalibrationFinding {
  ruleId: string;
  /** "error" and "warning" today; anything else (a future "note") is counted as a note. */
  severity: string;
  message: string;
  file: string;
  line?: number;
  column?: number;
}

export type Verdict = "real" | "false" | "debatable";

/** One judged finding, or one class of findings with a single cause (see ledger.schema.json). */
export interface LedgerEntry {
  repository: string;
  commit: string;
  rule: string;
  /** The file, relative to the validated root, exactly as the validator prints it. */
  file?: string;
  /** A picomatch glob over file paths, for a class entry that covers many files. */
  files?: string;
  /**
   * For a class entry: the file classes it covers (see file-class.ts), so one entry can say
   * "every README and docs/ page" whatever the folder layout.
   */
  fileClasses?: string[];
  line?: number;
  /** The finding's message; compared after normalising numbers and whitespace. */
  message?: string;
  /** A value the message quotes ("…" or `…`), for findings whose wording may change. */
  key?: string;
  /** A fragment the normalised message must contain. */
  contains?: string;
  /** For a class entry: how many findings it covered when judged. */
  count?: number;
  verdict: Verdict;
  why: string;
  /** First reported after the judged run (a new check or a newly loaded file); not in the before counts. */
  foundAfter?: boolean;
  /** The false-positive or defect class this entry belongs to (a fixture folder name). */
  class?: string;
}

interface LedgerRepository {
  repository: string;
  commit: string;
  /** What was validated, relative to the repository root ("." for the root). */
  path: string;
  /** The validator's totals on that commit when the ledger was judged. */
  before: { findings: number; errors: number; warnings: number };
}

export interface Ledger {
  $schema?: string;
  /** What was judged against: validator revision and Claude Code version. */
  judgedWith: { validator: string; claudeCode: string };
  repositories: LedgerRepository[];
  entries: LedgerEntry[];
}
