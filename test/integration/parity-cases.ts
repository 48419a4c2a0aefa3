/**
 * Every defect `claude plugin validate` reports (the experiments of the plugin-format spec,
 * §9.2 and the 2.1.330 delta), built as a small tree: mars-validate must report it too.
 */

const MANIFEST = { name: "base-plug", version: "1.0.0", description: "Base plugin", author: { name: "Spec" } };
const AGENT =
  "---\nname: reviewer\ndescription: Reviews code for correctness before merge.\nmodel: sonnet\ntools: Read, Grep, Glob\ncolor: blue\n---\n\nBody.\n";
const SKILL = "---\nname: good-skill\ndescription: This skill should be used when formatting errors.\n---\n\nBody.\n";
const COMMAND = '---\ndescription: Summarise the diff\nargument-hint: "[focus]"\n---\n\nSummarise $ARGUMENTS\n';

function plugin(
  manifest: Record<string, unknown> | string | undefined,
  files: Record<string, string> = {},
): Record<string, string> {
  const base: Record<string, string> = {
    "agents/reviewer.md": AGENT,
    "skills/good-skill/SKILL.md": SKILL,
    "commands/diff-summary.md": COMMAND,
  };
  if (manifest !== undefined)
    base[".claude-plugin/plugin.json"] = typeof manifest === "string" ? manifest : JSON.stringify(manifest, null, 2);
  return { ...base, ...files };
}

function market(
  marketplace: Record<string, unknown>,
  plugins: Record<string, Record<string, unknown>> = {},
): Record<string, string> {
  const files: Record<string, string> = { ".claude-plugin/marketplace.json": JSON.stringify(marketplace, null, 2) };
  for (const [dir, manifest] of Object.entries(plugins))
    files[`${dir}/.claude-plugin/plugin.json`] = JSON.stringify(manifest, null, 2);
  return files;
}

const M = MANIFEST;

/** The clean plugin every plugin case changes one thing of; the CLI passes it. */
export const BASE_PLUGIN = plugin(M);
const MK = {
  name: "spec-market",
  owner: { name: "Spec" },
  description: "d",
  plugins: [{ name: "alpha", source: "./plugins/alpha" }],
};
const ALPHA = { "plugins/alpha": { ...M, name: "alpha" } };

/** The clean marketplace every marketplace case changes one thing of. */
export const BASE_MARKETPLACE = market(MK, ALPHA);

