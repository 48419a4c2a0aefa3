import MarkdownIt from "markdown-it";
import footnote from "markdown-it-footnote";
import { CST, Lexer } from "yaml";

/**
 * Generated regions are delimited by marker lines. In Markdown bodies:
 *   <!-- generated:begin <id> (note) -->  ...  <!-- generated:end <id> -->
 * In YAML frontmatter:
 *   # generated:begin <id> (note)  ...  # generated:end <id>
 * Markers are found by tokenizers, not by matching lines: a body marker is an HTML comment that
 * Markdown reads as an HTML block of its own, a frontmatter marker is a YAML comment. Marker
 * examples in code blocks, code spans or YAML strings are text, never markers. Anything odd
 * about a marker is a problem, and the generator then writes nothing.
 */

export interface Region {
  id: string;
  /** Offset of the first character after the begin marker's line. */
  contentStart: number;
  /** Offset of the first character of the end marker's line. */
  contentEnd: number;
  beginOffset: number;
  /** True for a "# generated:" region inside the YAML frontmatter. */
  inFrontmatter: boolean;
}

interface RegionProblem {
  offset: number;
  message: string;
}

export interface RegionScan {
  regions: Map<string, Region>;
  problems: RegionProblem[];
}

export interface ScanOptions {
  /**
   * Whether a leading "---" block is YAML frontmatter (agents and commands) or plain Markdown
   * whose first line is a thematic break (the README). Default true.
   */
  frontmatter?: boolean;
}

/** One block of a Markdown body as the tokenizer sees it; lines are 0-based, end exclusive. */
interface MarkdownBlock {
  type: string;
  /** Nesting depth: 0 for a block at the top level, more inside lists, quotes and footnotes. */
  level: number;
  startLine: number;
  endLine: number;
  /** Heading level markup ("#", "##", ...) for heading_open, empty otherwise. */
  markup: string;
  /** The source of an html_block, the text of a heading's inline token. */
  content: string;
}

const markdown = new MarkdownIt({ html: true }).use(footnote);
// Only the block structure matters here; inline parsing (links, emphasis) is never needed.
markdown.core.ruler.enableOnly(["normalize", "block"]);

/**
 * The blocks of a Markdown text, from markdown-it (CommonMark with footnotes). Lines are
 * counted the way markdown-it counts them: "\r\n", "\r" and "\n" each end a line.
 * Kept small so it can be routed through the shared Markdown module later.
 */
function markdownBlocks(text: string): MarkdownBlock[] {
  const tokens = markdown.parse(text, {});
  const blocks: MarkdownBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.map) continue;
    const content =
      token.type === "heading_open" ? (tokens[i + 1]?.content ?? "") : token.type === "html_block" ? token.content : "";
    blocks.push({
      type: token.type,
      level: token.level,
      startLine: token.map[0],
      endLine: token.map[1],
      markup: token.type === "heading_open" ? token.markup : "",
      content,
    });
  }
  return blocks;
}

/** Start offset of every line; a line ends at "\r\n", "\r" or "\n", as in markdown-it. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The line's text without its line break. */
function lineText(text: string, starts: readonly number[], line: number): string {
  const start = starts[line] ?? text.length;
  let end = starts[line + 1] ?? text.length;
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(start, end);
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Frontmatter {
  /** Offset of the first YAML character (after the opening line). */
  start: number;
  /** Offset of the closing "---" line. */
  end: number;
  /** First line of the body. */
  bodyLine: number;
}

/**
 * The YAML frontmatter as Claude Code reads it: a first line of exactly "---" and a later line
 * that starts with "---". A first "---" that is never closed is a thematic break, not YAML.
 */
function findFrontmatter(text: string, starts: readonly number[]): Frontmatter | undefined {
  if (!/^\uFEFF?---[ \t]*$/.test(lineText(text, starts, 0))) return undefined;
  for (let line = 1; line < starts.length; line++) {
    const start = starts[line]!;
    if (start >= text.length && line === starts.length - 1) break;
    if (text.startsWith("---", start)) return { start: starts[1] ?? text.length, end: start, bodyLine: line + 1 };
  }
  return undefined;
}

type Kind = "begin" | "end";

interface Marker {
  kind: Kind;
  id: string;
  inFrontmatter: boolean;
  lineStart: number;
  lineEnd: number;
}

const MARKER_WORDS = /^generated:(begin|end)\s+([A-Za-z0-9_-]+)(?:\s[\s\S]*)?$/;

/** True when a comment's text (after "<!--" or "#") starts like a marker. */
function looksLikeMarker(comment: string): boolean {
  const words = comment.trimStart();
  return words.startsWith("generated:begin") || words.startsWith("generated:end");
}

function parseWords(words: string): { kind: Kind; id: string } | undefined {
  const match = MARKER_WORDS.exec(words.trim());
  return match ? { kind: match[1] as Kind, id: match[2]! } : undefined;
}

/** "<!-- generated:begin id note -->" with up to three spaces before it; undefined if malformed. */
function parseHtmlMarker(line: string): { kind: Kind; id: string } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("<!--") || !trimmed.endsWith("-->") || trimmed.length < 7) return undefined;
  const inner = trimmed.slice(4, -3);
  if (inner.includes("-->")) return undefined;
  return parseWords(inner);
}

