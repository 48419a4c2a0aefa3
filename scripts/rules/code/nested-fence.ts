import type { CodeBlock, SourceFile } from "../../core/types.ts";

/** The run of backticks or tildes a line opens a fence with, when an info string follows it (read by hand: linear). */
export function openerWithInfo(line: string): string | undefined {
  const trimmed = line.trimStart();
  const char = trimmed[0];
  if (char !== "`" && char !== "~") return undefined;
  let end = 0;
  while (end < trimmed.length && trimmed[end] === char) end++;
  const info = trimmed.slice(end).trim();
  if (end < 3 || info === "" || (char === "`" && info.includes("`"))) return undefined;
  return trimmed.slice(0, end);
}
/** What may follow a fence's run on its line: a language word. */
const LANGUAGE_REST = /^[\w+.#-]*[ \t]*$/;

/** The run of fence characters a fenced block opens with (``` or ~~~~, say). */
function fenceRun(file: SourceFile, block: CodeBlock): string {
  const text = file.text;
  const char = text[block.fenceOffset];
  let end = block.fenceOffset;
  while (end < text.length && text[end] === char) end++;
  return text.slice(block.fenceOffset, end);
}

/**
 * Why the last fence of a file is left open, when an earlier slip shifted how fences pair up:
 * - `nested`: a closed fenced block holds an opening fence (with an info string, so it cannot
 *   close the block) of the same character and at least the same length; the inner block's bare
 *   closing fence then closes the outer block (three backticks around three backticks: a skill
 *   that shows a template holding code);
 * - `glued`: a fence written at the end of a line of text ("like this:```toml"), which opens
 *   nothing, so the fence meant to close it opens a block instead (text converted from HTML).
 * - `html`: a fence line right under an HTML or XML tag line with no blank line between
 *   (`<usage>` then ```bash, as prompts wrap their parts in tags): Markdown reads it as part of
 *   the HTML block the tag opens, so it opens nothing and its closing fence opens a block. The
 *   raw text pairs up, so Claude, which reads the raw text, sees the block as written.
 * - `dedent`: a block in a list item or quote is ended, unclosed, by a line indented less than
 *   its fence (a diff's "+" line at column 0): the line ends the item and the block with it, and
 *   the fence meant to close the block opens one. The raw text pairs up, as with `html`.
 * Each later fence pairs with the wrong partner and the last is left open.
 */
/** Each cause's `at` is where the slip sits: causes are ordered by it, and findings grouped by it. */
type Nested = { kind: "nested"; outer: CodeBlock; opener: string; offset: number; at: number };
type Glued = { kind: "glued"; line: string; offset: number; at: number };
type InHtml = { kind: "html"; tag: string; tagOffset: number; offset: number; at: number };
type Dedented = { kind: "dedent"; block: CodeBlock; line: string; offset: number; at: number };
export type UnclosedCause = Nested | Glued | InHtml | Dedented;

function firstNested(file: SourceFile, unclosed: CodeBlock): Nested | undefined {
  for (const block of file.markdown?.codeBlocks ?? []) {
    if (block.fenceOffset >= unclosed.fenceOffset) break;
    if (!block.fenced || !block.closed) continue;
    const run = fenceRun(file, block);
    const lines = block.code.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const inner = openerWithInfo(lines[i]!);
      if (!inner || inner[0] !== run[0] || inner.length < run.length) continue;
      return {
        kind: "nested",
        outer: block,
        opener: lines[i]!.trim(),
        offset: block.lineStarts[i] ?? block.offset,
        at: block.fenceOffset,
      };
    }
  }
  return undefined;
}

/** True when a line of text ends with a fence glued to what precedes it (read by hand: linear). */
function endsWithGluedFence(line: string): boolean {
  const at = line.lastIndexOf("```");
  if (at === -1) return false;
  let start = at;
  while (start > 0 && line[start - 1] === "`") start--;
  if (start === 0 || /\s/.test(line[start - 1]!)) return false;
  return LANGUAGE_REST.test(line.slice(at + 3));
}

/** The body's lines before `until`, each with its offsets and whether a code block holds it (read once, in order). */
function* bodyLines(
  file: SourceFile,
  until: number,
): Generator<{ line: string; start: number; end: number; inCode: boolean }> {
  const blocks = file.markdown?.codeBlocks ?? [];
  const text = file.text;
  let next = 0;
  for (let start = file.markdown?.bodyOffset ?? 0; start < until;) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    while (next < blocks.length && blocks[next]!.end < start) next++;
    const block = blocks[next];
    const inCode = block !== undefined && start >= block.fenceOffset && start <= block.end;
    yield { line: text.slice(start, end), start, end, inCode };
    if (newline === -1) return;
    start = newline + 1;
  }
}

function firstGlued(file: SourceFile, unclosed: CodeBlock): Glued | undefined {
  for (const { line, start, inCode } of bodyLines(file, unclosed.fenceOffset))
    if (!inCode && line.trim() !== "" && endsWithGluedFence(line.trimEnd()))
      return { kind: "glued", line, offset: start, at: start };
  return undefined;
}

