import { describe, expect, it } from "vitest";
import { descriptionLength } from "../../scripts/rules/components/description-length.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "kit", version: "1.0.0", description: "d", author: { name: "a" } });
const skill = (name: string, description: string) =>
  `---\nname: ${name}\ndescription: ${description}\nauthor: Someone\n---\n\nThe body.\n`;

describe("description-length: empty descriptions", () => {
  it("names an unfilled block scalar as the cause, once for the plugin", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "skills/a/SKILL.md": skill("a", ">-"),
      "skills/b/SKILL.md": skill("b", "|"),
    });
    const found = await findingsFor(root, [descriptionLength]);
    expect(found.map((f) => `${f.location.file} ×${f.count ?? 1} ${f.message.split(":")[0]}`)).toEqual([
      'skills/a/SKILL.md ×2 description ">-" has no indented lines under it, so it is empty',
    ]);
  });

  it("still says plainly that an empty quoted description is empty", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "skills/a/SKILL.md": skill("a", '""') });
    expect((await findingsFor(root, [descriptionLength])).map((f) => f.message.split(",")[0])).toEqual([
      "empty description",
    ]);
  });
});
