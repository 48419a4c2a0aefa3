import { classifyFile, isComponentClass, type FileClass, type PluginLayout } from "./file-class.ts";
import { matchFindings, normaliseMessage } from "./ledger.ts";
import type { CalibrationFinding, Ledger, Verdict } from "./types.ts";

export interface SeverityCounts {
  findings: number;
  errors: number;
  warnings: number;
  notes: number;
}

interface RuleCounts extends SeverityCounts {
  rule: string;
}

interface ClassCounts extends SeverityCounts {
  fileClass: FileClass;
  loaded: boolean;
}

/** Findings that share a rule, file and normalised message: one line for a human to judge. */
interface UnjudgedGroup {
  rule: string;
  severity: string;
  file: string;
  fileClass: FileClass;
  message: string;
  lines: number[];
}

interface VerdictCounts {
  real: number;
  false: number;
  debatable: number;
  unjudged: number;
}

interface Judgement extends VerdictCounts {
  /** The same counts for the findings of each severity ("error", "warning", …). */
  bySeverity: Record<string, VerdictCounts>;
  /** real ÷ all findings: unjudged findings count as not shown to be real. */
  realShare: number;
  /** real ÷ judged findings. */
  realShareOfJudged: number;
  /**
   * real ÷ errors and warnings: the measure the project is held to. Notes (style, never failing)
   * are left out; unjudged errors and warnings count as not shown to be real.
   */
  realShareOfProblems: number;
  /** Errors and warnings judged false, per rule (notes left out). */
  falseProblemsByRule: Record<string, number>;
  falseByRule: Record<string, number>;
  debatableByRule: Record<string, number>;
  /** Findings judged false, per false-positive class named in the ledger ("(none)" when unnamed). */
  falseByClass: Record<string, number>;
  unjudgedGroups: UnjudgedGroup[];
  /** Ledger entries judged real that matched no finding: recall that may have been lost. */
  missingReal: { index: number; rule: string; file: string; why: string; ruleSilent: boolean }[];
  /** Class entries whose finding count moved away from the count recorded when judged. */
  countChanges: { index: number; rule: string; files: string; recorded: number; now: number }[];
}

export interface RepositoryReport extends SeverityCounts {
  repository: string;
  commit: string | undefined;
  target: string;
  exitCode: number | undefined;
  byRule: RuleCounts[];
  byClass: ClassCounts[];
  judgement?: Judgement;
}

function emptyCounts(): SeverityCounts {
  return { findings: 0, errors: 0, warnings: 0, notes: 0 };
}

function count(into: SeverityCounts, severity: string): void {
  into.findings++;
  if (severity === "error") into.errors++;
  else if (severity === "warning") into.warnings++;
  else into.notes++;
}

