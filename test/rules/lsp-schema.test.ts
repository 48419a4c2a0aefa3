import { describe, expect, it } from "vitest";
import { lspSchema } from "../../scripts/rules/schema/lsp-schema.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "langs", version: "1.0.0", description: "d", lspServers: "./lsp.json" });
const SERVER = { command: "yaml-language-server", args: ["--stdio"], extensionToLanguage: { ".yaml": "yaml" } };

describe("lsp-schema", () => {
  it("says once that servers wrapped in a key are read as one server named after it", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "lsp.json": JSON.stringify({ lspServers: { yaml: SERVER, json: { ...SERVER, command: "json-ls" } } }, null, 2),
    });
    const found = await findingsFor(root, [lspSchema]);
    expect(found.map((f) => `${f.location.file}:${f.location.start.line} ${f.message.split(":")[0]}`)).toEqual([
      'lsp.json:2 the servers are wrapped in "lspServers"',
    ]);
  });

  it("accepts the same servers at the top level", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "lsp.json": JSON.stringify({ yaml: SERVER }, null, 2),
    });
    expect(await findingsFor(root, [lspSchema])).toEqual([]);
  });
});
