import { describe, expect, it } from "vitest";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

async function findings(name: string, origin?: string) {
  const root = writeTree({
    ...(origin ? { ".git/config": `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${origin}\n` } : {}),
    ".claude-plugin/marketplace.json": JSON.stringify({
      name,
      owner: { name: "O" },
      description: "d",
      plugins: [{ name: "alpha", source: "./plugins/alpha" }],
    }),
    "plugins/alpha/.claude-plugin/plugin.json": JSON.stringify({
      name: "alpha",
      version: "1.0.0",
      description: "d",
      author: { name: "A" },
    }),
  });
  return (await findingsFor(root))
    .filter((f) => f.ruleId === "marketplace-name")
    .map((f) => `${f.severity}: ${f.message}`);
}

describe("marketplace-name", () => {
  it("judges a reserved name by where the checkout comes from, as marketplace add does", async () => {
    expect(
      await findings("claude-plugins-official", "https://github.com/anthropics/claude-plugins-official.git"),
    ).toEqual([]);
    expect(await findings("claude-plugins-official", "git@github.com:anthropics/claude-plugins-official.git")).toEqual(
      [],
    );
    expect(await findings("claude-plugins-official", "https://github.com/someone/fork.git")).toEqual([
      'error: marketplace name "claude-plugins-official" is reserved for official Anthropic marketplaces',
    ]);
    // Without a git origin nobody knows: a warning, since only the anthropics organization may use it.
    expect(await findings("claude-plugins-official")).toEqual([
      'warning: marketplace name "claude-plugins-official" is reserved for official Anthropic marketplaces',
    ]);
    // A clone of a local folder or mirror does not say where it is published either.
    for (const local of ["/srv/mirrors/claude-plugins-official", "file:///srv/mirrors/cpo.git", "../cpo"])
      expect(await findings("claude-plugins-official", local)).toEqual([
        'warning: marketplace name "claude-plugins-official" is reserved for official Anthropic marketplaces',
      ]);
    expect(await findings("claude-plugins-official", "ssh://git@gitlab.com/anthropics/cpo.git")).toEqual([
      'error: marketplace name "claude-plugins-official" is reserved for official Anthropic marketplaces',
    ]);
  });

  it.for([
    ["", "error: the marketplace name is empty"],
    ["my market", 'error: marketplace name "my market" contains a space'],
    ["a/b", 'error: marketplace name "a/b" contains a path separator or "."/".."'],
    ["a\\b", 'error: marketplace name "a\\b" contains a path separator or "."/".."'],
    ["a..b", 'error: marketplace name "a..b" contains a path separator or "."/".."'],
    [".", 'error: marketplace name "." contains a path separator or "."/".."'],
    [
      "official-claude-plugins",
      'error: marketplace name "official-claude-plugins" impersonates an official Anthropic/Claude marketplace',
    ],
    [
      "Anthropic_Official",
      'error: marketplace name "Anthropic_Official" impersonates an official Anthropic/Claude marketplace',
    ],
    [
      "claude-marketplace",
      'error: marketplace name "claude-marketplace" impersonates an official Anthropic/Claude marketplace',
    ],
    [
      "tools-caf\u00e9",
      'error: marketplace name "tools-caf\u00e9" impersonates an official Anthropic/Claude marketplace',
    ],
    [
      "acme-" + "x".repeat(124),
      "warning: marketplace name has 129 characters, more than the 128 Claude Desktop accepts",
    ],
    ["Skills-Dir", 'error: marketplace name "Skills-Dir" is reserved for plugins auto-loaded from .claude/skills/'],
    ["inline", 'error: marketplace name "inline" is reserved for --plugin-dir session plugins'],
    ["builtin", 'error: marketplace name "builtin" is reserved for built-in plugins'],
    [
      "claude-plugins-official",
      'warning: marketplace name "claude-plugins-official" is reserved for official Anthropic marketplaces',
    ],
    ["life-sciences", 'warning: marketplace name "life-sciences" is reserved for official Anthropic marketplaces'],
    ["-acme", 'error: marketplace name "-acme" is not a valid plugin-id part'],
    ["synced", 'error: marketplace name "synced" is reserved for plugins synced from claude.ai accounts'],
    [
      "claude-plugin-test",
      'error: marketplace name "claude-plugin-test" is reserved for plugins loaded by `claude plugin test`',
    ],
    [
      "claude-directory",
      'error: marketplace name "claude-directory" impersonates an official Anthropic/Claude marketplace',
    ],
    [
      "__claude-plugins",
      'error: marketplace name "__claude-plugins" impersonates an official Anthropic/Claude marketplace',
    ],
    [
      "claude-market-place",
      'error: marketplace name "claude-market-place" impersonates an official Anthropic/Claude marketplace',
    ],
    ["healthcare", 'warning: marketplace name "healthcare" is reserved for official Anthropic marketplaces'],
    [
      "First-Party-Plugins",
      'warning: marketplace name "First-Party-Plugins" is reserved for official Anthropic marketplaces',
    ],
    ["a\tb", 'error: marketplace name "a\\u0009b" contains a control or text-direction character'],
    ["org", 'warning: marketplace name "org" is reserved in Claude Desktop'],
    ["acme!", 'error: marketplace name "acme!" is not a valid plugin-id part'],
  ] as const)("%j", async ([name, expected]) => {
    expect(await findings(name)).toEqual([expected]);
  });

  it.for(["acme", "Acme.Tools_2", "claude-tools", "my-claude-helpers", "anthropic-fan-club", "x".repeat(128)])(
    "accepts %j",
    async (name) => {
      expect(await findings(name)).toEqual([]);
    },
  );
});
