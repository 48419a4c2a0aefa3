import fs from "node:fs";
import { ALWAYS_IGNORED, gitOrigin, readOneFile, readTree, type DiskFile, type DiskSnapshot } from "../core/disk.ts";
import { globMatcher } from "../core/ignored.ts";
import { buildProject } from "../core/project.ts";
import { runRulesNow } from "../core/run.ts";
import type { Finding, Fix, Project, Rule, ValidatorConfig } from "../core/types.ts";
import { inspectTarget } from "../generate/files.ts";
import { applyFixes } from "./apply.ts";

/** ESLint's bound: a fix that enables another is applied on the next pass, at most this many. */
export const MAX_PASSES = 10;

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

export interface FixOutcome {
  changes: FileChange[];
  applied: AppliedFix[];
  /** Files with fixes that are never written, and why. */
  refused: { file: string; reason: string }[];
  passes: number;
}

interface State {
  /** The path the file has now (after renames). */
  path: string;
  text: string;
  hasBom: boolean;
}

const BOM = "\uFEFF";
const isAlwaysIgnored = globMatcher(ALWAYS_IGNORED);

/**
 * Why a file must not be fixed, or undefined: a fix writes only a writable regular file of the
 * tree, read as valid UTF-8, reached without a symbolic link, outside node_modules, .git and .cache.
 */
function refusal(realRoot: string, disk: DiskFile | undefined, issues: ReadonlySet<string>): string | undefined {
  if (!disk || disk.text === undefined) return "it was not read as text";
  if (disk.linkTarget !== undefined) return "it is a symbolic link; fixes never write through a link";
  if (issues.has(disk.path)) return "it was not read cleanly (not UTF-8, or it changed while it was read)";
  if (isAlwaysIgnored(disk.path)) return "it lies in node_modules, .git or .cache";
  const inspection = inspectTarget(realRoot, disk.path);
  if (inspection.problem) return inspection.problem;
  if (!inspection.file) return "it is no longer there";
  // The owner protected it; replacing it by a rename would go around that (as the generator refuses).
  if ((inspection.file.mode & 0o222) === 0) return "it is read-only (chmod u+w lets --fix in)";
  return undefined;
}

function snapshotWith(base: DiskSnapshot, states: ReadonlyMap<string, State>): DiskSnapshot {
  const files = base.files
    .map((file) => {
      const state = states.get(file.path);
      if (!state) return file;
      return {
        ...file,
        path: state.path,
        text: state.text,
        hasBom: state.hasBom,
        size: Buffer.byteLength((state.hasBom ? BOM : "") + state.text),
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const renamed = new Map([...states].filter(([from, s]) => s.path !== from).map(([from, s]) => [from, s.path]));
  const issues = base.issues.map((issue) =>
    renamed.has(issue.path) ? { ...issue, path: renamed.get(issue.path)! } : issue,
  );
  return { files, dirs: base.dirs, issues };
}

function load(root: string, snapshot: DiskSnapshot, config: ValidatorConfig): Project {
  const userIgnored = globMatcher(config.ignore);
  const readExtra = (relative: string) => {
    if (userIgnored(relative)) return undefined;
    const { file, issues } = readOneFile(root, relative);
    snapshot.issues.push(...issues);
    return file;
  };
  const project = buildProject(
    root,
    snapshot,
    config,
    () => ({ available: false, reason: "not needed", errors: new Map() }),
    {
      readExtra,
    },
  );
  const origin = gitOrigin(root);
  if (origin) project.gitOrigin = origin;
  return project;
}

/**
 * Applies the fixes the rules offer, in memory: each pass validates the tree as the fixes so far
 * left it and applies every fix that does not overlap another, until a pass finds none (at most
 * MAX_PASSES). Nothing is written; the changes say what --fix would write.
 */
export function fixProject(root: string, config: ValidatorConfig, rules: readonly Rule[]): FixOutcome {
  const realRoot = fs.realpathSync(root);
  const base = readTree(root, config.ignore);
  const diskByPath = new Map(base.files.map((file) => [file.path, file]));
  const issuePaths = new Set(base.issues.map((issue) => issue.path));
  // Rules that need python3 offer no fixes; the passes run without it.
  const fixing = rules.filter((rule) => !rule.needs?.length);
  const states = new Map<string, State>();
  /** Current path to the path the file was read at. */
  const original = new Map<string, string>();
  const refused = new Map<string, string>();
  const applied: AppliedFix[] = [];
  let passes = 0;
  while (passes < MAX_PASSES) {
    passes++;
    const project = load(root, snapshotWith(base, states), config);
    const { findings } = runRulesNow(project, fixing);
    const byFile = new Map<string, { finding: Finding; fix: Fix }[]>();
    for (const finding of findings)
      for (const fix of finding.fixes ?? []) {
        const from = original.get(fix.file) ?? fix.file;
        if (!refused.has(from)) {
          const why = refusal(realRoot, diskByPath.get(from), issuePaths);
          if (why) {
            refused.set(from, why);
            continue;
          }
        } else continue;
        const list = byFile.get(fix.file) ?? [];
        list.push({ finding, fix });
        byFile.set(fix.file, list);
      }
    let changed = false;
    // A new name must not be taken, in any letter case (macOS and Windows would see one file).
    const taken = new Set<string>([...project.entries, ...project.dirs].map((entry) => entry.toLowerCase()));
    const targets = new Set<string>();
    for (const [current, offered] of byFile) {
      const from = original.get(current) ?? current;
      const state = states.get(from) ?? {
        path: current,
        text: diskByPath.get(from)!.text!,
        hasBom: diskByPath.get(from)!.hasBom,
      };
      const result = applyFixes(
        state,
        offered.map((o) => o.fix),
      );
      const next: State = { path: state.path, text: result.text, hasBom: result.hasBom };
      const done = new Set<Fix>(result.applied);
      const rename = offered.find((o) => o.fix.kind === "rename")?.fix;
      if (rename?.kind === "rename" && rename.to !== current) {
        const key = rename.to.toLowerCase();
        const onlyCase = key === current.toLowerCase();
        if (!targets.has(key) && (onlyCase || !taken.has(key))) {
          targets.add(key);
          next.path = rename.to;
          done.add(rename);
        }
      }
      if (done.size === 0) continue;
      const lines = project.byPath.get(current)?.lines;
      for (const { finding, fix } of offered) {
        if (!done.has(fix)) continue;
        const offset = fix.kind === "edit" ? fix.edits[0]!.start : 0;
        const where = lines?.position(offset) ?? { line: 1, column: 1 };
        applied.push({ ruleId: finding.ruleId, file: current, ...where, pass: passes, fix });
      }
      states.set(from, next);
      original.delete(current);
      original.set(next.path, from);
      changed = true;
    }
    if (!changed) break;
  }
  const changes: FileChange[] = [];
  for (const [from, state] of states) {
    const disk = diskByPath.get(from)!;
    const before = (disk.hasBom ? BOM : "") + disk.text!;
    const after = (state.hasBom ? BOM : "") + state.text;
    if (before === after && state.path === from) continue;
    changes.push(state.path === from ? { path: from, before, after } : { path: from, to: state.path, before, after });
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  applied.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return {
    changes,
    applied,
    refused: [...refused].map(([file, reason]) => ({ file, reason })).sort((a, b) => (a.file < b.file ? -1 : 1)),
    passes,
  };
}
