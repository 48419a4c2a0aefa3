import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatedPaths } from "../../scripts/generate/generate.ts";
import { replaceRegions, scanRegions } from "../../scripts/generate/regions.ts";
import { growthFor64xInput } from "../helpers/linear.ts";

const NOTE = "(npm run build writes this; edit scripts/catalog)";
const begin = (id: string) => `<!-- generated:begin ${id} ${NOTE} -->`;
const end = (id: string) => `<!-- generated:end ${id} -->`;
const REGION = `${begin("inventory")}\nold table\n${end("inventory")}\n`;

/** The region ids found, or the problems when there are any. */
function found(text: string, frontmatter?: boolean): string[] {
  const scan = scanRegions(text, frontmatter === undefined ? {} : { frontmatter });
  if (scan.problems.length) return scan.problems.map((p) => `problem: ${p.message}`);
  return [...scan.regions.keys()];
}

describe("the repository's own generated files", () => {
  it.each(generatedPaths().filter((f) => f.endsWith(".md")))("%s: every region found, no problem", (file) => {
    const text = fs.readFileSync(path.resolve(file), "utf8");
    const scan = scanRegions(text, { frontmatter: file !== "README.md" });
    expect(scan.problems).toEqual([]);
    const expected = [...text.matchAll(/^(?:<!--|#) generated:begin ([\w-]+)/gm)].map((m) => m[1]);
    expect([...scan.regions.keys()]).toEqual(expected);
    expect(scan.regions.size).toBeGreaterThan(0);
  });
});

describe("marker examples are text, not markers", () => {
  const example = `${begin("inventory")}\n${end("inventory")}`;
  it.each([
    ["a fence with an info string", `\`\`\`js\n${example}\n\`\`\`\n`],
    ["a fence with an info string and attributes", `\`\`\`html {title="x"}\n${example}\n\`\`\`\n`],
    ["a tilde fence", `~~~markdown\n${example}\n~~~\n`],
    ["a longer fence holding a shorter one", `\`\`\`\`md\n\`\`\`\n${example}\n\`\`\`\n\`\`\`\`\n`],
    ["an indented fence", `  \`\`\`\n  ${example.replace("\n", "\n  ")}\n  \`\`\`\n`],
    ["an indented code block", `Example:\n\n    ${example.replace("\n", "\n    ")}\n`],
    ["a tab-indented code block", `Example:\n\n\t${example.replace("\n", "\n\t")}\n`],
    ["code spans", `\`${begin("inventory")}\`\n\n\`${end("inventory")}\`\n`],
    ["a code span over two lines", `Write \`<!--\ngenerated:begin inventory -->\` to start.\n`],
    ["inline HTML in a paragraph", `Write ${begin("inventory")} and ${end("inventory")} around it.\n`],
  ])("%s", (_name, snippet) => {
    const text = `# Title\n\n${snippet}\n${REGION}`;
    expect(found(text)).toEqual(["inventory"]);
    const region = scanRegions(text).regions.get("inventory")!;
    expect(text.slice(region.contentStart, region.contentEnd)).toBe("old table\n");
  });

  it("a fence that is never closed hides everything after it", () => {
    expect(found(`\`\`\`js\n${REGION}`)).toEqual([]);
  });

  it("a file that starts with a --- thematic break has no frontmatter, and its fences still count", () => {
    const text = `---\n\nIntro.\n\n\`\`\`js\n${begin("rules")}\n${end("rules")}\n\`\`\`\n\n${REGION}`;
    expect(found(text)).toEqual(["inventory"]);
    expect(found(text, false)).toEqual(["inventory"]);
  });

  it("with frontmatter off, markers between two leading --- rules are Markdown markers", () => {
    const text = `---\n${REGION}---\n\nText\n`;
    expect(found(text, false)).toEqual(["inventory"]);
    expect(found(text)[0]).toMatch(/in the YAML frontmatter; use "# generated:/);
  });

  it("a # generated: line in a YAML block scalar or a quoted string is not a marker", () => {
    const text = `---\ndescription: |\n  # generated:begin tools\n  text\nnote: "a\n  # generated:end tools"\n# generated:begin tools\ntools: Read\n# generated:end tools\n---\n\nBody\n`;
    expect(found(text)).toEqual(["tools"]);
    const region = scanRegions(text).regions.get("tools")!;
    expect(region.inFrontmatter).toBe(true);
    expect(text.slice(region.contentStart, region.contentEnd)).toBe("tools: Read\n");
  });

  it("a # generated: comment in a shell code block of the body is not a marker", () => {
    expect(found(`# Title\n\n\`\`\`bash\n# generated:begin tools\nls\n\`\`\`\n${REGION}`)).toEqual(["inventory"]);
  });
});

describe("misplaced markers are problems, so the build refuses", () => {
  it.each([
    ["in a list", `- ${begin("inventory")}\n- ${end("inventory")}\n`, /inside a list, quote or footnote/],
    ["in a block quote", `> ${begin("inventory")}\n> ${end("inventory")}\n`, /inside a list, quote or footnote/],
    ["in a footnote", `[^1]: ${begin("inventory")}\n`, /inside a list, quote or footnote/],
    ["inside an HTML block", `<div>\n${begin("inventory")}\n</div>\n`, /inside an HTML block that starts 1 line above/],
    [
      "inside an unclosed comment",
      `<!-- note\n\n${begin("inventory")}\n`,
      /inside an HTML comment that opens 2 lines above/,
    ],
    ["with text after it", `${begin("inventory")} trailing\n`, /malformed/],
    ["without an id", `<!-- generated:begin -->\n`, /malformed/],
    ["without its closing -->", `<!-- generated:begin inventory\n\ntext\n`, /malformed/],
    ["as a Markdown heading", `# generated:begin inventory\n`, /belongs in the YAML frontmatter/],
  ])("%s", (_name, snippet, message) => {
    const problems = scanRegions(`# Title\n\n${snippet}`).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(message);
  });

  it("an HTML marker inside the frontmatter", () => {
    const problems = scanRegions(`---\n${begin("tools")}\n${end("tools")}\n---\n`).problems;
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/in the YAML frontmatter; use "# generated:/),
      expect.stringMatching(/in the YAML frontmatter; use "# generated:/),
    ]);
  });

  it("a region that begins in the frontmatter and ends in the body", () => {
    const problems = scanRegions(`---\n# generated:begin tools\n---\n\n${end("tools")}\n`).problems;
    expect(problems.map((p) => p.message)).toEqual(['region "tools" begins in the frontmatter but ends in the body']);
  });

  it("a # generated: comment after a value on the same line", () => {
    const problems = scanRegions(`---\ntools: Read # generated:begin tools\n---\n`).problems;
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/malformed/)]);
  });
});

