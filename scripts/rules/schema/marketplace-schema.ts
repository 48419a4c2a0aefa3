import { schemaRule } from "./schema-rule.ts";

export const marketplaceSchema = schemaRule({
  id: "marketplace-schema",
  description: "marketplace.json matches the marketplace schema: owner, plugin entries and their typed sources.",
  schema: "marketplace",
  kinds: ["marketplace"],
});
