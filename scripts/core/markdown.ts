import { isMap, isPair, isScalar, type Document } from "yaml";
import { tokenizeBody, type MarkdownBody } from "./markdown-body.ts";
import type { Frontmatter, MarkdownDoc } from "./types.ts";
import { readSimpleYaml } from "./simple-yaml.ts";
import { parseYaml, type ParseIssue } from "./yaml-text.ts";

const OPENING = /^---([^\r\n]*)(\r?\n|$)/;

/** Value indicators after which Claude Code 2.1.330's retry quotes a value (its own pattern). */
const INDICATORS = /[{}[\]*&#!|>%@`]|: /;
/** A `key: value` line as the retry sees it: letters, `_` and `-` only in the key, no CR at the end. */
const RETRY_LINE = /^([A-Z_a-z-]+):\s+(\S.*)$/;

/**
 * Claude Code 2.1.330 retries a frontmatter that fails to parse: each `key: value` line whose
 * value holds a YAML indicator is double-quoted (unless it is already quoted or a valid flow
 * list), then leading tabs become spaces. This is a port of that retry, quirks included: keys
 * with digits are skipped, and a line ending in CR (a CRLF file) is never quoted.
 */
export function lenientFrontmatter(raw: string): string {
  return raw
    .split("\n")
    .map((line) => {
      const match = RETRY_LINE.exec(line);
      if (!match) return line;
      const [, key, value = ""] = match;
      if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) return line;
      if (value.startsWith("[") && value.endsWith("]") && isFlowList(value)) return line;
      if (!INDICATORS.test(value)) return line;
      return `${key}: "${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
    })
    .join("\n")
    .replace(/^\t+/gm, (tabs) => "  ".repeat(tabs.length));
}

function isFlowList(value: string): boolean {
  const parsed = parseYaml(value);
  return parsed.ok && Array.isArray(parsed.value);
}

/**
 * Frontmatter is read up to this size. Real blocks hold a few KiB; a crafted one of most of a
 * MiB costs seconds per YAML parse (strict, then the lenient retry), so it is reported instead.
 */
const MAX_FRONTMATTER = 128 * 1024;

function parseFrontmatter(rawWithEol: string, offset: number): { frontmatter: Frontmatter; issues: ParseIssue[] } {
  // gray-matter stops before "\n---", so with CRLF the last line keeps its "\r".
  const raw = rawWithEol.replace(/\r$/, "");
  if (raw.length > MAX_FRONTMATTER) {
    const issue: ParseIssue = {
      offset,
      length: 0,
      code: "TOO_LARGE",
      severity: "warning",
      message: `the frontmatter is ${Math.round(raw.length / 1024)} KiB, too large to check (limit ${MAX_FRONTMATTER / 1024} KiB), so its fields were not read`,
    };
    return { frontmatter: { data: undefined, doc: parseYaml("").doc, offset, raw, recovered: false }, issues: [issue] };
  }
  const simple = readSimpleYaml(raw);
  if (simple) {
    // The document is built only if a finding needs a position in it.
    let doc: Document | undefined;
    const frontmatter = { data: simple, offset, raw, recovered: false, simple: true } as Frontmatter;
    Object.defineProperty(frontmatter, "doc", { enumerable: true, get: () => (doc ??= parseYaml(raw).doc) });
    return { frontmatter, issues: [] };
  }
  const strict = parseYaml(raw);
  let parsed = strict;
  let recovered = false;
  const issues: ParseIssue[] = [];
  const errors = strict.issues.filter((i) => i.severity === "error" && i.code !== "DUPLICATE_KEY");
  const first = errors[0];
  if (!strict.ok && first && first.code !== "RESOURCE_EXHAUSTION") {
    const retry = parseYaml(lenientFrontmatter(raw));
    if (retry.ok) {
      // Claude Code reads it; other YAML tools (editors, other agents' loaders) do not.
      parsed = retry;
      recovered = true;
      issues.push({
        offset: offset + first.offset,
        length: first.length,
        code: "RECOVERED",
        severity: "note",
        message: `the frontmatter is not valid YAML (${first.message}); Claude Code's lenient retry reads it, other YAML tools do not`,
      });
    } else {
      issues.push({
        offset: offset + first.offset,
        length: first.length,
        code: "UNREADABLE",
        severity: "error",
        message: `the frontmatter is not valid YAML (${first.message}), and Claude Code's lenient retry cannot read it either, so every field is dropped`,
      });
      // The document is still kept for positions; no value is read from it.
      return { frontmatter: { data: undefined, doc: strict.doc, offset, raw, recovered: false }, issues };
    }
  } else if (!strict.ok && first) {
    issues.push({ ...first, offset: offset + first.offset });
  }
  for (const duplicate of strict.issues.filter((i) => i.code === "DUPLICATE_KEY"))
    issues.push({
      ...duplicate,
      severity: "warning",
      offset: offset + duplicate.offset,
      message: duplicate.message.replace(
        "parsers disagree on which value wins",
        "Claude Code keeps the last value and drops the earlier ones",
      ),
    });
  let data: Record<string, unknown> | undefined;
  if (parsed.ok) {
    const value = parsed.value;
    if (value === null || value === undefined) data = {};
    else if (typeof value === "object" && !Array.isArray(value)) data = value as Record<string, unknown>;
    else {
      const start = (parsed.doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
      issues.push({
        offset: offset + start,
        length: 0,
        code: "NOT_A_MAPPING",
        severity: "error",
        message: `frontmatter must be a YAML mapping (key: value pairs), found ${Array.isArray(value) ? "a list" : `a ${typeof value}`}, so Claude Code reads no field from it`,
      });
    }
  }
  issues.push(...lossyValues(parsed, offset));
  return {
    frontmatter: { data, doc: parsed.doc, offset, raw, recovered },
    issues,
  };
}

