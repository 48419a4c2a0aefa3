import fc from "fast-check";
import GithubSlugger, { slug } from "github-slugger";
import { describe, expect, it } from "vitest";
import { headingSlug, tokenizeBody } from "../../scripts/core/markdown-body.ts";

describe("heading slugs", () => {
  it("match github-slugger for every ASCII character", () => {
    for (let code = 0; code < 128; code++) {
      const char = String.fromCharCode(code);
      expect(headingSlug(`A${char}b`), `character ${code}`).toBe(slug(`A${char}b`));
    }
  });

  it("match github-slugger on any title, ASCII or not", () => {
    const title = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
    fc.assert(
      fc.property(title, (text) => {
        expect(headingSlug(text)).toBe(slug(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("number repeated headings as GithubSlugger does", () => {
    const titles = ["Setup", "Setup", "Setup 1", "setup-1", "Setup", "Résumé", "Résumé", "a b", "a-b", "a  b"];
    const body = titles.map((t) => `## ${t}\n`).join("\n");
    const slugger = new GithubSlugger();
    expect(tokenizeBody(body, 0).headings.map((h) => h.slug)).toEqual(titles.map((t) => slugger.slug(t)));
  });
});
