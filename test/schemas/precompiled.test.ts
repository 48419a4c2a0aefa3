import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { createAjv } from "../../scripts/core/schema.ts";
import { bundleEntry } from "../../scripts/pack/bundle.ts";
import { compiledModules, schemaName, writeCompiled } from "../../scripts/schemas/compile.ts";
import { schemas } from "../../scripts/schemas/index.ts";
import {
  compiledDir,
  compiledKey,
  OPENAPI_MINORS,
  precompiledOpenApi,
  precompiledSchema,
} from "../../scripts/schemas/precompiled.ts";
import { REPO_ROOT, tempDir } from "../helpers/repo.ts";

// Inside the repository, so the generated code's require("ajv/dist/runtime/…") resolves.
const scratch = path.join(REPO_ROOT, ".cache", `validators-test-${process.pid}`);
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

const OPENAPI_SAMPLES: unknown[] = [
  {
    info: { title: "Orders", version: "1" },
    paths: { "/orders": { get: { responses: { "200": { description: "ok" } } } } },
  },
  { info: { title: "Orders" }, paths: { "/orders": { get: { responses: {}, parameters: [{ in: "body" }] } } }, x: 1 },
  { info: { title: "Orders", version: "1" }, components: { schemas: { Order: { type: "object", nullable: true } } } },
];

describe("validators compiled ahead of time", () => {
  it("are on disk and compiled from the current schemas and packages (else: npm run schemas)", () => {
    const dir = compiledDir()!;
    for (const file of ["validators.cjs", ...OPENAPI_MINORS.map((m) => `openapi-${m}.cjs`)]) {
      const module = createRequire(import.meta.url)(path.join(dir, file)) as { __key?: string };
      expect(module.__key, `${file}: run npm run schemas`).toBe(compiledKey());
    }
    expect(precompiledSchema("plugin-manifest")).toBeTypeOf("function");
    for (const minor of OPENAPI_MINORS) expect(precompiledOpenApi(minor)).toBeTypeOf("function");
  });

  it("are exactly what the generator writes now", () => {
    const dir = compiledDir()!;
    for (const { file, source } of compiledModules())
      expect(fs.readFileSync(path.join(dir, file), "utf8") === source, `${file}: run npm run schemas`).toBe(true);
  });

  it("export one validator per schema, by name", () => {
    for (const schema of schemas) expect(precompiledSchema(schemaName(String(schema.$id)))).toBeTypeOf("function");
    expect(precompiledSchema("no-such-schema")).toBeUndefined();
    expect(precompiledOpenApi("2.0")).toBeUndefined();
  });

  it("accept and reject exactly what the in-memory validators do, with the same errors", () => {
    const ajv = createAjv({ checkSchemas: false });
    for (const [name, documents] of Object.entries(SAMPLES)) {
      const schema = schemas.find((s) => schemaName(String(s.$id)) === name)!;
      const inMemory = ajv.getSchema(String(schema.$id))!;
      const compiled = precompiledSchema(name)!;
      for (const document of documents) {
        expect(compiled(document), `${name} ${JSON.stringify(document)}`).toBe(inMemory(document));
        expect(summary(compiled.errors)).toEqual(summary(inMemory.errors));
      }
    }
  });

  it("check OpenAPI documents exactly as the OpenAPI package's own compiled schemas do", async () => {
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    const reference = new Validator({ allErrors: true, verbose: true }) as unknown as {
      getAjvValidator(version: string): ValidateFunction;
    };
    const verdicts = new Set<string>();
    for (const minor of OPENAPI_MINORS) {
      const inMemory = reference.getAjvValidator(minor);
      const compiled = precompiledOpenApi(minor)!;
      for (const sample of OPENAPI_SAMPLES) {
        const document = { openapi: `${minor}.0`, ...(sample as object) };
        const valid = inMemory(document);
        verdicts.add(`${minor} ${valid}`);
        expect(compiled(document), `${minor} ${JSON.stringify(document)}`).toBe(valid);
        expect(summary(compiled.errors)).toEqual(summary(inMemory.errors));
      }
    }
    // Every version both accepts and rejects a sample, so the comparison is not vacuous.
    expect(verdicts.size).toBe(OPENAPI_MINORS.length * 2);
  });

  it("replace scripts/schemas/precompiled.ts in a bundle built by the pack build", async () => {
    const compiled = path.join(scratch, "schemas");
    writeCompiled(compiled);
    const entry = path.relative(REPO_ROOT, path.join(scratch, "entry.ts"));
    const stub = path.relative(scratch, path.join(REPO_ROOT, "scripts/schemas/precompiled.ts")).split(path.sep);
    fs.writeFileSync(
      path.join(REPO_ROOT, entry),
      [
        `import { precompiledSchema, precompiledOpenApi } from "${stub.join("/")}";`,
        `const check = precompiledSchema("plugin-manifest");`,
        `const openapi = precompiledOpenApi("3.1");`,
        `console.log(JSON.stringify({ valid: check({ name: "orders" }), invalid: check({ name: 3 }), openapi: openapi({ openapi: "3.1.0" }) }));`,
      ].join("\n"),
    );
    const out = tempDir("mars-precompiled-");
    try {
      await bundleEntry(REPO_ROOT, { source: entry, output: "bundle.mjs" }, out, compiled);
      const bundle = fs.readFileSync(path.join(out, "bundle.mjs"), "utf8");
      // Nothing of the checkout's loader (it reads node_modules/.cache) is left in the bundle.
      expect(bundle).not.toContain("compiledKey");
      const printed = execFileSync(process.execPath, [path.join(out, "bundle.mjs")], { encoding: "utf8" });
      expect(JSON.parse(printed)).toEqual({ valid: true, invalid: false, openapi: false });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
