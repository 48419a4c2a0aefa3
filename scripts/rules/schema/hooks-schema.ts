import { schemaRule } from "./schema-rule.ts";

export const hooksSchema = schemaRule({
  id: "hooks-schema",
  description:
    'hooks.json has the {"hooks": {...}} wrapper, known event names, and handlers with the fields their type needs.',
  consequence:
    'A hooks file without the {"hooks": {...}} wrapper, with an unknown event or a handler missing its required field fails to load, and the plugin runs without those hooks (a broken PreToolUse or PermissionRequest hook disables the whole plugin in 2.1.330).',
  schema: "hooks",
  kinds: ["hooks"],
});
