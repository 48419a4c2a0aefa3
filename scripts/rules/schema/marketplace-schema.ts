import { schemaRule } from "./schema-rule.ts";

export const marketplaceSchema = schemaRule({
  id: "marketplace-schema",
  description: "marketplace.json matches the marketplace schema: owner, plugin entries and their typed sources.",
  consequence:
    "`claude plugin marketplace add` refuses a marketplace.json that does not match the schema (missing owner, an entry without name or source, an unknown source type), so none of its plugins can be installed.",
  schema: "marketplace",
  kinds: ["marketplace"],
});
