import type { CodeBlock, SourceFile } from "../../core/types.ts";

/** Every code block (fenced or indented) of every Markdown file, with its file. */
export function* codeBlocks(files: readonly SourceFile[]): Generator<{ file: SourceFile; block: CodeBlock }> {
  for (const file of files) {
    for (const block of file.markdown?.codeBlocks ?? []) yield { file, block };
  }
}

/** File offset of a 1-based line and column inside a block's code (code lines lost their indent and container markers). */
export function blockLineOffset(file: SourceFile, block: CodeBlock, line: number, column: number): number {
  const starts = block.lineStarts;
  if (starts.length === 0) return Math.min(block.offset, file.text.length);
  const index = Math.min(Math.max(line, 1), starts.length) - 1;
  const lineText = block.code.split("\n", index + 1)[index] ?? "";
  return starts[index]! + Math.min(Math.max(column, 1) - 1, lineText.length);
}

/** File offset of an offset into a block's code. */
export function blockOffset(file: SourceFile, block: CodeBlock, codeOffset: number): number {
  const clamped = Math.max(0, Math.min(codeOffset, block.code.length));
  const before = block.code.slice(0, clamped);
  const lineBreak = before.lastIndexOf("\n");
  let line = 1;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) line++;
  return blockLineOffset(file, block, line, clamped - lineBreak);
}

/** The 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  return { line: before.split("\n").length, column: before.length - before.lastIndexOf("\n") };
}
