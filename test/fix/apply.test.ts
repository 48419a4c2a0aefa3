import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Fix, TextEdit } from "../../scripts/core/types.ts";
import { applyFixes } from "../../scripts/fix/apply.ts";

const edit = (start: number, end: number, text: string, description = "edit"): Fix => ({
  kind: "edit",
  file: "a.json",
  edits: [{ start, end, text }],
  description,
});

/** Random text and edits inside it, some of them overlapping. */
const textWithEdits = fc.string({ maxLength: 60 }).chain((text) =>
  fc.tuple(
    fc.constant(text),
    fc.array(
      fc
        .tuple(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 4 }))
        .map(([a, b, insert]): TextEdit => ({ start: Math.min(a, b), end: Math.max(a, b), text: insert })),
      { maxLength: 6 },
    ),
  ),
);

describe("applyFixes", () => {
  it("changes only the spans of the fixes it applies, and applies no two that overlap or touch", () => {
    fc.assert(
      fc.property(textWithEdits, ([text, edits]) => {
        const fixes = edits.map((e, i) => edit(e.start, e.end, e.text, `fix ${i}`));
        const result = applyFixes({ text, hasBom: false }, fixes);
        const applied = result.applied.flatMap((f) => (f.kind === "edit" ? f.edits : []));
        for (const [i, a] of applied.entries())
          for (const b of applied.slice(i + 1)) expect(a.end < b.start || b.end < a.start).toBe(true);
        expect(result.applied.length + result.deferred.length).toBe(fixes.length);
        // Rebuild the text from the untouched pieces and the replacements, in order.
        const sorted = [...applied].sort((a, b) => a.start - b.start);
        let rebuilt = "";
        let from = 0;
        for (const e of sorted) {
          rebuilt += text.slice(from, e.start) + e.text;
          from = e.end;
        }
        expect(result.text).toBe(rebuilt + text.slice(from));
      }),
    );
  });

  it("applies the first of two overlapping fixes in text order and defers the other to the next pass", () => {
    const first = edit(2, 5, "X");
    const second = edit(4, 6, "Y");
    const result = applyFixes({ text: "0123456789", hasBom: false }, [second, first]);
    expect(result.text).toBe("01X56789");
    expect(result.applied).toEqual([first]);
    expect(result.deferred).toEqual([second]);
  });

  it("applies every edit of one fix together, as one change", () => {
    const quote: Fix = {
      kind: "edit",
      file: "a.json",
      edits: [
        { start: 8, end: 8, text: '\\"' },
        { start: 3, end: 3, text: '\\"' },
      ],
      description: "quote",
    };
    expect(applyFixes({ text: "cd $ROOT/x && ls", hasBom: false }, [quote]).text).toBe('cd \\"$ROOT\\"/x && ls');
  });

  it("removes a byte order mark once, and ignores an edit that reaches outside the text", () => {
    const bom: Fix = { kind: "remove-bom", file: "a.json", description: "remove the byte order mark" };
    const result = applyFixes({ text: "{}", hasBom: true }, [bom, bom, edit(1, 9, "x")]);
    expect(result).toMatchObject({ text: "{}", hasBom: false, applied: [bom] });
  });
});
