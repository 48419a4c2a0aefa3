import fs from "node:fs";
import picomatch from "picomatch";
import type { CalibrationFinding, Ledger, LedgerEntry } from "./types.ts";

/**
 * Messages carry counts, sizes and line numbers that move when a file is edited; replacing every
 * number with "#" keeps a judged message matching after such shifts.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(/\d+(?:[.,]\d+)*/g, "#")
    .replace(/\s+/g, " ")
    .trim();
}

/** The values a message quotes in double quotes or backticks, in order. */
export function quotedValues(message: string): string[] {
  const values: string[] = [];
  for (const match of message.matchAll(/"([^"\n]*)"|`([^`\n]*)`/g)) values.push(match[1] ?? match[2] ?? "");
  return values;
}

export function loadLedger(file: string): Ledger {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Ledger;
}

/** How closely an entry names a finding; higher wins. Undefined when it does not match. */
function specificity(
  entry: LedgerEntry,
  finding: CalibrationFinding,
  glob: picomatch.Matcher | undefined,
  classOf: ((file: string) => string) | undefined,
): number | undefined {
  if (entry.rule !== finding.ruleId) return undefined;
  let score = 0;
  if (entry.file !== undefined) {
    if (entry.file !== finding.file) return undefined;
    score += 100;
  } else if (glob) {
    if (!glob(finding.file)) return undefined;
  } else if (entry.fileClasses === undefined) return undefined;
  if (entry.fileClasses !== undefined) {
    if (!classOf || !entry.fileClasses.includes(classOf(finding.file))) return undefined;
    // Whether Claude Code loads a file decides whether a finding matters at all, so naming the
    // file class outranks naming a message fragment or a quoted value.
    score += 25;
  }
  const normalised = normaliseMessage(finding.message);
  if (entry.message !== undefined) {
    if (normaliseMessage(entry.message) !== normalised) return undefined;
    score += 30;
  }
  if (entry.key !== undefined) {
    if (!quotedValues(finding.message).includes(entry.key)) return undefined;
    score += 20;
  }
  if (entry.contains !== undefined) {
    if (!normalised.includes(normaliseMessage(entry.contains))) return undefined;
    score += 10;
  }
  return score;
}

export interface Match {
  finding: CalibrationFinding;
  /** Index of the entry in the ledger; undefined when no entry matches. */
  entryIndex: number | undefined;
}

/**
 * Matches each finding of one repository to the most specific ledger entry of that repository:
 * an exact file beats a file class beats a glob, a full message beats a quoted key beats a
 * fragment, and the line is only a tie-breaker (nearest wins), so entries survive small
 * edits above the finding. Among equally specific entries the first in the ledger wins.
 */
export function matchFindings(
  ledger: Pick<Ledger, "entries">,
  repository: string,
  findings: readonly CalibrationFinding[],
  classOf?: (file: string) => string,
): Match[] {
  const candidates = ledger.entries
    .map((entry, index) => ({ entry, index, glob: entry.files ? picomatch(entry.files, { dot: true }) : undefined }))
    .filter(({ entry }) => entry.repository === repository);
  return findings.map((finding) => {
    let best: { index: number; score: number; distance: number } | undefined;
    for (const { entry, index, glob } of candidates) {
      const score = specificity(entry, finding, glob, classOf);
      if (score === undefined) continue;
      const distance =
        entry.line !== undefined && finding.line !== undefined
          ? Math.abs(entry.line - finding.line)
          : Number.MAX_SAFE_INTEGER;
      if (!best || score > best.score || (score === best.score && distance < best.distance))
        best = { index, score, distance };
    }
    return { finding, entryIndex: best?.index };
  });
}
