import { describe, expect, it } from "vitest";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const AGENT = "---\nname: a\ndescription: Reviews code.\n---\n\nReview.\n";
const SKILL = "---\nname: s\ndescription: Does things. Use when asked.\n---\n\nDo it.\n";

async function findings(manifest: Record<string, unknown>, files: Record<string, string> = {}) {
  const root = writeTree({
    ".claude-plugin/plugin.json": JSON.stringify(
      { name: "p", version: "1.0.0", description: "d", author: { name: "A" }, ...manifest },
      null,
      2,
    ),
    ...files,
  });
  return (await findingsFor(root))
    .filter((f) => f.ruleId === "manifest-paths")
    .map((f) => `${f.severity}: ${f.message}`);
}

describe("manifest-paths", () => {
  it('reports an "agents" entry that names a folder once, here, not again as a schema pattern error', async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", agents: ["./agents"] }),
      "agents/a.md": AGENT,
    });
    const all = (await findingsFor(root)).filter((f) => f.severity === "error");
    expect(all.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      'manifest-paths: "agents" entry "./agents" is a folder; "agents" takes Markdown files only',
    ]);
    // A path that is no folder still gets the schema's pattern error.
    const other = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", agents: ["./agents/a.txt"] }),
      "agents/a.txt": "x",
    });
    expect((await findingsFor(other)).map((f) => f.ruleId)).toContain("plugin-manifest-schema");
  });

  it('accepts "." and "./" as the plugin root for skills (2.1.330)', async () => {
    expect(await findings({ skills: "." }, { "one/SKILL.md": SKILL })).toEqual([]);
    expect(await findings({ skills: ["./"] }, { "one/SKILL.md": SKILL })).toEqual([]);
  });

  it("warns about agents/ only when some of its files are left out", async () => {
    const files = { "agents/a.md": AGENT, "agents/b.md": AGENT };
    expect(await findings({ agents: ["./agents/a.md", "./agents/b.md"] }, files)).toEqual([]);
    expect(await findings({ agents: ["./agents/a.md"] }, files)).toEqual([
      'warning: the default agents/ folder is ignored because the manifest sets "agents"; 1 file is not loaded',
    ]);
  });

  it("does not warn about commands/ when the manifest lists it", async () => {
    expect(
      await findings({ commands: ["./commands", "./more"] }, { "commands/a.md": "A\n", "more/b.md": "B\n" }),
    ).toEqual([]);
  });

  it("reports a missing hooks/hooks.json as missing, not as a duplicate", async () => {
    expect(await findings({ hooks: "./hooks/hooks.json" })).toEqual([
      'error: "hooks" path "./hooks/hooks.json" does not exist',
    ]);
  });

  it("does not call paths missing where the snapshot did not look (ignored folders)", async () => {
    const files = { ".mars-validate.json": JSON.stringify({ ignore: ["vendor/**"] }) };
    expect(
      await findings({ mcpServers: "./vendor/servers.json", lspServers: ["./node_modules/lsp/servers.json"] }, files),
    ).toEqual([]);
  });

  it("skips remote MCP bundles and inline maps", async () => {
    expect(
      await findings({ mcpServers: ["https://example.com/x.mcpb", { db: { command: "node" } }], hooks: { Stop: [] } }),
    ).toEqual([]);
  });

  it("accepts an icon given without ./ or as a URL, and warns when the file is missing", async () => {
    expect(await findings({ icon: "assets/icon.png" }, { "assets/icon.png": "png" })).toEqual([]);
    expect(await findings({ icon: "https://example.com/icon.png" })).toEqual([]);
    expect(await findings({ icon: "assets/icon.png" })).toEqual(['warning: icon "assets/icon.png" does not exist']);
  });

  it("accepts a skills entry that is itself a skill folder", async () => {
    expect(await findings({ skills: ["./tools/fmt"] }, { "tools/fmt/SKILL.md": SKILL })).toEqual([]);
  });

  it("does not read past one level for skill folders", async () => {
    expect(await findings({ skills: ["./deep"] }, { "deep/group/inner/SKILL.md": SKILL })).toEqual([
      'warning: "skills" folder "./deep" holds no SKILL.md, itself or one level down',
    ]);
  });
});

describe("manifest-paths ignored commands/", () => {
  it("counts a skill folder inside commands/ once, not its reference files", async () => {
    const files = {
      "cmds/a.md": "A\n",
      "commands/old.md": "B\n",
      "commands/tool/SKILL.md": SKILL,
      "commands/tool/reference.md": "R\n",
    };
    expect(await findings({ commands: ["./cmds"] }, files)).toEqual([
      'warning: the default commands/ folder is ignored because the manifest sets "commands"; 2 files are not loaded',
    ]);
  });
});

describe("manifest-paths: 2.1.330 details", () => {
  it("refuses paths into .mcpb-cache, which Claude Code may overwrite", async () => {
    expect(await findings({ skills: ["./.mcpb-cache/s"] }, { ".mcpb-cache/s/SKILL.md": SKILL })).toEqual([
      'error: "skills" path "./.mcpb-cache/s" leads into .mcpb-cache',
    ]);
  });

  it("checks every lspServers and local mcpServers string", async () => {
    expect(
      await findings({ lspServers: "./lsp", mcpServers: ["./server.mcpb", "https://example.com/s.mcpb"] }),
    ).toEqual([
      'error: "lspServers" path "./lsp" does not exist',
      'error: "mcpServers" path "./server.mcpb" does not exist',
    ]);
  });

  it("points a root SKILL.md at the plugin root", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({
        name: "p",
        version: "1.0.0",
        description: "d",
        author: { name: "A" },
        skills: "./SKILL.md",
      }),
      "SKILL.md": SKILL,
    });
    const hints = (await findingsFor(root)).filter((f) => f.ruleId === "manifest-paths").map((f) => f.hint);
    expect(hints).toEqual(['point to the folder that holds SKILL.md instead: "./" (the plugin root)']);
  });
});
