import { schemaRule } from "./schema-rule.ts";

export const pluginManifestSchema = schemaRule({
  id: "plugin-manifest-schema",
  description:
    'plugin.json matches the manifest schema Claude Code loads (types, "./" paths, strict nested objects); unknown fields are flagged with a suggestion.',
  schema: "plugin-manifest",
  kinds: ["plugin-manifest"],
});