function isHtmlMarkerLike(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed.startsWith("<!--") && looksLikeMarker(trimmed.slice(4));
}

const MALFORMED =
  'malformed generated-region marker; expected "<!-- generated:begin <id> -->" or "# generated:begin <id>" on a line of its own';

/** "# generated:" markers: whole-line YAML comments of the frontmatter. */
function frontmatterMarkers(
  text: string,
  starts: readonly number[],
  frontmatter: Frontmatter,
  markers: Marker[],
  problems: RegionProblem[],
): void {
  const yaml = text.slice(frontmatter.start, frontmatter.end);
  let offset = frontmatter.start;
  for (const token of new Lexer().lex(yaml)) {
    const type = CST.tokenType(token);
    // The lexer's control tokens mark structure and stand for no source text.
    if (token.length === 1 && (type === "doc-mode" || type === "scalar" || type === "flow-error-end")) continue;
    const at = offset;
    offset += token.length;
    if (type !== "comment" || token.includes("\n") || !looksLikeMarker(token.slice(1))) continue;
    const line = lineOf(starts, at);
    if (!text.startsWith(token, at) || !/^[ \t]*$/.test(text.slice(starts[line], at))) {
      problems.push({ offset: at, message: MALFORMED });
      continue;
    }
    const parsed = parseWords(token.slice(1));
    if (!parsed) {
      problems.push({ offset: starts[line]!, message: MALFORMED });
      continue;
    }
    markers.push({
      ...parsed,
      inFrontmatter: true,
      lineStart: starts[line]!,
      lineEnd: starts[line + 1] ?? text.length,
    });
  }
  // An HTML comment is not a comment in YAML.
  for (let line = 1; starts[line]! < frontmatter.end; line++) {
    if (isHtmlMarkerLike(lineText(text, starts, line)))
      problems.push({
        offset: starts[line]!,
        message: 'an "<!-- generated:" marker in the YAML frontmatter; use "# generated:..." there',
      });
  }
}

function misplaced(block: MarkdownBlock, lineInBlock: number, firstText: string): string {
  if (block.level > 0)
    return "generated-region marker inside a list, quote or footnote; markers stand at the top level of the file";
  if (lineInBlock === 0) return MALFORMED;
  if (firstText.trimStart().startsWith("<!--"))
    return `generated-region marker inside an HTML comment that opens ${lineInBlock} line${lineInBlock === 1 ? "" : "s"} above and is not closed before it`;
  return `generated-region marker inside an HTML block that starts ${lineInBlock} line${lineInBlock === 1 ? "" : "s"} above; put a blank line before the marker`;
}

