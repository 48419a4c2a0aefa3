import { describe, expect, it } from "vitest";
import { flowDepthExceeded, parseYaml, parseYamlBlock } from "../../scripts/core/yaml-text.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "x", version: "1.0.0", description: "d", author: { name: "a" } });

function plugin(files: Record<string, string>): string {
  return writeTree({ ".claude-plugin/plugin.json": MANIFEST, ...files });
}

describe("a budget turns runaway input into a located 'too large to check' finding", () => {
  it("YAML nested past 256 flow levels is one error at the level, never a stack overflow", async () => {
    const title = "{{".repeat(200_000);
    expect(flowDepthExceeded(`a: ${title}`)).toBe(3 + 256);
    expect(parseYaml(`a: ${title}`).issues.map((i) => i.code)).toEqual(["TOO_DEEP"]);
    const root = plugin({
      "skills/s/SKILL.md":
        "---\nname: s\ndescription: Uses the spec. Use when asked.\n---\n\nSee [spec](openapi.yaml).\n",
      "skills/s/openapi.yaml": `openapi: 3.1.0\ninfo:\n  title: ${title}\n`,
    });
    const yaml = (await findingsFor(root)).filter((f) => f.location.file === "skills/s/openapi.yaml");
    expect(yaml.map((f) => [f.ruleId, f.location.start.line, f.message])).toEqual([
      [
        "yaml-syntax",
        3,
        "flow collections nest more than 256 levels deep here; too large to check, so the YAML was not parsed",
      ],
    ]);
  });

  it("a document lists its first 100 syntax errors and counts the rest", () => {
    const issues = parseYaml('"'.repeat(1_001)).issues;
    expect(issues).toHaveLength(101);
    expect(issues[100]!.message).toMatch(/^\d+ more YAML errors after this one are not listed$/);
    expect(issues.slice(0, 100).every((i) => i.message !== "")).toBe(true);
  });

  it("a code block over 128 KiB is a note that it was not checked, and is not parsed", async () => {
    const block = '"'.repeat(130 * 1024);
    expect(parseYamlBlock(block)).toEqual({ errors: [], docs: [] });
    const root = plugin({
      "skills/s/SKILL.md": `---\nname: s\ndescription: Shows YAML. Use when asked.\n---\n\n\`\`\`yaml\n${block}\n\`\`\`\n`,
    });
    const blocks = (await findingsFor(root)).filter((f) => f.ruleId === "code-block-syntax");
    expect(blocks.map((f) => [f.severity, f.location.start.line, f.message])).toEqual([
      ["note", 6, '"yaml" code block of 130 KiB is too large to check (limit 128 KiB)'],
    ]);
  });

  it("frontmatter over 128 KiB is one located warning, and its fields are not read", async () => {
    const root = plugin({
      "agents/a.md": `---\nname: a\ndescription: d\ntools: ${'"curl "'.repeat(20_000)}\n---\nBody.\n`,
    });
    const found = (await findingsFor(root)).filter((f) => f.location.file === "agents/a.md");
    expect(found.map((f) => [f.ruleId, f.severity, f.location.start.line, f.message])).toEqual([
      [
        "frontmatter-syntax",
        "warning",
        1,
        "the frontmatter is 137 KiB, too large to check (limit 128 KiB), so its fields were not read",
      ],
    ]);
  });

  it("a tools list of thousands of entries is judged up to 1,000 entries and says so", async () => {
    const tools = Array.from({ length: 1_500 }, (_, i) => `Nope${i}`).join(", ");
    const root = plugin({
      "agents/a.md": `---\nname: a\ndescription: Does a. Use when asked.\ntools: ${tools}\n---\nBody.\n`,
    });
    const found = (await findingsFor(root)).filter((f) => f.ruleId === "tool-names-valid");
    expect(found.filter((f) => f.message.startsWith('"tools" lists'))).toHaveLength(1);
    expect(found.find((f) => f.message.startsWith('"tools" lists'))!.message).toBe(
      '"tools" lists 1500 entries; too many to check, so only the first 1000 were',
    );
    const unknown = found.filter((f) => f.message.startsWith("unknown tool"));
    expect(unknown.reduce((n, f) => n + (f.count ?? 1), 0)).toBe(1_000);
  });
});
