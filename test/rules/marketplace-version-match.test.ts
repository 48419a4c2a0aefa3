import { describe, expect, it } from "vitest";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

async function findings(entry: Record<string, unknown>, manifest: Record<string, unknown> | undefined) {
  const files: Record<string, string> = {
    ".claude-plugin/marketplace.json": JSON.stringify({
      name: "m",
      owner: { name: "O" },
      description: "d",
      plugins: [{ name: "alpha", source: "./alpha", ...entry }],
    }),
    "alpha/README.md": "alpha\n",
  };
  if (manifest) files["alpha/.claude-plugin/plugin.json"] = JSON.stringify({ name: "alpha", ...manifest });
  return (await findingsFor(writeTree(files)))
    .filter((f) => f.ruleId === "marketplace-version-match")
    .map((f) => `${f.severity}: ${f.message}`);
}

describe("marketplace-version-match", () => {
  it("compares only when both sides set a version", async () => {
    expect(await findings({ version: "3.1.0" }, {})).toEqual([]);
    expect(await findings({}, { version: "3.1.0" })).toEqual([]);
    expect(await findings({ version: "3.1.0" }, undefined)).toEqual([]);
  });

  it("compares the strings exactly, as `claude plugin tag` does", async () => {
    expect(await findings({ version: "1.0.0" }, { version: "1.0.0" })).toEqual([]);
    expect(await findings({ version: "1.0.0+build" }, { version: "1.0.0" })).toEqual([
      'warning: entry version "1.0.0+build" differs from "1.0.0" in alpha/.claude-plugin/plugin.json',
    ]);
  });

  it("skips a plugin.json that does not parse", async () => {
    const root = writeTree({
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "m",
        owner: { name: "O" },
        plugins: [{ name: "alpha", source: "./alpha", version: "2.0.0" }],
      }),
      "alpha/.claude-plugin/plugin.json": '{ "name": "alpha", "version": "1.0.0", }',
    });
    expect((await findingsFor(root)).filter((f) => f.ruleId === "marketplace-version-match")).toEqual([]);
  });
});

describe("marketplace-version-match: one version copied to every entry", () => {
  it("is one finding that counts the entries", async () => {
    const files: Record<string, string> = {
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "m",
        owner: { name: "O" },
        description: "d",
        plugins: ["a", "b", "c"].map((name) => ({ name, source: `./${name}`, version: "3.0.0" })),
      }),
    };
    for (const [name, version] of [
      ["a", "1.0.0"],
      ["b", "1.2.0"],
      ["c", "3.0.0"],
    ]) {
      files[`${name}/.claude-plugin/plugin.json`] = JSON.stringify({ name, version });
      files[`${name}/README.md`] = "x\n";
    }
    const found = (await findingsFor(writeTree(files))).filter((f) => f.ruleId === "marketplace-version-match");
    expect(found.map((f) => f.message)).toEqual([
      'entry version "3.0.0" differs from "1.0.0" in a/.claude-plugin/plugin.json',
    ]);
    // The second mismatched entry is among the finding's locations.
    expect(found[0]!.related?.some((r) => r.file === ".claude-plugin/marketplace.json")).toBe(true);
  });
});
