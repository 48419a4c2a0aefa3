import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../scripts/core/config.ts";
import { CONFIG_SCHEMA_FILE, configSchemaWithRules, listedRuleIds } from "../../scripts/pack/config-schema.ts";
import { REPO_ROOT, writeTree } from "../helpers/repo.ts";
import { allRules } from "../helpers/validate.ts";

const schemaText = () => fs.readFileSync(path.join(REPO_ROOT, CONFIG_SCHEMA_FILE), "utf8");

function configProblems(config: unknown): string[] {
  return loadConfig(writeTree({ ".mars-validate.json": JSON.stringify(config) })).problems;
}

describe("config schema rule list", () => {
  it("lists exactly the registered rule ids, general and house, in id order (npm run schemas writes it)", () => {
    const ids = allRules.map((rule) => rule.id).sort();
    expect(listedRuleIds(schemaText())).toEqual(ids);
    const result = configSchemaWithRules(schemaText(), allRules);
    expect(result).toEqual({ ok: true, text: schemaText() });
  });

  it("describes each rule with its registry line and default severity", () => {
    const schema = JSON.parse(schemaText()) as {
      $defs: { ruleSeverities: { properties: Record<string, { description: string; default: string }> } };
    };
    for (const rule of allRules) {
      const property = schema.$defs.ruleSeverities.properties[rule.id];
      expect(property?.description, rule.id).toBe(rule.description);
      expect(property?.default, rule.id).toBe(rule.severity);
    }
  });

  it("rejects an unknown rule id in rules and overrides with a suggestion, and accepts known ones", () => {
    expect(configProblems({ rules: { "agent-nme-format": "off" } })).toEqual([
      '.mars-validate.json: unknown property "agent-nme-format" in "rules" (did you mean "agent-name-format"?)',
    ]);
    expect(configProblems({ overrides: [{ files: ["agents/**"], rules: { "stale-idiomz": "off" } }] })).toEqual([
      '.mars-validate.json: unknown property "stale-idiomz" in "overrides.0.rules" (did you mean "stale-idiom"?)',
    ]);
    expect(
      configProblems({
        rules: { "agent-name-format": "error", "stale-idiom": "off" },
        overrides: [{ files: ["agents/**"], rules: { "agent-bash-write": "warning" } }],
      }),
    ).toEqual([]);
  });

  it("adds a new rule and drops a removed one without touching the rest of the file", () => {
    const renamed = allRules.map((rule) =>
      rule.id === "agent-name-format" ? { ...rule, id: "agent-name-shape", description: "A new line." } : rule,
    );
    const result = configSchemaWithRules(schemaText(), renamed);
    if (!result.ok) throw new Error(result.reason);
    expect(listedRuleIds(result.text)).toContain("agent-name-shape");
    expect(listedRuleIds(result.text)).not.toContain("agent-name-format");
    const strip = (text: string) => {
      const schema = JSON.parse(text) as { $defs: { ruleSeverities: { properties: unknown } } };
      schema.$defs.ruleSeverities.properties = {};
      return schema;
    };
    expect(strip(result.text)).toEqual(strip(schemaText()));
  });

  it("refuses a file whose layout a rewrite would change, one without the list, and duplicate ids", () => {
    const compact = JSON.stringify(JSON.parse(schemaText()));
    expect(configSchemaWithRules(compact, allRules)).toMatchObject({ ok: false, reason: /JSON\.stringify/ });
    const noDefs = `${JSON.stringify({ type: "object" }, null, 2)}\n`;
    expect(configSchemaWithRules(noDefs, allRules)).toMatchObject({ ok: false, reason: /ruleSeverities/ });
    expect(configSchemaWithRules("{", allRules)).toMatchObject({ ok: false, reason: /not JSON/ });
    const twice = [...allRules, allRules[0]!];
    expect(configSchemaWithRules(schemaText(), twice)).toMatchObject({ ok: false, reason: /registered twice/ });
  });
});
