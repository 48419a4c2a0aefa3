import { schemaRule } from "./schema-rule.ts";

export const hooksSchema = schemaRule({
  id: "hooks-schema",
  description:
    'hooks.json has the {"hooks": {...}} wrapper, known event names, and handlers with the fields their type needs.',
  schema: "hooks",
  kinds: ["hooks"],
});