/** Values that Claude Code reads differently from what the author wrote. */
function lossyValues(parsed: ReturnType<typeof parseYaml>, offset: number): ParseIssue[] {
  const issues: ParseIssue[] = [];
  const contents = parsed.doc.contents;
  if (!isMap(contents)) return issues;
  for (const pair of contents.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value)) continue;
    const key = String(pair.key.value);
    const value = pair.value;
    const range = value.range ?? [0, 0, 0];
    if (typeof value.value === "string" && value.value.includes("---")) {
      issues.push({
        offset: offset + range[0],
        length: range[1] - range[0],
        code: "DASHES_IN_VALUE",
        severity: "warning",
        message: `"${key}" contains "---": Claude Code ends the frontmatter there and drops the rest of the value and every later key`,
      });
    }
    if (
      value.type === "PLAIN" &&
      value.comment &&
      ["description", "when_to_use", "when-to-use", "argument-hint", "name"].includes(key)
    ) {
      issues.push({
        offset: offset + range[0],
        length: range[1] - range[0],
        code: "COMMENT_IN_VALUE",
        severity: "warning",
        message: `"${key}" is cut at " #": YAML reads the rest of the line as a comment; quote the value to keep it`,
      });
    }
  }
  return issues;
}

export interface ParsedMarkdown {
  doc: MarkdownDoc;
  issues: ParseIssue[];
}

/**
 * Where a frontmatter block ends, as gray-matter 4 splits it (Claude Code's reading, quirks
 * included): the block runs from after the opening "---" up to the first "\n---" anywhere,
 * even mid-line; the body starts after that "---" and one CR and one LF if they follow. A block
 * of blank and comment lines only is empty: gray-matter hands it to no parser. Only called on a
 * text that opens with "---" plus blanks and has such a close.
 */
export function splitFrontmatter(text: string): { raw: string; empty: boolean; bodyOffset: number } {
  const close = text.indexOf("\n---", 3);
  const raw = text.slice(3, close);
  let bodyOffset = close + 4;
  if (text.charCodeAt(bodyOffset) === 0x0d) bodyOffset++;
  if (text.charCodeAt(bodyOffset) === 0x0a) bodyOffset++;
  return { raw, empty: onlyComments(raw), bodyOffset };
}

/** gray-matter's `raw.replace(/^\s*#[^\n]+/gm, "").trim() === ""`, in one pass (its pattern is quadratic on blank lines). */
function onlyComments(raw: string): boolean {
  for (const line of raw.split("\n")) {
    const rest = line.trimStart();
    if (rest !== "" && !(rest.startsWith("#") && rest.length > 1)) return false;
  }
  return true;
}

