import type { SchemaProblem } from "../../core/schema.ts";
import { schemaRule, valueAt, type Restated } from "./schema-rule.ts";

/** Names a file may wrap its servers in, copied from the manifest's field or from .mcp.json's shape. */
const WRAPPERS = new Set(["lspServers", "servers"]);

function isServerMap(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.values(value).length > 0 &&
    Object.values(value).every((server) => server !== null && typeof server === "object" && !Array.isArray(server))
  );
}

/**
 * `{"lspServers": {"yaml": {...}}}`: servers wrapped in a key, as plugin.json or .mcp.json would
 * hold them. In an LSP file every top-level key is a server, so the schema sees one server named
 * "lspServers" that lacks a command and an extension map and has unknown keys: one cause, said
 * once per file.
 */
function restateWrappedServers(data: unknown, problem: SchemaProblem): Restated | "skip" | undefined {
  const wrapper = problem.path[0];
  if (typeof wrapper !== "string" || !WRAPPERS.has(wrapper) || !isServerMap(valueAt(data, [wrapper]))) return undefined;
  if (!(problem.path.length === 1 && problem.part === "missing" && problem.message.includes('"command"')))
    return "skip";
  return {
    message: `the servers are wrapped in "${wrapper}": in an LSP file each top-level key is a server, so Claude Code reads one server named "${wrapper}" with no command and starts none of them`,
    hint: `move each server to the top level of the file (an LSP config needs "command" and "extensionToLanguage")`,
    group: "wrapped-servers",
  };
}

export const lspSchema = schemaRule({
  id: "lsp-schema",
  description: ".lsp.json holds language servers with a command and an extension map.",
  consequence:
    "Claude Code does not start a language server whose config lacks a command or an extension map, or holds keys its strict schema refuses.",
  schema: "lsp",
  kinds: ["lsp"],
  restate: restateWrappedServers,
});
