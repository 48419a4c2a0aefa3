import picomatch from "picomatch";

/**
 * Globs from a config are matched against every path of an untrusted tree. picomatch compiles a
 * glob to a regular expression in which every `*` is a lazy `[^/]*?`: with several of them in one
 * path segment a failing match backtracks through every way of splitting the name (15 stars
 * against an 80-character name ran for minutes). Globs made of literals, `?`, `*`, `**` and
 * plain `{a,b}` lists, which is nearly every real ignore glob, are therefore matched here,
 * segment by segment, in time proportional to pattern × path; the rest go to picomatch only when
 * each path segment holds at most one unbounded wildcard, and are refused otherwise.
 */

/** Globs longer than this are refused: a pattern must not cost more than the paths it filters. */
const MAX_GLOB_LENGTH = 512;
/** Brace lists expand to at most this many plain globs. */
const MAX_EXPANSIONS = 64;

export type PathMatcher = (relative: string) => boolean;

type Token = { kind: "char"; char: string } | { kind: "one" } | { kind: "star" };
type Segment = { kind: "globstar" } | { kind: "tokens"; tokens: Token[] };

/** Expands non-nested `{a,b}` lists; undefined when the glob has nested or unbalanced braces. */
function expandBraces(glob: string): string[] | undefined {
  let results = [""];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "\\") {
      results = results.map((r) => r + glob.slice(i, i + 2));
      i++;
      continue;
    }
    if (char === "}") return undefined;
    if (char !== "{") {
      results = results.map((r) => r + char);
      continue;
    }
    const close = glob.indexOf("}", i);
    if (close === -1) return undefined;
    const inner = glob.slice(i + 1, close);
    if (inner.includes("{") || inner.includes("\\") || !inner.includes(",")) return undefined;
    const options = inner.split(",");
    if (results.length * options.length > MAX_EXPANSIONS) return undefined;
    results = results.flatMap((r) => options.map((o) => r + o));
    i = close;
  }
  return results;
}

/** A plain glob as segments, or undefined when it uses syntax this matcher leaves to picomatch. */
function parsePlain(glob: string): Segment[] | undefined {
  if (glob.startsWith("!")) return undefined;
  let body = glob;
  while (body.startsWith("./")) body = body.slice(2);
  const segments: Segment[] = [];
  for (const part of splitSegments(body)) {
    if (part === "**") {
      segments.push({ kind: "globstar" });
      continue;
    }
    const tokens: Token[] = [];
    for (let i = 0; i < part.length; i++) {
      const char = part[i]!;
      if (char === "\\") {
        if (i + 1 >= part.length) return undefined;
        tokens.push({ kind: "char", char: part[++i]! });
      } else if (char === "*") {
        if (tokens.at(-1)?.kind !== "star") tokens.push({ kind: "star" });
      } else if (char === "?") {
        // "?(" opens an extglob.
        if (part[i + 1] === "(") return undefined;
        tokens.push({ kind: "one" });
      } else if ("[](){}".includes(char) || ("+@!".includes(char) && part[i + 1] === "(")) return undefined;
      else tokens.push({ kind: "char", char });
    }
    segments.push({ kind: "tokens", tokens });
  }
  return segments;
}

function splitSegments(glob: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === "\\" && i + 1 < glob.length) {
      current += glob.slice(i, i + 2);
      i++;
    } else if (glob[i] === "/") {
      parts.push(current);
      current = "";
    } else current += glob[i];
  }
  parts.push(current);
  return parts;
}

/**
 * One path segment against one glob segment: greedy, resuming after the last star on a
 * mismatch, which is exact for patterns whose other tokens each take one character.
 */
function matchSegment(tokens: readonly Token[], name: string): boolean {
  // picomatch's `*` needs at least one character when it is the whole segment's start and end.
  if (name === "" && tokens.length > 0) return false;
  // Even with dot: true, "." and ".." are matched only by a pattern that spells the dot.
  if ((name === "." || name === "..") && tokens[0]?.kind !== "char") return false;
  let t = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    const token = tokens[t];
    if (token && token.kind !== "star" && (token.kind === "one" || token.char === name[n])) {
      t++;
      n++;
    } else if (token?.kind === "star") {
      star = t++;
      resume = n;
    } else if (star !== -1) {
      t = star + 1;
      n = ++resume;
    } else return false;
  }
  while (tokens[t]?.kind === "star") t++;
  return t === tokens.length;
}

/** Segments of a glob against segments of a path, `**` taking any number of them. */
function matchSegments(glob: readonly Segment[], path: readonly string[]): boolean {
  // memo[i][j]: glob from i matches path from j (0 unknown, 1 yes, 2 no).
  const width = path.length + 1;
  const memo = new Uint8Array((glob.length + 1) * width);
  const visit = (i: number, j: number): boolean => {
    const key = i * width + j;
    if (memo[key] !== 0) return memo[key] === 1;
    let result: boolean;
    const segment = glob[i];
    if (!segment) result = j === path.length;
    else if (segment.kind === "globstar") result = visit(i + 1, j) || (j < path.length && visit(i, j + 1));
    else result = j < path.length && matchSegment(segment.tokens, path[j]!) && visit(i + 1, j + 1);
    memo[key] = result ? 1 : 2;
    return result;
  };
  return visit(0, 0);
}

/** Unbounded wildcards (star runs, extglobs) in the busiest path segment of a glob. */
function wildcardsPerSegment(glob: string): number {
  let most = 0;
  for (const part of splitSegments(glob)) {
    if (part === "**") continue;
    let count = 0;
    for (let i = 0; i < part.length; i++) {
      const char = part[i]!;
      if (char === "\\") i++;
      else if (part[i + 1] === "(" && "*+?@!".includes(char)) count++;
      else if (char === "*" && part[i - 1] !== "*") count++;
    }
    most = Math.max(most, count);
  }
  return most;
}

/** Why a glob is refused, or undefined when it can be matched in bounded time. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  const plain = expandBraces(glob);
  if (plain?.every((g) => parsePlain(g) !== undefined)) return undefined;
  if (wildcardsPerSegment(glob) > 1)
    return "combines several wildcards in one path segment with [classes], extglobs or nested braces, which cannot be matched in bounded time; use only *, ?, ** and {a,b} there";
  return undefined;
}

/** A matcher for one glob; undefined when globProblem refuses it. */
function compileGlob(glob: string): PathMatcher | undefined {
  if (globProblem(glob) !== undefined) return undefined;
  const plain = expandBraces(glob)?.map(parsePlain);
  if (plain?.every((segments): segments is Segment[] => segments !== undefined))
    return (relative) => {
      const path = relative.split("/");
      return plain.some((segments) => matchSegments(segments, path));
    };
  return picomatch(glob, { dot: true });
}

/** A matcher that is true when any of the globs matches; refused and non-string globs are left out. */
export function anyGlob(globs: readonly unknown[]): PathMatcher {
  const matchers = globs
    .filter((g): g is string => typeof g === "string" && g.length > 0)
    .map(compileGlob)
    .filter((m): m is PathMatcher => m !== undefined);
  return (relative) => matchers.some((match) => match(relative));
}
