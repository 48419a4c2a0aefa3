import { slug as githubSlug } from "github-slugger";
import markdownIt, { type MarkdownIt, type StateBlock, type StateInline, type Token } from "markdown-it";
import footnote from "markdown-it-footnote";
import type { CodeBlock, HtmlComment, MarkdownHeading, MarkdownLink } from "./types.ts";

/**
 * The Markdown body, tokenized by markdown-it (CommonMark with GitHub tables and footnotes), so
 * fences inside list items, indented closing fences, indented code, reference definitions and
 * footnotes behave as GitHub renders them. markdown-it was chosen over micromark because it stays
 * linear on crafted input (micromark took seconds on 150 KB of brackets) and is several times
 * faster on real plugins. Offsets in the result refer to the whole file text.
 */
export interface MarkdownBody {
  codeBlocks: CodeBlock[];
  links: MarkdownLink[];
  headings: MarkdownHeading[];
  /** GitHub anchors the file defines: heading slugs (with -1, -2 for repeats) and HTML id/name values. */
  anchors: Set<string>;
  /** Inline code spans, as [start, end) offsets including the backticks. */
  codeSpans: [number, number][];
  /** HTML comments that form an HTML block of their own (never inside code). */
  htmlComments: HtmlComment[];
}

type InlineRule = (state: StateInline, silent: boolean) => boolean;
type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

/** What the wrapped rules record while markdown-it parses; offsets are into an inline token's content. */
interface Recorder {
  /** The inline (or table-row) token whose content is being parsed, and the line it starts on. */
  block: Token | undefined;
  line: number;
  spans: {
    block: Token;
    line: number;
    kind: "link" | "image" | "code";
    start: number;
    end: number;
    dest?: [number, number];
  }[];
  definitions: { startLine: number; endLine: number }[];
}

interface Env {
  mars?: Recorder;
  references?: unknown;
}

function ruleOf<T>(ruler: { __rules__?: { name: string; fn: T }[] }, name: string): T {
  const found = ruler.__rules__?.find((r) => r.name === name);
  if (!found) throw new Error(`markdown-it has no rule "${name}"`);
  return found.fn;
}

const SPACE = new Set([0x20, 0x09, 0x0a]);

/** Where an inline link's destination starts and ends in the inline content, when it has one. */
function destination(md: MarkdownIt, src: string, labelEnd: number, max: number): [number, number] | undefined {
  let pos = labelEnd + 1;
  if (src.charCodeAt(pos) !== 0x28 /* ( */) return undefined;
  pos++;
  while (pos < max && SPACE.has(src.charCodeAt(pos))) pos++;
  const parsed = md.helpers.parseLinkDestination(src, pos, max);
  if (!parsed.ok || parsed.pos === pos) return undefined;
  const angled = src.charCodeAt(pos) === 0x3c; /* < */
  return angled ? [pos + 1, parsed.pos - 1] : [pos, parsed.pos];
}

