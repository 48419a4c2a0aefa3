import { describe, expect, it } from "vitest";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

async function findings(files: Record<string, unknown>) {
  const root = writeTree(
    Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v, null, 2)]),
    ),
  );
  return (await findingsFor(root))
    .filter((f) => f.ruleId === "plugin-manifest-metadata")
    .map((f) => `${f.location.file} ${f.severity}: ${f.message}`);
}

describe("plugin-manifest-metadata", () => {
  it("takes version, description and author from the marketplace entry when plugin.json has none", async () => {
    expect(
      await findings({
        ".claude-plugin/marketplace.json": {
          name: "m",
          owner: { name: "O" },
          plugins: [{ name: "a", source: "./a", version: "1.0.0", description: "d", author: { name: "A" } }],
        },
        "a/.claude-plugin/plugin.json": { name: "a" },
      }),
    ).toEqual([]);
  });

  it("accepts the semver forms `claude plugin tag` accepts", async () => {
    for (const version of ["1.0.0", "1.0.0-rc.1", "2.3.4+build.7", "v1.2.3"]) {
      expect(
        await findings({
          ".claude-plugin/plugin.json": { name: "a", version, description: "d", author: { name: "A" } },
        }),
        version,
      ).toEqual([]);
    }
    for (const version of ["1.0", "banana", " 1.0.0", "1.0.0.0"]) {
      expect(
        await findings({
          ".claude-plugin/plugin.json": { name: "a", version, description: "d", author: { name: "A" } },
        }),
        version,
      ).toEqual([`.claude-plugin/plugin.json warning: version "${version}" is not a semver version`]);
    }
  });

  it("reports one versioning scheme shared by a marketplace's plugins once, counting them", async () => {
    const plugin = (name: string) => ({ name, version: "2026.04.140", description: "d", author: { name: "A" } });
    const root = writeTree({
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "m",
        owner: { name: "O" },
        plugins: ["a", "b", "c"].map((name) => ({ name, source: `./${name}` })),
      }),
      ...Object.fromEntries(["a", "b", "c"].map((n) => [`${n}/.claude-plugin/plugin.json`, JSON.stringify(plugin(n))])),
    });
    const found = (await findingsFor(root)).filter((f) => f.ruleId === "plugin-manifest-metadata");
    expect(found.map((f) => `${f.location.file} ×${f.count ?? 1}`)).toEqual(["a/.claude-plugin/plugin.json ×3"]);
  });

  it("accepts engines ranges that include the targeted Claude Code", async () => {
    for (const range of [">=2.1.0", "^2.1.0", "2.x", "*", ">=2.0.0 <3.0.0", "~2.1.300"]) {
      expect(
        await findings({
          ".claude-plugin/plugin.json": {
            name: "a",
            version: "1.0.0",
            description: "d",
            author: { name: "A" },
            engines: { "claude-code": range },
          },
        }),
        range,
      ).toEqual([]);
    }
  });

  it("leaves CLAUDE.md alone below the plugin root and in a manifest-less root folder", async () => {
    expect(
      await findings({
        "docs/CLAUDE.md": "x\n",
        "CLAUDE.md": "x\n",
        "agents/a.md": "---\nname: a\ndescription: d\n---\n",
      }),
    ).toEqual([]);
  });
});
