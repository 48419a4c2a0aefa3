import fc from "fast-check";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { splitFrontmatter } from "../../scripts/core/markdown.ts";

/** What gray-matter 4 (the split Claude Code's own reading follows) makes of a text: the block it parses, and where the body starts. */
function grayMatter(text: string): { raw: string | undefined; bodyOffset: number } {
  let raw: string | undefined;
  const file = matter(text, {
    engines: {
      yaml: (block: string) => {
        raw = block;
        return {};
      },
    },
  }) as { content: string };
  return { raw, bodyOffset: text.length - file.content.length };
}

// Pieces that decide where the split falls: delimiters, line ends of every kind, blanks and comments.
const piece = fc.constantFrom(
  "---",
  "--",
  "-",
  "\n",
  "\r\n",
  "\r",
  "\u2028",
  " ",
  "\t",
  "#",
  "# c",
  "a: 1",
  "x",
  "\u00a0",
);
const opening = fc.constantFrom("", " ", "\t", " \t ", "\u00a0");

describe("the frontmatter split", () => {
  it("finds the block and the body where gray-matter does", () => {
    fc.assert(
      fc.property(
        opening,
        fc.array(piece, { maxLength: 24 }),
        fc.array(piece, { maxLength: 8 }),
        (blank, inner, after) => {
          const text = `---${blank}\n${inner.join("")}\n---${after.join("")}`;
          const ours = splitFrontmatter(text);
          const theirs = grayMatter(text);
          expect(ours.bodyOffset).toBe(theirs.bodyOffset);
          expect(ours.empty ? undefined : ours.raw).toBe(theirs.raw);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("treats blank and comment lines as an empty block, and a lone # as content", () => {
    expect(splitFrontmatter("---\n# only a note\n  \n---\nbody").empty).toBe(true);
    expect(splitFrontmatter("---\n#\n---\nbody").empty).toBe(false);
    expect(splitFrontmatter("---\r\n#\r\n---\r\nbody")).toEqual({ raw: "\r\n#\r", empty: true, bodyOffset: 13 });
    // The close may open a longer run of dashes; the body starts right after its three.
    expect(splitFrontmatter("---\na: 1\n----x\nbody")).toEqual({ raw: "\na: 1", empty: false, bodyOffset: 12 });
  });
});
