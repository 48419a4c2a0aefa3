import { describe, expect, it } from "vitest";
import { jsonSyntax } from "../../scripts/rules/files/json-syntax.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "alpha", version: "1.0.0", description: "d", author: { name: "a" } });

async function severities(files: Record<string, string>): Promise<string[]> {
  const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, ...files });
  return (await findingsFor(root, [jsonSyntax])).map((f) => `${f.severity} ${f.location.file} ${f.message}`);
}

describe("json-syntax: a duplicate key costs what the file's reader loses", () => {
  it("is an error in a file Claude Code loads (hooks): the first handler is dropped", async () => {
    expect(await severities({ "hooks/hooks.json": '{"hooks": {"Stop": [], "Stop": []}}' })).toEqual([
      'error hooks/hooks.json duplicate key "Stop": only the last value is kept',
    ]);
  });

  it("is a warning in a skill's asset, and nothing for a repeated comment key (only a comment is dropped)", async () => {
    const skill = { "skills/s/SKILL.md": "---\ndescription: A skill.\n---\n\nSee [config](assets/config.json).\n" };
    expect(
      await severities({
        ...skill,
        "skills/s/assets/config.json": '{"_comment": "a", "rate": 1, "_comment": "b", "//": "c", "rate": 2, "//": "d"}',
      }),
    ).toEqual(['warning skills/s/assets/config.json duplicate key "rate": only the last value is kept']);
  });
});

describe("json-syntax: a file that does not parse", () => {
  it("is reported once, at its first syntax error: an error where Claude Code loads it, a warning in other JSON, a note in test data", async () => {
    const broken = "{ name: 'x', list: [1 2] }\n";
    const skill = { "skills/s/SKILL.md": "---\ndescription: A skill.\n---\n\nSee [data](assets/data.json).\n" };
    const found = await severities({
      ...skill,
      "hooks/hooks.json": broken,
      "skills/s/assets/data.json": broken,
      "skills/s/tests/fixtures/invalid.json": broken,
    });
    expect(found.map((line) => line.split(" ").slice(0, 2).join(" "))).toEqual([
      "error hooks/hooks.json",
      "warning skills/s/assets/data.json",
      "note skills/s/tests/fixtures/invalid.json",
    ]);
  });
});

describe("json-syntax: files read as JSON with comments", () => {
  it("accepts comments and trailing commas in tsconfig, jsconfig and .vscode files, and still reports them elsewhere", async () => {
    const skill = {
      "skills/s/SKILL.md":
        "---\ndescription: A skill.\n---\n\nCopy [tsconfig](assets/tsconfig.json), [settings](assets/.vscode/settings.json) and [data](assets/data.json).\n",
    };
    const jsonc = '{\n  // strict mode\n  "compilerOptions": { "strict": true, },\n}\n';
    expect(
      await severities({
        ...skill,
        "skills/s/assets/tsconfig.json": jsonc,
        "skills/s/assets/.vscode/settings.json": jsonc,
        "skills/s/assets/data.json": jsonc,
      }),
    ).toEqual(["warning skills/s/assets/data.json invalid JSON: comments are not allowed"]);
    // Broken past what JSON with comments allows: reported as before.
    expect(await severities({ ...skill, "skills/s/assets/tsconfig.json": '{ "a": 1 "b": 2 }' })).toHaveLength(1);
  });
});
