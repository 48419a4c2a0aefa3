import { describe, expect, it } from "vitest";
import { marketplaceUnlistedPlugin } from "../../scripts/rules/manifest/marketplace-unlisted-plugin.ts";
import { pluginNameFormat } from "../../scripts/rules/manifest/plugin-name-format.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const manifest = (name: string) => JSON.stringify({ name, version: "1.0.0", description: "d", author: { name: "a" } });
const marketplace = (plugins: object[]) =>
  JSON.stringify({ name: "market", owner: { name: "o" }, description: "d", plugins });

describe("marketplace-unlisted-plugin: what nobody installs is a note", () => {
  it("reports a listed plugin's problem at its severity and an unlisted one's as a note", async () => {
    const root = writeTree({
      ".claude-plugin/marketplace.json": marketplace([{ name: "Bad Name", source: "./plugins/listed" }]),
      "plugins/listed/.claude-plugin/plugin.json": manifest("Bad Name"),
      "backups/old/.claude-plugin/plugin.json": manifest("Old Name"),
    });
    const found = (await findingsFor(root, [pluginNameFormat, marketplaceUnlistedPlugin])).map(
      (f) => `${f.severity} ${f.ruleId} ${f.location.file}`,
    );
    expect(found).toContain("error plugin-name-format plugins/listed/.claude-plugin/plugin.json");
    expect(found).toContain("note plugin-name-format backups/old/.claude-plugin/plugin.json");
    expect(found).toContain("note marketplace-unlisted-plugin backups/old/.claude-plugin/plugin.json");
  });

  it("keeps a folder an entry installs from elsewhere listed, and a plugin outside any marketplace at its severity", async () => {
    const published = writeTree({
      ".claude-plugin/marketplace.json": marketplace([
        { name: "Bad Name", source: { source: "git-subdir", url: "https://github.com/o/r.git", path: "plugins/x" } },
      ]),
      "plugins/x/.claude-plugin/plugin.json": manifest("Bad Name"),
    });
    const alone = writeTree({ "plugins/x/.claude-plugin/plugin.json": manifest("Bad Name") });
    for (const root of [published, alone]) {
      const found = await findingsFor(root, [pluginNameFormat, marketplaceUnlistedPlugin]);
      expect(found.length).toBeGreaterThan(0);
      expect(new Set(found.map((f) => `${f.severity} ${f.ruleId}`))).toEqual(new Set(["error plugin-name-format"]));
    }
  });

  it("reads an example plugin inside a listed plugin, listed only by its own marketplace, as notes", async () => {
    const example = "plugins/maker/skills/make/examples/demo";
    const root = writeTree({
      ".claude-plugin/marketplace.json": marketplace([{ name: "maker", source: "./plugins/maker" }]),
      "plugins/maker/.claude-plugin/plugin.json": manifest("maker"),
      "plugins/maker/skills/make/SKILL.md":
        "---\nname: make\ndescription: Makes plugins. Use when asked.\n---\n\nSee examples/demo.\n",
      [`${example}/.claude-plugin/marketplace.json`]: marketplace([{ name: "Demo Name", source: "./" }]),
      [`${example}/.claude-plugin/plugin.json`]: manifest("Demo Name"),
    });
    const found = (await findingsFor(root, [pluginNameFormat])).map((f) => `${f.severity} ${f.location.file}`);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((line) => line.startsWith("note "))).toBe(true);
  });
});