/** "<!-- generated: -->" markers: HTML blocks of a single line at the top level of the body. */
function bodyMarkers(
  text: string,
  starts: readonly number[],
  bodyLine: number,
  markers: Marker[],
  problems: RegionProblem[],
): void {
  const bodyStart = starts[bodyLine] ?? text.length;
  for (const block of markdownBlocks(text.slice(bodyStart))) {
    const first = bodyLine + block.startLine;
    if (block.type === "heading_open" && block.markup === "#" && looksLikeMarker(block.content)) {
      problems.push({
        offset: starts[first]!,
        message: 'a "# generated:" marker belongs in the YAML frontmatter; use <!-- generated:... --> in the body',
      });
      continue;
    }
    if (block.type !== "html_block") continue;
    const last = bodyLine + block.endLine;
    const firstText = lineText(text, starts, first);
    const single = last - first === 1;
    if (single && block.level === 0 && isHtmlMarkerLike(firstText)) {
      const parsed = parseHtmlMarker(firstText);
      if (!parsed) problems.push({ offset: starts[first]!, message: MALFORMED });
      else
        markers.push({
          ...parsed,
          inFrontmatter: false,
          lineStart: starts[first]!,
          lineEnd: starts[first + 1] ?? text.length,
        });
      continue;
    }
    // Inside a list, quote or footnote the source line starts with the container's marks.
    const lines = block.level > 0 ? block.content.split("\n") : undefined;
    for (let line = first; line < last; line++) {
      if (!isHtmlMarkerLike(lines ? (lines[line - first] ?? "") : lineText(text, starts, line))) continue;
      problems.push({ offset: starts[line]!, message: misplaced(block, line - first, firstText) });
    }
  }
}

function pair(markers: readonly Marker[], problems: RegionProblem[]): Map<string, Region> {
  const regions = new Map<string, Region>();
  let open: Marker | undefined;
  for (const marker of markers) {
    if (marker.kind === "begin") {
      if (open) {
        problems.push({
          offset: marker.lineStart,
          message: `region "${marker.id}" begins inside region "${open.id}", which is not closed`,
        });
        continue;
      }
      if (regions.has(marker.id)) {
        problems.push({ offset: marker.lineStart, message: `region "${marker.id}" appears twice` });
        continue;
      }
      open = marker;
      continue;
    }
    if (!open) {
      problems.push({ offset: marker.lineStart, message: `region "${marker.id}" ends without a begin marker` });
      continue;
    }
    if (open.id !== marker.id) {
      problems.push({
        offset: marker.lineStart,
        message: `region "${open.id}" is closed by an end marker for "${marker.id}"`,
      });
      open = undefined;
      continue;
    }
    if (open.inFrontmatter !== marker.inFrontmatter) {
      problems.push({
        offset: marker.lineStart,
        message: `region "${open.id}" begins in the ${open.inFrontmatter ? "frontmatter" : "body"} but ends in the ${marker.inFrontmatter ? "frontmatter" : "body"}`,
      });
      open = undefined;
      continue;
    }
    regions.set(marker.id, {
      id: marker.id,
      beginOffset: open.lineStart,
      contentStart: open.lineEnd,
      contentEnd: marker.lineStart,
      inFrontmatter: open.inFrontmatter,
    });
    open = undefined;
  }
  if (open) problems.push({ offset: open.lineStart, message: `region "${open.id}" is never closed` });
  return regions;
}

/** Finds every region; reports unclosed, doubled, nested, mismatched and misplaced markers. */
export function scanRegions(original: string, options: ScanOptions = {}): RegionScan {
  // A byte order mark is not text; a space keeps every offset where it was.
  const text = original.startsWith("\uFEFF") ? ` ${original.slice(1)}` : original;
  const problems: RegionProblem[] = [];
  const markers: Marker[] = [];
  const starts = lineStarts(text);
  const frontmatter = options.frontmatter === false ? undefined : findFrontmatter(original, starts);
  if (frontmatter) frontmatterMarkers(text, starts, frontmatter, markers, problems);
  bodyMarkers(text, starts, frontmatter?.bodyLine ?? 0, markers, problems);
  markers.sort((a, b) => a.lineStart - b.lineStart);
  problems.sort((a, b) => a.offset - b.offset);
  return { regions: pair(markers, problems), problems };
}

/** Replaces the content of the named regions; text outside them is kept byte for byte. */
export function replaceRegions(
  text: string,
  regions: Map<string, Region>,
  contents: Record<string, string>,
  eol: string,
): string {
  const ordered = [...regions.values()].filter((r) => r.id in contents).sort((a, b) => a.contentStart - b.contentStart);
  let result = "";
  let cursor = 0;
  for (const region of ordered) {
    const body = contents[region.id]!.replace(/\r?\n/g, eol);
    result += text.slice(cursor, region.contentStart) + body + (body === "" || body.endsWith(eol) ? "" : eol);
    cursor = region.contentEnd;
  }
  return result + text.slice(cursor);
}
