import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const AGENT = "---\nname: reviewer\ndescription: Reviews code.\n---\n\nReview.\n";

async function folderFindings(folder: string, files: Record<string, string>) {
  const root = path.join(tempDir(), folder);
  fs.mkdirSync(root);
  writeTree(files, root);
  return (await findingsFor(root))
    .filter((f) => f.ruleId === "plugin-name-format")
    .map((f) => `${f.location.file} ${f.severity}: ${f.message}`);
}

describe("plugin-name-format without plugin.json", () => {
  it("notes when the folder name (the plugin name for --plugin-dir) is not kebab-case", async () => {
    expect(await folderFindings("My_Plugin", { "agents/reviewer.md": AGENT })).toEqual([
      '. note: folder name "My_Plugin" is not kebab-case, and without .claude-plugin/plugin.json the folder name is the plugin name',
    ]);
  });

  it("warns, not errors, when the folder name has a space", async () => {
    expect(await folderFindings("my plugin", { "agents/reviewer.md": AGENT })).toEqual([
      '. warning: folder name "my plugin" contains a space, and without .claude-plugin/plugin.json the folder name is the plugin name',
    ]);
  });

  it("uses plugin.json's name instead of the folder name when there is one", async () => {
    expect(
      await folderFindings("My_Plugin", { ".claude-plugin/plugin.json": JSON.stringify({ name: "my-plugin" }) }),
    ).toEqual([]);
  });

  it("says nothing for a bare agents/ folder being validated", async () => {
    expect(await folderFindings("agents", { "Reviewer_One.md": AGENT })).toEqual([]);
  });

  it("uses the entry name for a marketplace plugin without plugin.json", async () => {
    const files = {
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "m",
        owner: { name: "O" },
        plugins: [{ name: "good-name", source: "./Bad_Folder" }],
      }),
      "Bad_Folder/agents/reviewer.md": AGENT,
    };
    expect(await folderFindings("market", files)).toEqual([]);
  });
});

async function entryFindings(marketplace: string, names: string[]) {
  const root = writeTree({
    ".claude-plugin/marketplace.json": JSON.stringify({
      name: marketplace,
      owner: { name: "O" },
      plugins: names.map((name) => ({ name, source: { source: "github", repo: "o/r" } })),
    }),
  });
  return (await findingsFor(root))
    .filter((f) => f.ruleId === "plugin-name-format")
    .map((f) => `${f.severity}: ${f.message}`);
}

describe("plugin-name-format: names that pass as Anthropic's own (2.1.330)", () => {
  it.for([
    ["claude", "error"],
    ["anthropics", "error"],
    ["claude-code", "error"],
    ["claude-mods", "error"],
    ["claude-x", "error"],
    ["cl-aude-x", "error"],
    ["anthropic-tools", "error"],
    ["cc-plugin-lint", "error"],
    ["official-claude-kit", "error"],
    ["claudeofficial", "error"],
    ["my-claude-kit", "warning"],
    ["tools-for-anthropic", "warning"],
  ] as const)("%s → %s", async ([name, severity]) => {
    const found = await entryFindings("acme", [name]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        `^${severity}: plugin name "${name}" (?:passes as one of Anthropic's own plugins, so \\\`claude plugin validate\\\` fails on it \\(a local marketplace still installs it\\)|reads as one of Anthropic's own plugins)$`,
      ),
    );
  });

  it.for(["claudette", "cc-plugin", "claudecode-helper", "official-kit", "anthropology"])(
    "accepts %s",
    async (name) => {
      expect(await entryFindings("acme", [name])).toEqual([]);
    },
  );

  it("does not check entries of Anthropic's own catalogs", async () => {
    expect(await entryFindings("claude-plugins-official", ["claude-code-setup"])).toEqual([]);
    expect(await entryFindings("claude-community", ["claude-code-setup"])).toHaveLength(1);
  });
});

describe("plugin-name-format on a reserved name", () => {
  it("reports it once, on the marketplace entry, when the entry installs the plugin from a git subfolder", async () => {
    const root = writeTree({
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "m",
        owner: { name: "O" },
        plugins: [
          {
            name: "claude-helper",
            source: { source: "git-subdir", url: "https://github.com/o/r.git", path: "claude-helper" },
          },
        ],
      }),
      "claude-helper/.claude-plugin/plugin.json": JSON.stringify({ name: "claude-helper", version: "1.0.0" }),
    });
    const found = (await findingsFor(root))
      .filter((f) => f.ruleId === "plugin-name-format")
      .map((f) => f.location.file);
    expect(found).toEqual([".claude-plugin/marketplace.json"]);
  });
});
