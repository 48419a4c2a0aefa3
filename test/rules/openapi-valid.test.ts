import { describe, expect, it } from "vitest";
import { codeRules } from "../../scripts/rules/code/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const rules = codeRules.filter((r) => r.id === "openapi-valid");
const manifest = JSON.stringify({ name: "demo", version: "1.0.0" });
const SKILL = "---\nname: api\ndescription: d\n---\n\nThe contract.\n";

async function messages(file: string, text: string): Promise<string[]> {
  // A skill's files are what Claude Code reads; an API description there is an example it follows.
  const root = writeTree({
    ".claude-plugin/plugin.json": manifest,
    "skills/api/SKILL.md": SKILL,
    [`skills/api/${file}`]: text,
  });
  return (await findingsFor(root, rules)).map(
    (f) => `${f.location.start.line}:${f.location.start.column} ${f.message}`,
  );
}

describe("openapi-valid", () => {
  it.for([
    ["paths: null", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: null\n"],
    [
      "a $ref that is not a string",
      "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {$ref: 7}\n",
    ],
    ["a list at the top", "- openapi: 3.1.0\n"],
    ["a scalar document", "3.1.0\n"],
    ["deep nesting", `openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx-deep: ${"[".repeat(150)}${"]".repeat(150)}\n`],
  ])("never throws on %s", async ([, text]) => {
    await expect(messages("api.yaml", text!)).resolves.toBeInstanceOf(Array);
  });

  it("ignores documents that are not OpenAPI 3.x", async () => {
    expect(await messages("api.yaml", "swagger: '2.0'\ninfo: {}\n")).toEqual([]);
    expect(await messages("config.json", '{ "openapi": true }')).toEqual([]);
    expect(await messages("stream.yaml", "---\nopenapi: 3.1.0\n---\nopenapi: 3.1.0\n")).toEqual([]);
  });

  it("reports one finding for a misspelt required key", async () => {
    const text =
      "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          descripton: ok\n";
    expect(await messages("api.yaml", text)).toEqual([
      '10:11 unknown property "descripton" in "paths./a.get.responses.200"',
    ]);
  });

  it("accepts nullable in 3.0 and flags it in 3.1", async () => {
    const body =
      "info: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string, nullable: true}\n";
    expect(await messages("api.yaml", `openapi: 3.0.3\n${body}`)).toEqual([]);
    expect(await messages("api.yaml", `openapi: 3.1.0\n${body}`)).toEqual([
      '6:23 "nullable" was removed in OpenAPI 3.1; this schema is not nullable',
    ]);
  });

  it("resolves relative file references against the project", async () => {
    const text =
      "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'schemas/a.yaml'}\n    B: {$ref: '../shared/b.yaml#/B'}\n    C: {$ref: '../../../outside.yaml'}\n    D: {$ref: 'schemas/missing.yaml'}\n";
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest,
      "skills/api/SKILL.md": SKILL,
      "skills/api/openapi.yaml": text,
      "skills/api/schemas/a.yaml": "type: string\n",
      "skills/shared/b.yaml": "B: {type: string}\n",
    });
    expect((await findingsFor(root, rules)).map((f) => f.message)).toEqual([
      '"$ref" file "schemas/missing.yaml" does not exist',
    ]);
  });
});
