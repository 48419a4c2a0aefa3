import { describe, expect, it } from "vitest";
import { skillLayout } from "../../scripts/rules/components/skill-layout.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const manifest = (name: string) => JSON.stringify({ name, version: "1.0.0", description: "d", author: { name: "a" } });

describe("skill-layout: one cause, said once", () => {
  it("groups folders of one name without SKILL.md across plugins (a scaffold's leftover) into one finding", async () => {
    const root = writeTree({
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "m",
        owner: { name: "o" },
        description: "d",
        plugins: ["a", "b", "c"].map((name) => ({ name, source: `./plugins/${name}` })),
      }),
      ...Object.fromEntries(
        ["a", "b", "c"].flatMap((name) => [
          [`plugins/${name}/.claude-plugin/plugin.json`, manifest(name)],
          [`plugins/${name}/skills/skill-adapter/assets/README.md`, "# Assets\n"],
        ]),
      ),
      "plugins/a/skills/other/notes.md": "# Notes\n",
    });
    const found = (await findingsFor(root, [skillLayout])).map((f) => [f.location.file, f.count ?? 1]);
    expect(found).toEqual([
      ["plugins/a/skills/other/notes.md", 1],
      ["plugins/a/skills/skill-adapter/assets/README.md", 3],
    ]);
  });
});

describe("skill-layout: skills sorted into a category folder", () => {
  it("reports the folder once, counting its skills", async () => {
    const skill = (name: string) => `---\nname: ${name}\ndescription: Does ${name}. Use when asked.\n---\n\nBody.\n`;
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "kit", version: "1.0.0", description: "d" }),
      "skills/debugging/tracing/SKILL.md": skill("tracing"),
      "skills/debugging/bisect/SKILL.md": skill("bisect"),
      "skills/ok/SKILL.md": skill("ok"),
    });
    const found = await findingsFor(root, [skillLayout]);
    expect(found.map((f) => `${f.location.file} ×${f.count ?? 1}`)).toEqual(["skills/debugging/bisect/SKILL.md ×2"]);
  });
});

describe("skill-layout: a folder of code beside the skills", () => {
  it("leaves a library the skills' scripts import alone, and still reports a folder with Markdown but no SKILL.md", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest("flow"),
      "skills/ship/SKILL.md":
        "---\nname: ship\ndescription: Ships a feature. Use when a feature is done.\n---\n\nRun the script.\n",
      "skills/shared/lib/__init__.py": "",
      "skills/shared/lib/models.py": "class Feature:\n    pass\n",
      "skills/draft/notes.md": "# Draft skill\n",
    });
    const found = await findingsFor(root, [skillLayout]);
    expect(found.map((f) => f.location.file)).toEqual(["skills/draft/notes.md"]);
  });
});
