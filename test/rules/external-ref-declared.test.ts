import { describe, expect, it } from "vitest";
import { externalRefDeclared } from "../../scripts/rules/references/external-ref-declared.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "alpha", version: "1.0.0", description: "d", author: { name: "a" } });

async function findings(body: string, externalPlugins: string[] = ["saturn"]): Promise<string[]> {
  const root = writeTree({
    ".claude-plugin/plugin.json": MANIFEST,
    ".mars-validate.json": JSON.stringify({ externalPlugins }),
    "agents/sub/nested.md": "---\nname: nested\ndescription: d\n---\n\nNested.\n",
    "agents/lead.md": `---\nname: lead\ndescription: d\n---\n\n${body}\n`,
  });
  return (await findingsFor(root, [externalRefDeclared])).map((f) => f.message);
}

describe("external-ref-declared: prose that is not a reference", () => {
  it.for([
    "See http://example.com:8080/x and https://example.com/a:b for details.",
    "Windows paths like C:\\tools\\x or C:/tools are fine.",
    "MCP tools are named mcp__server__tool, or mcp__a:b in old notes.",
    "note: this is a remark. Also todo: later.",
    "Use `node:fs` and `node:test` in the hook script.",
    "The `redis:alpine` image and the `read:org` scope.",
    "Serve it on `localhost:3000` or 127.0.0.1:8080.",
    "Set PATH to /usr/bin:/bin and mount -v /data:/data.",
    "Image tags such as python:3.12 and ubuntu:24.04.",
    "Run `/plugin-name:command-name` with various arguments.",
    "Ask `your-plugin:your-agent` for help; the agent `my-plugin:example` too.",
    "Delegate to the subfolder agent `sub:nested`.",
    "The time is 12:30, ratio 16:9.",
    "Call `Agent(saturn:scout)` or the `saturn:scout` agent, or /saturn:launch.",
    "```\n/pluto:launch inside a code block\nAgent(pluto:scout)\n@agent-pluto:scout\n```",
  ])("%s", async (body) => {
    expect(await findings(body)).toEqual([]);
  });
});

describe("external-ref-declared: references to undeclared plugins", () => {
  it.for([
    ["Ask the `pluto:scout` agent.", "pluto:scout"],
    ["Delegate to `pluto:scout`.", "pluto:scout"],
    ["Finish with /pluto:launch.", "/pluto:launch"],
    ["Ping @agent-pluto:scout.", "pluto:scout"],
    ["Write Agent(pluto:scout) when unsure.", "pluto:scout"],
    ['```\nsubagent_type: "pluto:scout"\n```', "pluto:scout"],
  ] as const)("%s", async ([body, value]) => {
    const messages = await findings(body);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`"${value}"`);
  });

  it("accepts a plugin once it is declared", async () => {
    expect(await findings("Ask the `pluto:scout` agent.", ["pluto"])).toEqual([]);
  });
});

describe("external-ref-declared: a stale name of a project plugin", () => {
  async function severities(body: string): Promise<string[]> {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "agents/lead.md": `---\nname: lead\ndescription: d\n---\n\n${body}\n`,
    });
    return (await findingsFor(root, [externalRefDeclared])).map((f) => `${f.severity} ${f.message}`);
  }

  it("warns when the rest names one of the plugin's components", async () => {
    expect(await severities("Ask the `alph:lead` agent.")).toEqual([
      'warning "alph:lead" names plugin "alph", which is not in this project; "alpha" is',
    ]);
  });

  it("keeps a plain mention that names none of them a note: a CLI command in copied docs", async () => {
    expect(await severities("Use the `alph:assets` command to publish the assets.")).toEqual([
      'note "alph:assets" names plugin "alph", which is not in this project; "alpha" is',
    ]);
  });

  it("warns about a slash command with a stale prefix even when nothing matches the rest", async () => {
    expect(await severities("Finish with /alph:assets.")).toEqual([
      'warning "/alph:assets" names plugin "alph", which is not in this project; "alpha" is',
    ]);
  });
});

describe("external-ref-declared: a release history a loaded file links to", () => {
  it("is not followed: the names in it are history, not instructions", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "commands/start.md":
        "---\ndescription: Starts the flow\n---\n\nRead [the guide](../GUIDE.md), then run `/saturn:lint`.\n",
      "GUIDE.md": "# Guide\n\nWhat changed: [CHANGELOG.md](CHANGELOG.md). Run `/venus:lint` first.\n",
      "CHANGELOG.md": "# Changelog\n\n## 2.0.0\n\n- Renamed `/mercury:lint` to `/saturn:lint`.\n",
    });
    const found = await findingsFor(root, [externalRefDeclared]);
    expect(found.map((f) => f.location.file).sort()).toEqual(["GUIDE.md", "commands/start.md"]);
  });
});
