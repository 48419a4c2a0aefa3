import { describe, expect, it } from "vitest";
import { frontmatterPresent } from "../../scripts/rules/files/frontmatter-present.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo.", author: { name: "a" } });
const BANNER = "<!-- generated from specs/reviewer.md; do not edit -->\n\n";
const AGENT = "---\nname: reviewer\ndescription: Reviews a change. Use after an edit.\n---\n\nYou review.\n";

describe("frontmatter-present", () => {
  it("says a generator's banner above the frontmatter hides it, once for the folder", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "agents/reviewer.md": BANNER + AGENT,
      "agents/writer.md": BANNER + AGENT.replace("reviewer", "writer"),
    });
    const found = await findingsFor(root, [frontmatterPresent]);
    expect(found.map((f) => `${f.location.file} ${f.severity} ×${f.count ?? 1} ${f.message}`)).toEqual([
      "agents/reviewer.md warning ×2 an HTML comment comes before the frontmatter, which must start the file, so Claude Code does not read it and falls back to the file name and a generic description",
    ]);
  });

  it("accepts a comment placed below the frontmatter", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": AGENT + BANNER });
    expect(await findingsFor(root, [frontmatterPresent])).toEqual([]);
  });

  it("still says a file with no frontmatter at all has none", async () => {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": `${BANNER}You review.\n` });
    expect((await findingsFor(root, [frontmatterPresent])).map((f) => f.message)).toEqual([
      "no frontmatter block; Claude Code falls back to the file name and a generic description",
    ]);
  });
});