/** A character that opens something read from inline content: a link or image label, a code span, inline HTML. */
const INLINE_READ = /[[`<]/;

function createParser(): MarkdownIt {
  // HTML on: GitHub renders raw HTML, and HTML blocks decide what is code and what is a comment.
  // maxNesting 20 (CommonMark preset's value, not the default 100): each "[" tries a label up to
  // that many levels deep, so a file of brackets cost five times more at 100, for no real document.
  const md = markdownIt("default", { html: true, linkify: false, typographer: false, maxNesting: 20 });
  md.use(footnote);

  const link = ruleOf<InlineRule>(md.inline.ruler, "link");
  const image = ruleOf<InlineRule>(md.inline.ruler, "image");
  const backticks = ruleOf<InlineRule>(md.inline.ruler, "backticks");
  const reference = ruleOf<BlockRule>(md.block.ruler, "reference");

  const track =
    (kind: "link" | "image" | "code", rule: InlineRule): InlineRule =>
    (state, silent) => {
      const start = state.pos;
      const ok = rule(state, silent);
      const recorder = (state.env as Env).mars;
      if (ok && !silent && recorder?.block) {
        const span: Recorder["spans"][number] = {
          block: recorder.block,
          line: recorder.line,
          kind,
          start,
          end: state.pos,
        };
        if (kind !== "code") {
          const labelStart = kind === "image" ? start + 1 : start;
          // The rule consumed the label already; finding its end again is linear in the label.
          const labelEnd = md.helpers.parseLinkLabel(state, labelStart, kind === "link");
          state.pos = span.end;
          if (labelEnd >= 0) {
            const dest = destination(md, state.src, labelEnd, span.end);
            if (dest) span.dest = dest;
          }
        }
        recorder.spans.push(span);
      }
      return ok;
    };
  md.inline.ruler.at("link", track("link", link));
  md.inline.ruler.at("image", track("image", image));
  md.inline.ruler.at("backticks", track("code", backticks));
  md.block.ruler.at("reference", (state, startLine, endLine, silent) => {
    const ok = reference(state, startLine, endLine, silent);
    const recorder = (state.env as Env).mars;
    if (ok && !silent && recorder) recorder.definitions.push({ startLine, endLine: state.line });
    return ok;
  });
  // The core "inline" step, with the current block noted so tracked spans know their source.
  md.core.ruler.at("inline", (state) => {
    const recorder = (state.env as Env).mars;
    let rowLine = 0;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === "tr_open" && token.map) rowLine = token.map[0];
      if (token.type !== "inline") continue;
      // Only headings (their text), links, images, code spans and inline HTML (anchors) are read
      // from inline content; text with none of their opening characters is left unparsed.
      if (tokens[i - 1]?.type !== "heading_open" && !INLINE_READ.test(token.content)) {
        token.children ??= [];
        continue;
      }
      if (recorder) {
        recorder.block = token;
        recorder.line = token.map ? token.map[0] : rowLine;
      }
      state.md.inline.parse(token.content, state.md, state.env, token.children ?? (token.children = []));
    }
    if (recorder) recorder.block = undefined;
  });
  return md;
}

let parser: MarkdownIt | undefined;

// github-slugger keeps space, "-", "_", letters and digits of ASCII and drops the rest; the
// test checks this against it for every ASCII character.
const ASCII_ONLY = /^[\0-\x7f]*$/;
const ASCII_DROPPED = /[^ \w-]/g;

/** github-slugger's slug: ASCII titles (nearly all) without its large Unicode pattern. */
export function headingSlug(title: string): string {
  if (!ASCII_ONLY.test(title)) return githubSlug(title);
  return title.toLowerCase().replace(ASCII_DROPPED, "").replaceAll(" ", "-");
}

/** github-slugger's GithubSlugger: repeats of a slug get -1, -2, ... as GitHub numbers them. */
class Slugger {
  readonly #occurrences = new Map<string, number>();

  slug(title: string): string {
    const original = headingSlug(title);
    let result = original;
    while (this.#occurrences.has(result)) {
      const count = this.#occurrences.get(original)! + 1;
      this.#occurrences.set(original, count);
      result = `${original}-${count}`;
    }
    this.#occurrences.set(result, 0);
    return result;
  }
}

/** Offsets of line starts in the body text (line 0 is the body's first line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

class BodyText {
  readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }
  start(line: number): number {
    return this.starts[Math.min(Math.max(line, 0), this.starts.length - 1)] ?? 0;
  }
  /** End of a line's content, before its CR LF or LF. */
  end(line: number): number {
    const next = this.starts[line + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > this.start(line) && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end;
  }
  line(line: number): string {
    return this.text.slice(this.start(line), this.end(line));
  }
}

/**
 * Maps offsets in an inline token's content back to the body. Each content line is a suffix
 * of its source line (container markers and indentation removed, the ends trimmed), or, for
 * headings and table cells, a piece of it found after the previous piece on that line.
 */
function contentMapper(body: BodyText, content: string, firstLine: number, cursors: Map<number, number>) {
  const contentStarts: number[] = [];
  const bodyStarts: number[] = [];
  let at = 0;
  const lines = content.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const piece = lines[i]!;
    const lineNo = firstLine + i;
    const source = body.line(lineNo);
    const start = body.start(lineNo);
    const trimmed = source.trimEnd();
    let base: number;
    if (piece.length > 0 && source.endsWith(piece)) base = start + source.length - piece.length;
    else if (piece.length > 0 && i === lines.length - 1 && lines.length > 1 && trimmed.endsWith(piece))
      base = start + trimmed.length - piece.length;
    else {
      const from = (cursors.get(lineNo) ?? start) - start;
      const found = piece.length > 0 ? source.indexOf(piece, from) : -1;
      base = found === -1 ? start + (source.length - source.trimStart().length) : start + found;
    }
    cursors.set(lineNo, base + piece.length);
    contentStarts.push(at);
    bodyStarts.push(base);
    at += piece.length + 1;
  }
  return (offset: number): number => {
    let lo = 0;
    let hi = contentStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (contentStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return bodyStarts[lo]! + (offset - contentStarts[lo]!);
  };
}

const HTML_ANCHOR = /\b(?:id|name)[ \t]*=[ \t]*["']([^"'<>]{1,200})["']/gi;

function closingFence(line: string, markup: string): boolean {
  // Strip container markers (">" of block quotes) and indentation, then compare the fence.
  let i = 0;
  while (i < line.length && (line[i] === " " || line[i] === "\t" || line[i] === ">")) i++;
  let run = 0;
  while (i + run < line.length && line[i + run] === markup[0]) run++;
  if (run < markup.length) return false;
  return line.slice(i + run).trim() === "";
}

function headingText(children: readonly Token[]): string {
  let text = "";
  for (const child of children) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
  }
  return text;
}

/** Tokenizes a Markdown body that starts at `bodyOffset` in the file. */
export function tokenizeBody(fileText: string, bodyOffset: number): MarkdownBody {
  parser ??= createParser();
  const text = fileText.slice(bodyOffset);
  const body = new BodyText(text);
  const recorder: Recorder = { block: undefined, line: 0, spans: [], definitions: [] };
  const tokens = parser.parse(text, { mars: recorder } satisfies Env);
  const result: MarkdownBody = {
    codeBlocks: [],
    links: [],
    headings: [],
    anchors: new Set(),
    codeSpans: [],
    htmlComments: [],
  };
  const slugger = new Slugger();

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const map = token.map;
    if ((token.type === "fence" || token.type === "code_block") && map) {
      const fenced = token.type === "fence";
      const [first, next] = map;
      const codeFirst = fenced ? first + 1 : first;
      const closed = !fenced || (next - 1 > first && closingFence(body.line(next - 1), token.markup));
      const codeEnd = fenced && closed ? next - 1 : next;
      const code = token.content.endsWith("\n") ? token.content.slice(0, -1) : token.content;
      const codeLines = code === "" && codeEnd <= codeFirst ? [] : code.split("\n");
      const starts = codeLines.map((line: string, index: number) => {
        const start = body.start(codeFirst + index);
        return bodyOffset + start + Math.max(0, body.end(codeFirst + index) - start - line.length);
      });
      const info = fenced ? token.info.trim() : "";
      const word = info.split(/\s/)[0] ?? "";
      result.codeBlocks.push({
        lang: word
          .toLowerCase()
          .replace(/^\{?\.?/, "")
          .replace(/\}$/, ""),
        info,
        fenced,
        code,
        offset: bodyOffset + body.start(codeFirst),
        fenceOffset: bodyOffset + body.start(first) + (body.line(first).length - body.line(first).trimStart().length),
        end: bodyOffset + body.end(Math.max(first, next - 1)),
        closed,
        lineStarts: starts,
      });
    } else if (token.type === "heading_open" && map) {
      const inline = tokens[i + 1];
      const title = headingText(inline?.children ?? []);
      const slug = slugger.slug(title);
      result.anchors.add(slug);
      result.headings.push({
        text: title,
        slug,
        level: Number(token.tag.slice(1)),
        offset: bodyOffset + body.start(map[0]),
      });
    } else if (token.type === "html_block" && map) {
      const content = token.content;
      for (const match of content.matchAll(HTML_ANCHOR)) result.anchors.add(match[1]!);
      const start = bodyOffset + body.start(map[0]);
      const lead = body.line(map[0]).length - body.line(map[0]).trimStart().length;
      if (content.trimStart().startsWith("<!--"))
        result.htmlComments.push({ offset: start + lead, text: content.trimEnd() });
    } else if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type === "html_inline")
          for (const match of child.content.matchAll(HTML_ANCHOR)) result.anchors.add(match[1]!);
      }
    }
  }

  const mappers = new Map<Token, (offset: number) => number>();
  const cursors = new Map<number, number>();
  for (const span of recorder.spans) {
    let map = mappers.get(span.block);
    if (!map) mappers.set(span.block, (map = contentMapper(body, span.block.content, span.line, cursors)));
    const start = bodyOffset + map(span.start);
    if (span.kind === "code") {
      result.codeSpans.push([start, bodyOffset + map(span.end)]);
    } else if (span.dest) {
      const target = span.block.content.slice(span.dest[0], span.dest[1]);
      result.links.push({ target, offset: bodyOffset + map(span.dest[0]), length: target.length, kind: span.kind });
    }
  }
  for (const definition of recorder.definitions) {
    const from = body.start(definition.startLine);
    const to = body.end(definition.endLine - 1);
    const source = text.slice(from, to);
    const close = source.indexOf("]:");
    if (close === -1) continue;
    let pos = close + 2;
    while (pos < source.length && SPACE.has(source.charCodeAt(pos))) pos++;
    const parsed = parser.helpers.parseLinkDestination(source, pos, source.length);
    if (!parsed.ok || parsed.pos === pos) continue;
    const angled = source.charCodeAt(pos) === 0x3c;
    const start = angled ? pos + 1 : pos;
    const end = angled ? parsed.pos - 1 : parsed.pos;
    result.links.push({
      target: source.slice(start, end),
      offset: bodyOffset + from + start,
      length: end - start,
      kind: "definition",
    });
  }
  result.links.sort((a, b) => a.offset - b.offset);
  result.codeSpans.sort((a, b) => a[0] - b[0]);
  return result;
}