/** Tokenizes the body that starts at an offset of a file's text; another thread may have done it already. */
export type BodyTokenizer = (text: string, bodyOffset: number) => MarkdownBody;

/** Where an opening "---" line's frontmatter closes ("\n---" or "\r\n---"), or -1. */
function closingOf(text: string, opening: RegExpExecArray): number {
  const from = opening[0].length - (opening[2]?.length ?? 0);
  const closing = /\r?\n---/.exec(text.slice(from));
  return closing ? from + closing.index : -1;
}

/**
 * Where `parseMarkdown` starts the body it tokenizes: after a closed frontmatter, after the line
 * that closes a frontmatter in another language, or 0. A worker thread uses it to tokenize a body
 * before the file is parsed; the caller checks it against the offset the parse arrives at.
 */
export function markdownBodyOffset(text: string): number {
  const opening = OPENING.exec(text);
  if (!opening || (opening[1] ?? "").startsWith("-")) return 0;
  const closeAt = closingOf(text, opening);
  if (closeAt === -1) return 0;
  if ((opening[1] ?? "").trim()) return afterLine(text, closeAt + 1);
  return splitFrontmatter(text).bodyOffset;
}

/**
 * True when the file opens with HTML comments (a "generated from …, do not edit" banner) and a
 * --- block comes right after them: a frontmatter Claude Code does not read, as it must start
 * the file. Read by hand: comments are skipped with indexOf.
 */
function commentBeforeFrontmatter(text: string): boolean {
  let rest = text.trimStart();
  if (!rest.startsWith("<!--")) return false;
  while (rest.startsWith("<!--")) {
    const end = rest.indexOf("-->");
    if (end === -1) return false;
    rest = rest.slice(end + 3).trimStart();
  }
  return /^---[ \t]*\r?\n/.test(rest);
}

/** Splits frontmatter from body as gray-matter does (its code engines never reached) and parses the YAML with positions. */
export function parseMarkdown(text: string, tokenize: BodyTokenizer = tokenizeBody): ParsedMarkdown {
  const issues: ParseIssue[] = [];
  const opening = OPENING.exec(text);
  if (!opening) {
    const problem = /^\s*\n---\s*\n/.test(text)
      ? "leading-blank"
      : commentBeforeFrontmatter(text)
        ? "leading-comment"
        : "missing";
    return {
      doc: { frontmatter: undefined, frontmatterProblem: problem, body: text, bodyOffset: 0, ...tokenize(text, 0) },
      issues,
    };
  }
  if ((opening[1] ?? "").startsWith("-")) {
    return {
      doc: {
        frontmatter: undefined,
        frontmatterProblem: "missing",
        body: text,
        bodyOffset: 0,
        ...tokenize(text, 0),
      },
      issues,
    };
  }
  const language = (opening[1] ?? "").trim();
  const closeAt = closingOf(text, opening);
  if (language) {
    const bodyOffset = closeAt === -1 ? 0 : afterLine(text, closeAt + 1);
    return {
      doc: {
        frontmatter: undefined,
        frontmatterProblem: "language",
        frontmatterLanguage: language,
        body: text.slice(bodyOffset),
        bodyOffset,
        ...tokenize(text, bodyOffset),
      },
      issues,
    };
  }
  if (closeAt === -1) {
    return {
      doc: {
        frontmatter: undefined,
        frontmatterProblem: "unterminated",
        body: text,
        bodyOffset: 0,
        ...tokenize(text, 0),
      },
      issues,
    };
  }
  const split = splitFrontmatter(text);
  const parsed = split.empty ? undefined : parseFrontmatter(split.raw, 3);
  const bodyOffset = split.bodyOffset;
  const frontmatter: Frontmatter = parsed?.frontmatter ?? {
    data: {},
    doc: undefined,
    offset: 3,
    raw: text.slice(3, closeAt),
    recovered: false,
  };
  if (parsed) issues.push(...parsed.issues);
  return { doc: { frontmatter, body: text.slice(bodyOffset), bodyOffset, ...tokenize(text, bodyOffset) }, issues };
}

function afterLine(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  return newline === -1 ? text.length : newline + 1;
}
