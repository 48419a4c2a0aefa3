import { schemaRule } from "./schema-rule.ts";

export const lspSchema = schemaRule({
  id: "lsp-schema",
  description: ".lsp.json holds language servers with a command and an extension map.",
  consequence:
    "Claude Code does not start a language server whose config lacks a command or an extension map, or holds keys its strict schema refuses.",
  schema: "lsp",
  kinds: ["lsp"],
});