function increment(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function judge(
  ledger: Pick<Ledger, "entries">,
  repository: string,
  findings: readonly CalibrationFinding[],
  classOf: (file: string) => FileClass,
): Judgement {
  const tally: Record<Verdict, number> = { real: 0, false: 0, debatable: 0 };
  const bySeverity: Record<string, VerdictCounts> = {};
  const severityCounts = (severity: string): VerdictCounts =>
    (bySeverity[severity] ??= { real: 0, false: 0, debatable: 0, unjudged: 0 });
  const falseByRule: Record<string, number> = {};
  const falseProblemsByRule: Record<string, number> = {};
  const debatableByRule: Record<string, number> = {};
  const falseByClass: Record<string, number> = {};
  const hits = new Map<number, number>();
  const unjudged = new Map<string, UnjudgedGroup>();
  for (const { finding, entryIndex } of matchFindings(ledger, repository, findings, classOf)) {
    const entry = entryIndex === undefined ? undefined : ledger.entries[entryIndex];
    if (entryIndex === undefined || !entry) {
      const message = normaliseMessage(finding.message);
      const key = [finding.ruleId, finding.file, message].join("\u0000");
      const group = unjudged.get(key) ?? {
        rule: finding.ruleId,
        severity: finding.severity,
        file: finding.file,
        fileClass: classOf(finding.file),
        message: finding.message,
        lines: [],
      };
      if (finding.line !== undefined) group.lines.push(finding.line);
      unjudged.set(key, group);
      severityCounts(finding.severity).unjudged++;
      continue;
    }
    hits.set(entryIndex, (hits.get(entryIndex) ?? 0) + 1);
    tally[entry.verdict]++;
    severityCounts(finding.severity)[entry.verdict]++;
    if (entry.verdict === "false") {
      increment(falseByRule, finding.ruleId);
      increment(falseByClass, entry.class ?? "(none)");
      if (finding.severity !== "note") increment(falseProblemsByRule, finding.ruleId);
    }
    if (entry.verdict === "debatable") increment(debatableByRule, finding.ruleId);
  }
  const own = ledger.entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.repository === repository);
  const reportedRules = new Set(findings.map((f) => f.ruleId));
  const missingReal = own
    .filter(({ entry, index }) => entry.verdict === "real" && !hits.has(index))
    .map(({ entry, index }) => ({
      index,
      rule: entry.rule,
      file: entry.file ?? entry.files ?? entry.fileClasses?.join(",") ?? "",
      why: entry.why,
      // A rule that reported nothing at all was probably not run (turned off, or moved to a preset).
      ruleSilent: !reportedRules.has(entry.rule),
    }));
  const countChanges = own
    .filter(({ entry, index }) => entry.count !== undefined && entry.count !== (hits.get(index) ?? 0))
    .map(({ entry, index }) => ({
      index,
      rule: entry.rule,
      files: entry.file ?? entry.files ?? entry.fileClasses?.join(",") ?? "",
      recorded: entry.count ?? 0,
      now: hits.get(index) ?? 0,
    }));
  const judged = tally.real + tally.false + tally.debatable;
  return {
    ...tally,
    unjudged: findings.length - judged,
    bySeverity,
    realShare: share(tally.real, findings.length),
    realShareOfJudged: share(tally.real, judged),
    realShareOfProblems: share(
      (bySeverity.error?.real ?? 0) + (bySeverity.warning?.real ?? 0),
      findings.filter((f) => f.severity === "error" || f.severity === "warning").length,
    ),
    falseProblemsByRule,
    falseByRule,
    debatableByRule,
    falseByClass,
    unjudgedGroups: [...unjudged.values()].sort(
      (a, b) => b.lines.length - a.lines.length || a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file),
    ),
    missingReal,
    countChanges,
  };
}

export interface TallyInput {
  repository: string;
  commit: string | undefined;
  target: string;
  exitCode: number | undefined;
  findings: readonly CalibrationFinding[];
  plugins: readonly PluginLayout[];
}

export function tallyRepository(input: TallyInput, ledger?: Pick<Ledger, "entries">): RepositoryReport {
  const totals = emptyCounts();
  const byRule = new Map<string, RuleCounts>();
  const byClass = new Map<FileClass, ClassCounts>();
  const classes = new Map<string, FileClass>();
  const classOf = (file: string): FileClass => {
    let fileClass = classes.get(file);
    if (!fileClass) classes.set(file, (fileClass = classifyFile(file, input.plugins)));
    return fileClass;
  };
  for (const finding of input.findings) {
    count(totals, finding.severity);
    const rule = byRule.get(finding.ruleId) ?? { rule: finding.ruleId, ...emptyCounts() };
    count(rule, finding.severity);
    byRule.set(finding.ruleId, rule);
    const fileClass = classOf(finding.file);
    const perClass = byClass.get(fileClass) ?? { fileClass, loaded: isComponentClass(fileClass), ...emptyCounts() };
    count(perClass, finding.severity);
    byClass.set(fileClass, perClass);
  }
  const report: RepositoryReport = {
    repository: input.repository,
    commit: input.commit,
    target: input.target,
    exitCode: input.exitCode,
    ...totals,
    byRule: [...byRule.values()].sort((a, b) => b.findings - a.findings || a.rule.localeCompare(b.rule)),
    byClass: [...byClass.values()].sort((a, b) => b.findings - a.findings || a.fileClass.localeCompare(b.fileClass)),
  };
  if (ledger) report.judgement = judge(ledger, input.repository, input.findings, classOf);
  return report;
}
