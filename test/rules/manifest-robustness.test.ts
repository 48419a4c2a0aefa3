import { describe, expect, it } from "vitest";
import { manifestRules } from "../../scripts/rules/manifest/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

/** Values of every JSON type, put wherever a manifest rule reads something. */
const WEIRD: unknown[] = [
  null,
  0,
  -1,
  true,
  "",
  ".",
  "./",
  "..",
  "/abs",
  "./a/../../b",
  [],
  [null, 1, {}],
  {},
  { source: 5 },
  "\u202e",
];

describe("manifest rules never throw", () => {
  it.for(WEIRD.map((v) => [JSON.stringify(v), v] as const))("with %s everywhere", async ([, value]) => {
    const keys = [
      "name",
      "version",
      "description",
      "author",
      "commands",
      "agents",
      "skills",
      "hooks",
      "mcpServers",
      "lspServers",
      "outputStyles",
      "workflows",
      "themes",
      "monitors",
      "experimental",
      "types",
      "icon",
      "engines",
      "network",
      "settings",
      "binaries",
    ];
    const manifest = Object.fromEntries(keys.map((k) => [k, value]));
    manifest.experimental = {
      evals: value,
      themes: value,
      monitors: value,
      outputStyles: value,
      [String(value)]: value,
    };
    manifest.engines = { "claude-code": value };
    manifest.network = { hosts: [value] };
    manifest.settings = { agent: value };
    manifest.binaries = { x: value };
    const entry = { ...manifest, source: value, strict: false, headers: value, headersHelper: value };
    const root = writeTree({
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: value,
        description: value,
        metadata: { pluginRoot: value, description: value },
        renames: { a: value, b: "a" },
        plugins: [entry, entry, { name: "p", source: "./p", strict: false }, value],
      }),
      "p/.claude-plugin/plugin.json": JSON.stringify(manifest),
      ".claude-plugin/plugin.json": JSON.stringify(value),
    });
    await expect(findingsFor(root, manifestRules)).resolves.toBeInstanceOf(Array);
  });
});
