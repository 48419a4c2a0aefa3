import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { createAjv, SCHEMA_DIR } from "../scripts/core/schema.ts";
import { allRules as rules } from "./helpers/validate.ts";
import { REPO_ROOT } from "./helpers/repo.ts";
import { FIXTURES } from "./helpers/validate.ts";

describe("rule registry", () => {
  it("gives every rule a unique kebab-case id, a doc line and a module named after it", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const modules = new Set(
      fg
        .sync(["scripts/rules/*/*.ts", "scripts/house/rules/*.ts"], { cwd: REPO_ROOT })
        .map((f) => path.basename(f, ".ts")),
    );
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
      expect(rule.description.length, rule.id).toBeGreaterThan(20);
      expect(modules.has(rule.id), `scripts/rules/<group>/${rule.id}.ts`).toBe(true);
    }
  });

  it("has a passing and a failing fixture for every rule, and no fixture without a rule", () => {
    const dirs = fs.readdirSync(path.join(FIXTURES, "rules"));
    expect(dirs.sort()).toEqual(rules.map((r) => r.id).sort());
    for (const rule of rules) {
      expect(fs.existsSync(path.join(FIXTURES, "rules", rule.id, "pass")), `${rule.id}/pass`).toBe(true);
      expect(
        fs.existsSync(path.join(FIXTURES, "rules", rule.id, "fail", "expected.txt")),
        `${rule.id}/fail/expected.txt`,
      ).toBe(true);
    }
  });

  it("documents every rule in the README", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    for (const rule of rules) expect(readme, rule.id).toContain(`\`${rule.id}\``);
  });
});

describe("schemas", () => {
  it("compile under ajv strict mode and describe every top-level property", () => {
    const instance = createAjv({ checkSchemas: true });
    for (const file of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".json"))) {
      const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")) as {
        $id: string;
        $schema: string;
        properties?: Record<string, { description?: string; $ref?: string }>;
      };
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(instance.getSchema(schema.$id), file).toBeDefined();
      expect(instance.validateSchema(schema), `${file}: ${instance.errorsText()}`).toBe(true);
      for (const [key, property] of Object.entries(schema.properties ?? {}))
        expect(property.description ?? property.$ref, `${file} ${key}`).toBeDefined();
    }
  });
});
