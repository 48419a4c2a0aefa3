import { globMatcher } from "./ignored.ts";
import { locate } from "./locate.ts";
import { parsedYamlBlock } from "./yaml-text.ts";
import type { ScriptReport } from "./scripts.ts";
import type { ParseIssue } from "./yaml-text.ts";
import type { Finding, Project, PythonReport, ReportInput, Rule, Severity } from "./types.ts";

/** External results being produced while the other rules run. */
export interface External {
  python?: Promise<PythonReport>;
  scripts?: Promise<ScriptReport>;
  /** Errors of YAML code blocks parsed on another thread, by code (the rest are parsed when read). */
  yaml?: Promise<ReadonlyMap<string, ParseIssue[]>>;
}

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
 * Runs rules over a project: resolves anchors to positions, applies configured severities and
 * reports each root cause once (repeats of a rule's `group` collapse into the first finding).
 */
class RuleRunner {
  readonly findings: Finding[] = [];
  readonly crashes: RunResult["crashes"] = [];
  readonly #seen = new Set<string>();
  readonly #groups = new Map<string, Finding>();
  readonly #overrides: { match: (path: string) => boolean; rules: Record<string, Severity | "off"> }[];

  /** Folders of plugins no marketplace lists: nobody installs them, so what is found there is a note. */
  readonly #unlisted: string[];

  /**
   * Marketplace files inside a plugin another marketplace lists: they travel with the plugin and
   * are read only if someone adds that plugin's folder as a marketplace, so theirs are notes too.
   */
  readonly #carried: Set<string>;

  constructor(private readonly project: Project) {
    this.#overrides = project.config.overrides.map((o) => ({ match: globMatcher(o.files), rules: o.rules }));
    this.#unlisted = project.plugins.filter((p) => p.unlisted && p.dir !== "").map((p) => `${p.dir}/`);
    const listed = project.plugins.filter((p) => !p.unlisted && p.dir !== "" && p.marketplaceDir !== undefined);
    this.#carried = new Set(
      project.marketplaces
        .filter((m) =>
          listed.some((p) => p.marketplaceDir !== m.dir && (m.dir === p.dir || m.dir.startsWith(`${p.dir}/`))),
        )
        .map((m) => m.file.path),
    );
    // A plugin only such a carried marketplace lists (an example plugin inside a skill, listing
    // itself) is installed by nobody who installs the outer plugin: its findings are notes too.
    const carriedDirs = new Set(project.marketplaces.filter((m) => this.#carried.has(m.file.path)).map((m) => m.dir));
    for (const plugin of listed) if (carriedDirs.has(plugin.marketplaceDir!)) this.#unlisted.push(`${plugin.dir}/`);
  }

  #severityFor(ruleId: string, file: string): Severity | "off" | undefined {
    let result: Severity | "off" | undefined;
    for (const o of this.#overrides) if (o.rules[ruleId] !== undefined && o.match(file)) result = o.rules[ruleId];
    return result;
  }

  run(rule: Rule): void {
    const project = this.project;
    const configured = project.config.rules[rule.id];
    if (configured === "off") return;
    const report = (input: ReportInput): void => {
      const file = typeof input.file === "string" ? project.byPath.get(input.file) : input.file;
      const location = file
        ? locate(file, input.at)
        : { file: typeof input.file === "string" ? input.file : input.file.path, start: { line: 1, column: 1 } };
      const override = this.#severityFor(rule.id, location.file);
      if (override === "off") return;
      const unlisted = this.#unlisted.some((dir) => location.file.startsWith(dir)) || this.#carried.has(location.file);
      const severity: Severity = override ?? (unlisted ? "note" : (configured ?? input.severity ?? rule.severity));
      const key = `${rule.id}|${location.file}|${location.start.line}|${location.start.column}|${input.message}`;
      if (this.#seen.has(key)) return;
      this.#seen.add(key);
      if (input.group !== undefined) {
        const groupKey = `${rule.id}\u0000${severity}\u0000${input.group}`;
        const first = this.#groups.get(groupKey);
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
        this.#groups.set(groupKey, finding);
        this.findings.push(finding);
        return;
      }
      const finding: Finding = { ruleId: rule.id, severity, message: input.message, location };
      if (input.hint) finding.hint = input.hint;
      if (input.related?.length) finding.related = input.related;
      if (input.fix) finding.fixes = [input.fix];
      this.findings.push(finding);
    };
    try {
      rule.check({ project, report });
    } catch (error) {
      this.crashes.push({ ruleId: rule.id, message: (error as Error).stack ?? String(error) });
    }
  }

  result(): RunResult {
    return { findings: this.findings.sort(compareFindings), crashes: this.crashes };
  }
}

const needsExternal = (rule: Rule) => (rule.needs?.length ?? 0) > 0;

/**
 * Parses the project's YAML code blocks into the index (the parses code-block-syntax reads) while
 * python3 and esbuild work: the time would otherwise be spent waiting. It stops as soon as their
 * results are in, and lets their output be read every few blocks; what it did not reach or
 * skipped is parsed when first read, as before. Parsing is pure, so the findings are the same
 * either way.
 */
async function prefillWhile(project: Project, pending: Promise<unknown>): Promise<void> {
  let settled = false;
  const settle = () => {
    settled = true;
  };
  pending.then(settle, settle);
  let parsed = 0;
  for (const file of project.files)
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (settled) return;
      if (!parsedYamlBlock(block)) continue;
      project.index.yamlBlock(block);
      if (++parsed % 8 === 0) await new Promise(setImmediate);
    }
}

/**
 * Runs every enabled rule once and sorts the findings. Rules that need an external result run
 * last: the others run while python3 and esbuild work, then the results are put in the project
 * (`python`, `index.scripts`) and the rest run. Without `external`, rules read whatever the
 * project already holds.
 */
export async function runRules(project: Project, rules: readonly Rule[], external: External = {}): Promise<RunResult> {
  const runner = new RuleRunner(project);
  // Between rules the event loop gets a turn while python3 or esbuild work: their pipes are
  // refilled and esbuild's next round of retries goes out, which otherwise waited for every
  // rule here to finish. Each rule still runs whole, so the findings are the same.
  const working = external.python !== undefined || external.scripts !== undefined || external.yaml !== undefined;
  for (const rule of rules) {
    if (needsExternal(rule)) continue;
    runner.run(rule);
    if (working) await new Promise(setImmediate);
  }
  const waiting = rules.filter((rule) => needsExternal(rule) && project.config.rules[rule.id] !== "off");
  if (waiting.length > 0) {
    const pending = Promise.all([external.python, external.scripts, external.yaml]);
    // With the YAML parsed elsewhere there is nothing to fill the wait with.
    if (!external.yaml) await prefillWhile(project, pending);
    const [python, scripts, yaml] = await pending;
    if (python) project.python = python;
    if (scripts) project.index.scripts = scripts;
    if (yaml) project.index.yamlErrors = yaml;
    for (const rule of waiting) runner.run(rule);
  }
  return runner.result();
}

/** The same run without waiting for anything: for callers (the fuzzer) that start no external program. */
export function runRulesNow(project: Project, rules: readonly Rule[]): RunResult {
  const runner = new RuleRunner(project);
  for (const rule of rules) runner.run(rule);
  return runner.result();
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
