import { schemaRule } from "./schema-rule.ts";

export const lspSchema = schemaRule({
  id: "lsp-schema",
  description: ".lsp.json holds language servers with a command and an extension map.",
  schema: "lsp",
  kinds: ["lsp"],
});
