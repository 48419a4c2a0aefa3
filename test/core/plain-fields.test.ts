import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import markdownIt from "markdown-it";
import { afterAll, describe, expect, it } from "vitest";
import { plainFieldSource, plainFields } from "../../scripts/bin/plain-fields.js";
import { tempDir } from "../helpers/repo.ts";

const scratch = tempDir("mars-plain-fields-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const source = fs.readFileSync(
  path.join(path.dirname(createRequire(import.meta.url).resolve("markdown-it")), "markdown-it.mjs"),
  "utf8",
);

/** markdown-it bundled as the validator's bundles bundle it. */
async function bundledMarkdownIt(): Promise<typeof markdownIt> {
  const entry = path.join(scratch, "entry.mjs");
  fs.writeFileSync(entry, 'export { default } from "markdown-it";\n');
  const outfile = path.join(scratch, "markdown-it.bundle.mjs");
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    nodePaths: [path.resolve("node_modules")],
    plugins: [plainFields()],
    logLevel: "silent",
  });
  const bundle = fs.readFileSync(outfile, "utf8");
  expect(bundle).not.toContain("_defineProperty(");
  return ((await import(pathToFileURL(outfile).href)) as { default: typeof markdownIt }).default;
}

describe("markdown-it with plain field stores", () => {
  it("rewrites every field store of the installed markdown-it", () => {
    const rewritten = plainFieldSource(source);
    expect(rewritten).toBeDefined();
    expect(rewritten).not.toMatch(/_defineProperty\(\s*(?:this|MarkdownIt)\b/);
    expect(rewritten).toContain("(this.map =");
  });

  it("leaves a markdown-it whose helper it does not recognise alone", () => {
    expect(
      plainFieldSource(source.replace("function _defineProperty(e, r, t)", "function _defineProperty(a, b, c)")),
    ).toBe(undefined);
  });

  it("parses the repository's Markdown into the same tokens as the stock build", async () => {
    const plain = await bundledMarkdownIt();
    const options = { html: true, linkify: false, typographer: false, maxNesting: 20 } as const;
    const stock = markdownIt("default", options);
    const patched = plain("default", options);
    const documents = ["README.md", "CHANGELOG.md", ...fs.readdirSync("agents").map((f) => path.join("agents", f))]
      .filter((f) => f.endsWith(".md"))
      .map((f) => fs.readFileSync(f, "utf8"));
    expect(documents.length).toBeGreaterThan(3);
    for (const text of documents) {
      const tokens = patched.parse(text, {});
      expect(tokens.length).toBeGreaterThan(0);
      expect(JSON.stringify(tokens)).toBe(JSON.stringify(stock.parse(text, {})));
      expect(Object.keys(tokens[0]!)).toEqual(Object.keys(stock.parse(text, {})[0]!));
    }
  });
});
