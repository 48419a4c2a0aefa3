import type { Position } from "./types.ts";

/** Maps offsets in a text to 1-based line and column. */
export class LineIndex {
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (this.starts[lo] ?? 0) + 1 };
  }

  offsetOf(line: number, column = 1): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
    return Math.min(this.text.length, start + column - 1);
  }

  /** The text of a 1-based line without its line ending. */
  line(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return "";
    const next = this.starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}

export function detectEol(text: string): "\r\n" | "\n" {
  const lf = text.indexOf("\n");
  return lf > 0 && text[lf - 1] === "\r" ? "\r\n" : "\n";
}

export function toPosix(p: string): string {
  return p.split("\\").join("/");
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/**
 * Levenshtein distance when it is at most `max`, else max + 1. Only the band of width 2·max + 1
 * around the diagonal is computed and a row whose best is over max ends it, so comparing a long
 * or very different word costs a few steps, not length × length.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  if (scratch.length < 2 * (b.length + 1)) scratch = new Int32Array(4 * (b.length + 1));
  const width = b.length + 1;
  let prev = 0;
  let next = width;
  for (let j = 0; j <= b.length; j++) scratch[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    scratch.fill(over, next, next + width);
    scratch[next] = Math.min(i, over);
    let rowBest = scratch[next]!;
    const char = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const value = Math.min(
        scratch[prev + j]! + 1,
        scratch[next + j - 1]! + 1,
        scratch[prev + j - 1]! + (char === b.charCodeAt(j - 1) ? 0 : 1),
        over,
      );
      scratch[next + j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > max) return over;
    [prev, next] = [next, prev];
  }
  return Math.min(scratch[prev + b.length]!, over);
}

/** Rows of boundedEditDistance, reused across calls. */
let scratch = new Int32Array(256);

/** The closest candidate within a distance that scales with the word, as the CLI's own hint does. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other === lower) return candidate;
    if (Math.abs(other.length - lower.length) >= bestDistance) continue;
    const d = boundedEditDistance(lower, other, bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `"${short.replace(/\r?\n/g, "\\n")}"`;
}
