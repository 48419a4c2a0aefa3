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
