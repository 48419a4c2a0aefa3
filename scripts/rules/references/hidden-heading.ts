import { headingSlug } from "../../core/markdown-body.ts";
import type { Project, SourceFile } from "../../core/types.ts";

/** The start of an ATX heading line: up to three spaces, one to six #, then a blank. */
const ATX_START = /^ {0,3}#{1,6}[ \t]+/;

/** A heading line's title: what follows the #s, without a closing run of # (read by hand: linear). */
function titleOf(rest: string): string {
  const title = rest.trimEnd();
  let end = title.length;
  while (end > 0 && title[end - 1] === "#") end--;
  if (end === title.length) return title;
  return end === 0 || title[end - 1] === " " || title[end - 1] === "\t" ? title.slice(0, end).trimEnd() : title;
}

/**
 * Why a #fragment finds no heading when the file has a line that looks like one with that slug:
 * the line is not a heading where GitHub renders it. Inside a code block it is code; otherwise it
 * sits in an HTML block, as a heading right under a line such as `<EXTREMELY-IMPORTANT>` does
 * (an HTML block runs to the next blank line), and renders as text without an anchor.
 */
export function hiddenHeadingHint(project: Project, file: SourceFile, fragment: string): string | undefined {
  const text = file.text;
  const spans = project.index.fencedSpans(file);
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const content = text.slice(start, end);
    const opener = ATX_START.exec(content);
    if (opener && headingSlug(titleOf(content.slice(opener[0].length))) === fragment) {
      const inCode = spans.some(([from, to]) => start >= from && start < to);
      return inCode
        ? `line ${line} looks like that heading but sits inside a code block, which makes no anchor`
        : `line ${line} looks like that heading but is not one where the file is rendered: it sits in an HTML block (a line such as <TAG> right above it, with no blank line between), which runs to the next blank line; put a blank line after the HTML line`;
    }
    if (newline === -1) break;
    start = newline + 1;
    line++;
  }
  return undefined;
}
