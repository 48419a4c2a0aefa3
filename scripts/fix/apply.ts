import type { Fix, TextEdit } from "../core/types.ts";

/** A file as the fixer holds it between passes: its text (offsets as rules see them) and its BOM. */
export interface FileText {
  text: string;
  hasBom: boolean;
}

export interface Applied {
  text: string;
  hasBom: boolean;
  applied: Fix[];
  /** Fixes left for a later pass because they overlap or touch an applied one. */
  deferred: Fix[];
}

function editsOf(fix: Fix): readonly TextEdit[] {
  return fix.kind === "edit" ? fix.edits : [];
}

/** Touching counts as overlapping, as in ESLint: two insertions at one offset have no order. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function valid(edit: TextEdit, length: number): boolean {
  return (
    Number.isInteger(edit.start) &&
    Number.isInteger(edit.end) &&
    edit.start >= 0 &&
    edit.start <= edit.end &&
    edit.end <= length
  );
}

/**
 * Applies the edit and BOM fixes of one file that do not overlap, first come first served in
 * text order; the others wait for the next pass, when the rules have seen the new text.
 */
export function applyFixes(file: FileText, fixes: readonly Fix[]): Applied {
  const accepted: TextEdit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  let hasBom = file.hasBom;
  const ordered = [...fixes].sort((a, b) => (editsOf(a)[0]?.start ?? -1) - (editsOf(b)[0]?.start ?? -1));
  for (const fix of ordered) {
    if (fix.kind === "remove-bom") {
      if (hasBom) {
        hasBom = false;
        applied.push(fix);
      }
      continue;
    }
    if (fix.kind !== "edit") continue;
    const edits = [...fix.edits].sort((a, b) => a.start - b.start);
    const inside = edits.every((edit) => valid(edit, file.text.length));
    const selfOverlap = edits.some((edit, i) => i > 0 && edits[i - 1]!.end > edit.start);
    if (!inside || selfOverlap || edits.length === 0) continue;
    if (edits.some((edit) => accepted.some((other) => overlaps(edit, other)))) {
      deferred.push(fix);
      continue;
    }
    accepted.push(...edits);
    applied.push(fix);
  }
  accepted.sort((a, b) => b.start - a.start);
  let text = file.text;
  for (const edit of accepted) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return { text, hasBom, applied, deferred };
}
