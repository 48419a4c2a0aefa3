import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { createAjv } from "../../scripts/core/schema.ts";
import { bundleEntry } from "../../scripts/pack/bundle.ts";
import { schemaName, standaloneValidatorsSource } from "../../scripts/pack/validators.ts";
import { schemas } from "../../scripts/schemas/index.ts";
import { REPO_ROOT, tempDir } from "../helpers/repo.ts";

// Inside the repository, so the generated code's require("ajv/dist/runtime/…") resolves.
const scratch = path.join(REPO_ROOT, ".cache", `validators-test-${process.pid}`);
fs.mkdirSync(scratch, { recursive: true });
const validatorsFile = path.join(scratch, "validators.cjs");
fs.writeFileSync(validatorsFile, standaloneValidatorsSource());

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const summary = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();

const SAMPLES: Record<string, unknown[]> = {
  "plugin-manifest": [
    { name: "orders", version: "1.0.0", description: "Orders API helpers." },
    { name: "Orders API", autor: "x", homepage: "not a url", hooks: { PreToolUse: "x" } },
  ],
  "agent-frontmatter": [
    { name: "reviewer", description: "Reviews." },
    { name: 3, color: "plaid", maxTurns: -1 },
  ],
  "validator-config": [{ rules: { "agent-name-format": "off" } }, { rules: { "agent-nme-format": "of" } }],
  marketplace: [
    { name: "m", owner: { name: "o" }, plugins: [] },
    { name: "m", plugins: [{ source: 3 }] },
  ],
};

describe("precompiled schema validators", () => {
  const precompiled = createRequire(import.meta.url)(validatorsFile) as Record<string, ValidateFunction>;
  const ajv = createAjv({ checkSchemas: false });

  it("exports one validator per schema, by name", () => {
    expect(Object.keys(precompiled).sort()).toEqual(schemas.map((s) => schemaName(String(s.$id))).sort());
  });

  it("accepts and rejects exactly what the in-memory validators do, with the same errors", () => {
    for (const [name, documents] of Object.entries(SAMPLES)) {
      const schema = schemas.find((s) => schemaName(String(s.$id)) === name)!;
      const inMemory = ajv.getSchema(String(schema.$id))!;
      for (const document of documents) {
        const expected = inMemory(document);
        expect(precompiled[name]!(document), `${name} ${JSON.stringify(document)}`).toBe(expected);
        expect(summary(precompiled[name]!.errors)).toEqual(summary(inMemory.errors));
      }
    }
  });

  it("replaces scripts/schemas/precompiled.ts in a bundle built by the pack build", async () => {
    const entry = path.relative(REPO_ROOT, path.join(scratch, "entry.ts"));
    fs.writeFileSync(
      path.join(REPO_ROOT, entry),
      [
        `import { precompiledValidators } from "${path.relative(scratch, path.join(REPO_ROOT, "scripts/schemas/precompiled.ts")).split(path.sep).join("/")}";`,
        `const check = precompiledValidators?.["plugin-manifest"];`,
        `console.log(JSON.stringify({ names: Object.keys(precompiledValidators ?? {}).length, valid: check?.({ name: "orders" }), invalid: check?.({ name: 3 }) }));`,
      ].join("\n"),
    );
    const out = tempDir("mars-precompiled-");
    await bundleEntry(REPO_ROOT, { source: entry, output: "bundle.mjs" }, out, validatorsFile);
    const printed = execFileSync(process.execPath, [path.join(out, "bundle.mjs")], { encoding: "utf8" });
    expect(JSON.parse(printed)).toEqual({ names: schemas.length, valid: true, invalid: false });
  });
});
