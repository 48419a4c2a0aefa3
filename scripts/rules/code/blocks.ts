import type { CodeBlock, SourceFile } from "../../core/types.ts";

/** Every fenced code block of every Markdown file, with its file. */
export function* codeBlocks(files: readonly SourceFile[]): Generator<{ file: SourceFile; block: CodeBlock }> {
  for (const file of files) {
    for (const block of file.markdown?.codeBlocks ?? []) yield { file, block };
  }
}

/** Indentation of the opening fence: the scanner strips up to this much from every code line. */
function fenceIndent(file: SourceFile, block: CodeBlock): number {
  return /^[ \t]*/.exec(file.text.slice(block.fenceOffset, block.fenceOffset + 200))?.[0].length ?? 0;
}

/** File offset of a 1-based line and column inside a block's code (the code lines may have lost their indent). */
export function blockLineOffset(file: SourceFile, block: CodeBlock, line: number, column: number): number {
  const start = Math.min(block.offset, file.text.length);
  const firstLine = file.lines.position(start).line;
  const fileLine = Math.min(firstLine + Math.max(line, 1) - 1, file.lines.lineCount);
  const raw = file.lines.line(fileLine);
  const stripped = Math.min(fenceIndent(file, block), raw.length - raw.trimStart().length);
  return file.lines.offsetOf(fileLine) + Math.min(stripped + Math.max(column, 1) - 1, raw.length);
}

/** File offset of an offset into a block's code. */
export function blockOffset(file: SourceFile, block: CodeBlock, codeOffset: number): number {
  const before = block.code.slice(0, Math.max(0, Math.min(codeOffset, block.code.length)));
  const lineBreak = before.lastIndexOf("\n");
  const line = before.split("\n").length;
  return blockLineOffset(file, block, line, before.length - lineBreak);
}

/** The 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  return { line: before.split("\n").length, column: before.length - before.lastIndexOf("\n") };
}