export const cases: [string, Record<string, string>][] = [
  ["A05 agent without description", plugin(M, { "agents/reviewer.md": AGENT.replace(/^description:.*\n/m, "") })],
  [
    "A06 description is a list",
    plugin(M, { "agents/reviewer.md": AGENT.replace(/^description:.*$/m, "description:\n  - a\n  - b") }),
  ],
  ["A13 malformed YAML", plugin(M, { "agents/reviewer.md": AGENT.replace("model: sonnet", 'model: "sonnet') })],
  ["A14 agent without frontmatter", plugin(M, { "agents/reviewer.md": "Body only.\n" })],
  ["A16 frontmatter is a list", plugin(M, { "agents/reviewer.md": "---\n- a\n- b\n---\nBody\n" })],
  [
    "A17 allowed-tools: 5 in an agent",
    plugin(M, { "agents/reviewer.md": AGENT.replace("color: blue", "color: blue\nallowed-tools: 5") }),
  ],
  ["S05 skill without frontmatter", plugin(M, { "skills/good-skill/SKILL.md": "# Good skill\n\nBody.\n" })],
  [
    "S06 skill with malformed YAML",
    plugin(M, { "skills/good-skill/SKILL.md": SKILL.replace("name: good-skill", 'name: "good-skill') }),
  ],
  ["C02 command without frontmatter", plugin(M, { "commands/diff-summary.md": "Summarise the diff.\n" })],
  [
    "C04 allowed-tools is a map",
    plugin(M, { "commands/diff-summary.md": COMMAND.replace("argument-hint", "allowed-tools: {a: 1}\nargument-hint") }),
  ],
  [
    "X06 skill metadata is a string",
    plugin(M, { "skills/good-skill/SKILL.md": SKILL.replace("---\n\nBody", "metadata: owner\n---\n\nBody") }),
  ],
  [
    "X07 skill shell zsh",
    plugin(M, { "skills/good-skill/SKILL.md": SKILL.replace("---\n\nBody", "shell: zsh\n---\n\nBody") }),
  ],
  ["P01 unknown fields", plugin({ ...M, foo: 1, categroy: "x", user_config: {} })],
  ["P02 marketplace-only fields", plugin({ ...M, category: "x", tags: ["a"], strict: true })],
  ["P03 agents path with ..", plugin({ ...M, agents: "../other/agent.md" })],
  ["P04 agents path without ./", plugin({ ...M, agents: "agents/reviewer.md" })],
  ["P05 missing custom paths", plugin({ ...M, commands: "./nope/", skills: "./missing", hooks: "./gone.json" })],
  ["P06 name not kebab-case", plugin({ ...M, name: "Base_Plug" })],
  ["P07 name with a space", plugin({ ...M, name: "base plug" })],
  ["P08 no name", plugin({ version: "1.0.0", description: "d", author: { name: "a" } })],
  ["P09 keywords is a string", plugin({ ...M, keywords: "a,b" })],
  ["P10 homepage is not a URL", plugin({ ...M, homepage: "docs.example.com" })],
  ["P11 only a name", plugin({ name: "base-plug" })],
  ["P13 trailing comma", plugin('{\n  "name": "base-plug",\n  "version": "1.0.0",\n}\n')],
  ["P15 skills points at SKILL.md", plugin({ ...M, skills: "./skills/good-skill/SKILL.md" })],
  ["P16 top-level monitors", plugin({ ...M, monitors: "./monitors.json" }, { "monitors.json": "[]\n" })],
  [
    "P17 bad userConfig key",
    plugin({ ...M, userConfig: { "1bad": { type: "string", title: "t", description: "d" } } }),
  ],
  [
    "P18 LSP command with a space",
    plugin({ ...M, lspServers: { x: { command: "my server --stdio", extensionToLanguage: { ".x": "x" } } } }),
  ],
  ["P20 bad dependency", plugin({ ...M, dependencies: ["bad name!"] })],
  ["P21 absolute path", plugin({ ...M, commands: "/etc/commands" })],
  ["P22 author is a string", plugin({ ...M, author: "Spec Tester" })],
  [
    "P23 command with source and content",
    plugin({ ...M, commands: { x: { source: "./commands/diff-summary.md", content: "x" } } }),
  ],
  ["P24 CLAUDE.md at the root", plugin(M, { "CLAUDE.md": "# Notes\n" })],
  ["P27 agents list with a missing file", plugin({ ...M, agents: ["./agents/reviewer.md", "./agents/nope.md"] })],
  [
    "P29 inline hooks with an unknown event",
    plugin({ ...M, hooks: { PreToolUSE: [{ hooks: [{ type: "command", command: "true" }] }] } }),
  ],
  ["P30 inline MCP with an empty command", plugin({ ...M, mcpServers: { x: { command: "" } } })],
  ["P32 agents is a folder", plugin({ ...M, agents: "./agents/" })],
  ["P33 missing .mcpb", plugin({ ...M, mcpServers: "./server.mcpb" })],
  ["P34 bad binaries entry", plugin({ ...M, binaries: { "Bad Name": { sha256: "xyz" } } })],
  ["P35 experimental is a string", plugin({ ...M, experimental: "yes" })],
  ["X08 engines range is not semver", plugin({ ...M, engines: { "claude-code": "newest" } })],
  [
    "H01 unknown hook event",
    plugin(M, {
      "hooks/hooks.json": JSON.stringify({
        hooks: { PreToolUSE: [{ hooks: [{ type: "command", command: "true" }] }] },
      }),
    }),
  ],
  [
    "H02 unknown handler type on a guard",
    plugin(M, {
      "hooks/hooks.json": JSON.stringify({ hooks: { PreToolUse: [{ hooks: [{ type: "script", command: "x" }] }] } }),
    }),
  ],
  ["H03 hooks.json is not JSON", plugin(M, { "hooks/hooks.json": "{ hooks: }" })],
  [
    "H04 hooks without the wrapper",
    plugin(M, {
      "hooks/hooks.json": JSON.stringify({ PreToolUse: [{ hooks: [{ type: "command", command: "true" }] }] }),
    }),
  ],
  [
    "H05 negative timeout",
    plugin(M, {
      "hooks/hooks.json": JSON.stringify({
        hooks: { Stop: [{ hooks: [{ type: "command", command: "true", timeout: -1 }] }] },
      }),
    }),
  ],
  [
    "X11 unquoted plugin root in a hook",
    plugin(M, {
      "hooks/hooks.json": JSON.stringify({
        hooks: { Stop: [{ hooks: [{ type: "command", command: "${CLAUDE_PLUGIN_ROOT}/bin/x.sh" }] }] },
      }),
      "bin/x.sh": "#!/bin/sh\n",
    }),
  ],
  ["M01 .mcp.json is not JSON", plugin(M, { ".mcp.json": "{ nope" })],
  [
    "M02 .mcp.json with an empty command",
    plugin(M, { ".mcp.json": JSON.stringify({ mcpServers: { x: { command: "" } } }) }),
  ],
  [
    "K03 entry version disagrees",
    market({ ...MK, plugins: [{ name: "alpha", source: "./plugins/alpha", version: "2.0.0" }] }, ALPHA),
  ],
  ["K05 marketplace name with a space", market({ ...MK, name: "spec market" }, ALPHA)],
  ["K06 impersonating name", market({ ...MK, name: "official-claude-plugins" }, ALPHA)],
  ["K07 reserved name", market({ ...MK, name: "skills-dir" }, ALPHA)],
  ["K08 no owner", market({ name: "spec-market", description: "d", plugins: MK.plugins }, ALPHA)],
  ["K09 duplicate entries", market({ ...MK, plugins: [MK.plugins[0], MK.plugins[0]] }, ALPHA)],
  ["K10 source with ..", market({ ...MK, plugins: [{ name: "alpha", source: "../outside/alpha" }] }, ALPHA)],
  ["K11 source without ./", market({ ...MK, plugins: [{ name: "alpha", source: "plugins/alpha" }] }, ALPHA)],
  ["K12 no plugins", market({ ...MK, plugins: [] })],
  [
    "K13 unknown fields",
    market(
      { ...MK, foo: 1, metadata: { bar: 2 }, plugins: [{ name: "alpha", source: "./plugins/alpha", baz: 3 }] },
      ALPHA,
    ),
  ],
  [
    "K15 bad sha",
    market({ ...MK, plugins: [{ name: "alpha", source: { source: "github", repo: "a/b", sha: "abc" } }] }),
  ],
  ["K17 entry plugin.json with bad keywords", market(MK, { "plugins/alpha": { ...M, name: "alpha", keywords: "x" } })],
  [
    "K19 no marketplace description",
    market({ name: "spec-market", owner: { name: "Spec" }, plugins: MK.plugins }, ALPHA),
  ],
  ["K23 rename to a missing target", market({ ...MK, renames: { old: "missing-target" } }, ALPHA)],
  [
    "K29 entry name outside the id characters",
    market({ ...MK, plugins: [{ name: "bad!name", source: "./plugins/alpha" }] }, ALPHA),
  ],
];
