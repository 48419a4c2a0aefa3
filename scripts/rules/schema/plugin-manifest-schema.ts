import { schemaRule } from "./schema-rule.ts";

export const pluginManifestSchema = schemaRule({
  id: "plugin-manifest-schema",
  description:
    'plugin.json matches the manifest schema Claude Code loads (types, "./" paths, strict nested objects); unknown fields are flagged with a suggestion.',
  consequence:
    'A plugin.json that does not match the schema Claude Code loads (a wrong type, a path without "./", an unknown key in a strict nested object) fails to load, so none of the plugin\'s components are available; unknown top-level keys are ignored with a validate warning.',
  schema: "plugin-manifest",
  kinds: ["plugin-manifest"],
});