describe("offsets", () => {
  it("are right with CRLF line ends, a BOM and a lone CR", () => {
    const text = `\uFEFF---\r\n# generated:begin tools\r\ntools: Read\r\n# generated:end tools\r\n---\r\nA\rB\r\n${REGION.replace(/\n/g, "\r\n")}`;
    const scan = scanRegions(text);
    expect(scan.problems).toEqual([]);
    expect(text.slice(scan.regions.get("tools")!.contentStart, scan.regions.get("tools")!.contentEnd)).toBe(
      "tools: Read\r\n",
    );
    const rebuilt = replaceRegions(text, scan.regions, { tools: "tools: Grep\n", inventory: "new\n" }, "\r\n");
    expect(rebuilt).toBe(text.replace("tools: Read", "tools: Grep").replace("old table", "new"));
  });

  it("report each problem where it is", () => {
    const text = `# T\n\n${begin("inventory")}\n\n- ${end("inventory")}\n`;
    const problems = scanRegions(text).problems;
    expect(problems.map((p) => text.slice(p.offset, p.offset + 4))).toEqual(["- <!", "<!--"]);
  });
});

// 64 times the input may cost about 64 times the time (a little more once the input outgrows
// the caches); a quadratic scan costs 4,096 times. The bound (512) sits eight times from both,
// so neither the machine's speed nor other processes competing for it decide the result. The
// suite runs files side by side, so one measurement can still land on a busy moment: a case is
// measured again up to twice, which a quadratic scan, eight times over the bound, never passes.
describe("linear time on hostile input", { retry: 2 }, () => {
  it.each([
    [
      "a marker line that runs on in spaces (the reported hang)",
      (n: number) => `<!-- generated:begin inventory${" ".repeat(n)}`,
    ],
    ["the same, then text", (n: number) => `<!-- generated:begin inventory${" ".repeat(n)}x -->\n`],
    [
      "a frontmatter marker that runs on in spaces",
      (n: number) => `---\n# generated:begin tools${" ".repeat(n)}\n---\n`,
    ],
    ["marker-like lines inside one HTML block", (n: number) => `<div>\n${`${begin("x")}\n`.repeat(n / 60)}`],
    ["an attribute list that never closes", (n: number) => `<a${" b=c".repeat(n / 4)}`],
    ["brackets and parentheses", (n: number) => `${"[".repeat(n / 3)}${"](".repeat(n / 3)}`],
  ])("%s", (_name, make) => {
    expect(growthFor64xInput(make, scanRegions)).toBeLessThan(512);
  });
});
