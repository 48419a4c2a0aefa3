import type { CodeBlock, SourceFile } from "../../core/types.ts";

/** The run of backticks or tildes a line opens a fence with, when an info string follows it (read by hand: linear). */
function openerWithInfo(line: string): string | undefined {
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
 * Each later fence pairs with the wrong partner and the last is left open.
 */
type Nested = { kind: "nested"; outer: CodeBlock; opener: string; offset: number };
type Glued = { kind: "glued"; line: string; offset: number };
export type UnclosedCause = Nested | Glued;

function firstNested(file: SourceFile, unclosed: CodeBlock): Nested | undefined {
  for (const block of file.markdown?.codeBlocks ?? []) {
    if (block.fenceOffset >= unclosed.fenceOffset) break;
    if (!block.fenced || !block.closed) continue;
    const run = fenceRun(file, block);
    const lines = block.code.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const inner = openerWithInfo(lines[i]!);
      if (!inner || inner[0] !== run[0] || inner.length < run.length) continue;
      return { kind: "nested", outer: block, opener: lines[i]!.trim(), offset: block.lineStarts[i] ?? block.offset };
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

function firstGlued(file: SourceFile, unclosed: CodeBlock): Glued | undefined {
  const blocks = file.markdown?.codeBlocks ?? [];
  const text = file.text;
  const body = file.markdown?.bodyOffset ?? 0;
  let next = 0;
  for (let start = body; start < unclosed.fenceOffset;) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    while (next < blocks.length && blocks[next]!.end < start) next++;
    const block = blocks[next];
    const inCode = block !== undefined && start >= block.fenceOffset && start <= block.end;
    const line = text.slice(start, end);
    if (!inCode && line.trim() !== "" && endsWithGluedFence(line.trimEnd()))
      return { kind: "glued", line, offset: start };
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** The earliest slip that left `unclosed` open, when one is found. */
export function unclosedCause(file: SourceFile, unclosed: CodeBlock): UnclosedCause | undefined {
  const nested = firstNested(file, unclosed);
  const glued = firstGlued(file, unclosed);
  if (nested && glued) return glued.offset < nested.outer.fenceOffset ? glued : nested;
  return nested ?? glued;
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
