import { globMatcher } from "./ignored.ts";
import { locate } from "./locate.ts";
import type { Finding, Project, ReportInput, Rule, Severity } from "./types.ts";

export interface RunResult {
  findings: Finding[];
  /** Rules that threw: a bug in the tool, not in the input. */
  crashes: { ruleId: string; message: string }[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
    a.location.start.line - b.location.start.line ||
    a.location.start.column - b.location.start.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * Runs every enabled rule, resolves anchors to positions, applies configured severities, reports
 * each root cause once (repeats of a rule's `group` collapse into the first finding) and sorts.
 */
export function runRules(project: Project, rules: readonly Rule[]): RunResult {
  const overrides = project.config.overrides.map((o) => ({ match: globMatcher(o.files), rules: o.rules }));
  const severityFor = (ruleId: string, file: string): Severity | "off" | undefined => {
    let result: Severity | "off" | undefined;
    for (const o of overrides) if (o.rules[ruleId] !== undefined && o.match(file)) result = o.rules[ruleId];
    return result;
  };
  const findings: Finding[] = [];
  const crashes: RunResult["crashes"] = [];
  const seen = new Set<string>();
  const groups = new Map<string, Finding>();
  for (const rule of rules) {
    const configured = project.config.rules[rule.id];
    if (configured === "off") continue;
    const report = (input: ReportInput): void => {
      const file = typeof input.file === "string" ? project.byPath.get(input.file) : input.file;
      const location = file
        ? locate(file, input.at)
        : { file: typeof input.file === "string" ? input.file : input.file.path, start: { line: 1, column: 1 } };
      const override = severityFor(rule.id, location.file);
      if (override === "off") return;
      const severity: Severity = override ?? configured ?? input.severity ?? rule.severity;
      const key = `${rule.id}|${location.file}|${location.start.line}|${location.start.column}|${input.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (input.group !== undefined) {
        const groupKey = `${rule.id}\u0000${severity}\u0000${input.group}`;
        const first = groups.get(groupKey);
        if (first) {
          (first.related ??= []).push(location);
          first.count = (first.count ?? 1) + 1;
          if (input.fix) (first.fixes ??= []).push(input.fix);
          return;
        }
        const finding: Finding = { ruleId: rule.id, severity, message: input.message, location };
        if (input.hint) finding.hint = input.hint;
        if (input.related?.length) finding.related = [...input.related];
        if (input.fix) finding.fixes = [input.fix];
        groups.set(groupKey, finding);
        findings.push(finding);
        return;
      }
      const finding: Finding = { ruleId: rule.id, severity, message: input.message, location };
      if (input.hint) finding.hint = input.hint;
      if (input.related?.length) finding.related = input.related;
      if (input.fix) finding.fixes = [input.fix];
      findings.push(finding);
    };
    try {
      rule.check({ project, report });
    } catch (error) {
      crashes.push({ ruleId: rule.id, message: (error as Error).stack ?? String(error) });
    }
  }
  findings.sort(compareFindings);
  return { findings, crashes };
}

export interface Summary {
  errors: number;
  warnings: number;
  notes: number;
  files: number;
}

export function summarize(findings: readonly Finding[], files: number): Summary {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const finding of findings) {
    if (finding.severity === "error") errors++;
    else if (finding.severity === "warning") warnings++;
    else notes++;
  }
  return { errors, warnings, notes, files };
}
