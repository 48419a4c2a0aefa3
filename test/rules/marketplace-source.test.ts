import { describe, expect, it } from "vitest";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

async function findings(marketplace: Record<string, unknown>, files: Record<string, string> = {}) {
  const root = writeTree({
    ".claude-plugin/marketplace.json": JSON.stringify({ name: "m", owner: { name: "O" }, ...marketplace }, null, 2),
    ...files,
  });
  return (await findingsFor(root))
    .filter((f) => f.ruleId === "marketplace-source")
    .map((f) => `${f.severity}: ${f.message}`);
}

describe("marketplace-source", () => {
  it("warns about an empty plugin list", async () => {
    expect(await findings({ description: "d", plugins: [] })).toEqual(["warning: the marketplace lists no plugins"]);
  });

  it("accepts a description in metadata, and a blank one counts as missing", async () => {
    expect(await findings({ metadata: { description: "d" }, plugins: [] })).toEqual([
      "warning: the marketplace lists no plugins",
    ]);
    expect(await findings({ description: " ", plugins: [] })).toContain("note: the marketplace has no description");
  });

  it("resolves bare sources against metadata.pluginRoot, with or without its ./", async () => {
    const files = { "packages/alpha/README.md": "alpha\n" };
    expect(
      await findings(
        { description: "d", metadata: { pluginRoot: "./packages" }, plugins: [{ name: "alpha", source: "alpha" }] },
        files,
      ),
    ).toEqual([]);
    expect(
      await findings(
        { description: "d", metadata: { pluginRoot: "packages" }, plugins: [{ name: "alpha", source: "alpha" }] },
        files,
      ),
    ).toEqual([]);
    expect(
      await findings(
        { description: "d", metadata: { pluginRoot: "./packages" }, plugins: [{ name: "beta", source: "beta" }] },
        files,
      ),
    ).toEqual(['error: source folder "beta" does not exist']);
    expect(await findings({ description: "d", plugins: [{ name: "alpha", source: "alpha" }] }, files)).toEqual([
      'error: bare source "alpha" needs metadata.pluginRoot',
    ]);
    expect(
      await findings(
        { description: "d", metadata: { pluginRoot: "../up" }, plugins: [{ name: "alpha", source: "alpha" }] },
        files,
      ),
    ).toEqual([
      'error: bare source "alpha" cannot resolve: metadata.pluginRoot is not a relative path inside the marketplace',
    ]);
    expect(
      await findings(
        {
          description: "d",
          metadata: { pluginRoot: "./packages" },
          plugins: [{ name: "alpha", source: "packages/alpha" }],
        },
        files,
      ),
    ).toEqual(['error: relative source "packages/alpha" must start with "./"']);
  });

  it("accepts the marketplace root itself as a source", async () => {
    expect(
      await findings({
        description: "d",
        plugins: [
          { name: "a", source: "./" },
          { name: "b", source: "." },
        ],
      }),
    ).toEqual([]);
  });

  it("never throws on wrong types", async () => {
    expect(
      await findings({
        description: 5,
        metadata: "x",
        plugins: [null, 3, { name: 1, source: 2 }, { source: { source: "archive", url: 7 } }],
      }),
    ).toEqual(["note: the marketplace has no description"]);
    expect(await findings({ description: "d", plugins: "nope" })).toEqual([]);
  });

  it("makes notes of a marketplace file that a listed plugin carries (read only if that folder is added as a marketplace)", async () => {
    const manifest = JSON.stringify({ name: "alpha", version: "1.0.0", description: "d" });
    const carried = JSON.stringify({
      name: "alpha-dev",
      owner: { name: "O" },
      description: "d",
      plugins: [{ name: "x", source: "./plugins/x" }],
    });
    expect(
      await findings(
        { description: "d", plugins: [{ name: "alpha", source: "./plugins/alpha" }] },
        {
          "plugins/alpha/.claude-plugin/plugin.json": manifest,
          "plugins/alpha/.claude-plugin/marketplace.json": carried,
        },
      ),
    ).toEqual([expect.stringMatching(/^note: source folder "\.\/plugins\/x" does not exist/)]);
  });
});

describe("marketplace-source: remote sources written as strings", () => {
  it("names the object form, once for every entry that repeats the same string", async () => {
    const root = writeTree({
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "m",
        owner: { name: "O" },
        description: "d",
        plugins: [
          { name: "a", source: "github:acme/tools" },
          { name: "b", source: "github:acme/tools" },
          { name: "c", source: "https://gitlab.com/acme/tools.git" },
        ],
      }),
    });
    const found = (await findingsFor(root)).filter((f) => f.ruleId === "marketplace-source");
    expect(found.map((f) => `${f.hint} | ${f.related?.length ?? 0}`)).toEqual([
      'a GitHub repository is an object: {"source": "github", "repo": "acme/tools"} | 1',
      'a git repository is an object: {"source": "url", "url": "https://gitlab.com/acme/tools.git"} | 0',
    ]);
    expect(found[0]!.severity).toBe("error");
  });
});
