import { describe, expect, it } from "vitest";
import { schemaRules } from "../../scripts/rules/schema/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const agent = (name: string, color: string) =>
  `---\nname: ${name}\ndescription: Use when ${name}.\ncolor: "${color}"\n---\n\nBody.\n`;

describe("agent-frontmatter-schema: color values", () => {
  it("counts hex colors across agents as one finding, and keeps another kind of slip apart", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", description: "d" }),
      "agents/a.md": agent("a", "#8E44AD"),
      "agents/b.md": agent("b", "#7D3C98"),
      "agents/c.md": agent("c", "magenta"),
      "agents/d.md": agent("d", "blue"),
    });
    const found = (await findingsFor(root, schemaRules)).filter((f) => f.ruleId === "agent-frontmatter-schema");
    expect(
      found.map((f) => `${f.location.file} ${/^"([^"]*)"/.exec(f.message)?.[1]} ×${1 + (f.related?.length ?? 0)}`),
    ).toEqual(["agents/a.md #8E44AD ×2", "agents/c.md magenta ×1"]);
  });
});