/** A line that is only an opening HTML or XML tag (`<usage>`, `<div class="x">`); read by hand. */
function tagLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith("<") && trimmed.endsWith(">") && /^[A-Za-z]/.test(trimmed.slice(1));
}

/**
 * True when `line` opens a fence and the bare fence line meant to close it (the next one of its
 * character, at least as long) was read as the opening of a code block: the pairing shifted.
 */
function closerOpensBlock(file: SourceFile, line: string, lineEnd: number): boolean {
  const run = openerWithInfo(line);
  if (!run) return false;
  const text = file.text;
  for (let start = lineEnd + 1; start > 0 && start < text.length;) {
    const newline = text.indexOf("\n", start);
    const candidate = text.slice(start, newline === -1 ? text.length : newline);
    const trimmed = candidate.trim();
    if (trimmed.length >= run.length && trimmed === run[0]!.repeat(trimmed.length)) {
      const offset = start + candidate.length - candidate.trimStart().length;
      return (file.markdown?.codeBlocks ?? []).some((block) => block.fenceOffset === offset);
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return false;
}

/** Fence lines under tag lines looked at before giving up on this cause (a crafted file holds thousands). */
const MAX_HTML_CANDIDATES = 16;

/**
 * The first fence line outside every code block before `unclosed`: Markdown read it as part of
 * an HTML block, when the lines above it, up to a blank one, start with a tag line.
 */
function firstInHtml(file: SourceFile, unclosed: CodeBlock): InHtml | undefined {
  let paragraph: { line: string; offset: number } | undefined;
  let candidates = 0;
  for (const { line, start, end, inCode } of bodyLines(file, unclosed.fenceOffset)) {
    if (inCode || line.trim() === "") paragraph = undefined;
    else if (paragraph === undefined) paragraph = { line, offset: start };
    else if (tagLine(paragraph.line) && openerWithInfo(line)) {
      // Each look for the closer may read to the end of the file: a few candidates keep it linear.
      if (++candidates > MAX_HTML_CANDIDATES) return undefined;
      if (closerOpensBlock(file, line, end)) {
        const offset = start + line.length - line.trimStart().length;
        return { kind: "html", tag: paragraph.line.trim(), tagOffset: paragraph.offset, offset, at: offset };
      }
    }
  }
  return undefined;
}

/** The first fenced block, up to `unclosed`, that a line outside it ended before the end of the file. */
function firstDedented(file: SourceFile, unclosed: CodeBlock): Dedented | undefined {
  for (const block of file.markdown?.codeBlocks ?? []) {
    if (block.fenceOffset >= unclosed.fenceOffset) break;
    const cause = dedented(file, block);
    if (cause) return cause;
  }
  return undefined;
}

/** The dedented line that ended an unclosed fenced block before the end of the file, if one did. */
function dedented(file: SourceFile, block: CodeBlock): Dedented | undefined {
  if (!block.fenced || block.closed) return undefined;
  const text = file.text;
  const start = text.indexOf("\n", block.end) + 1;
  // Only blank lines after it: the block ran to the end of the file.
  const visible = /\S/g;
  visible.lastIndex = start;
  if (start === 0 || !visible.test(text)) return undefined;
  const newline = text.indexOf("\n", start);
  const line = text.slice(start, newline === -1 ? text.length : newline);
  return { kind: "dedent", block, line, offset: start, at: block.fenceOffset };
}

/** The earliest slip that left `unclosed` open, when one is found. */
export function unclosedCause(file: SourceFile, unclosed: CodeBlock): UnclosedCause | undefined {
  // A block ended early by a dedented line is its own cause; one left open at the end of the file has an earlier one.
  const own = dedented(file, unclosed);
  if (own) return own;
  const causes = [
    firstNested(file, unclosed),
    firstGlued(file, unclosed),
    firstInHtml(file, unclosed),
    firstDedented(file, unclosed),
  ].filter((cause) => cause !== undefined);
  return causes.sort((a, b) => a.at - b.at)[0];
}

/** Delimiters of strings that span lines, by fence language family. */
const MULTILINE_STRINGS: Readonly<Record<"python" | "script", readonly string[]>> = {
  python: ['"""', "'''"],
  script: ["`"],
};

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * True when a fence line inside a block's code (in a multi-line string that shows Markdown)
 * closed the block early: the code leaves a string open, the line right after the closing fence
 * goes on without a blank line, and the string's delimiter comes within the next lines. The rest
 * of the code then renders as text.
 */
export function cutByInnerFence(file: SourceFile, block: CodeBlock, family: "python" | "script"): boolean {
  const text = file.text;
  const lineEnd = text.indexOf("\n", block.end + 1);
  const next = text.slice(block.end + 1, lineEnd === -1 ? text.length : lineEnd);
  if (next.trim() === "") return false;
  let stretchEnd = block.end;
  for (let i = 0; i < 40 && stretchEnd !== -1; i++) stretchEnd = text.indexOf("\n", stretchEnd + 1);
  const stretch = text.slice(block.end, stretchEnd === -1 ? text.length : stretchEnd);
  return MULTILINE_STRINGS[family].some(
    (delimiter) => occurrences(block.code, delimiter) % 2 === 1 && stretch.includes(delimiter),
  );
}
