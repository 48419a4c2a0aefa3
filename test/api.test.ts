import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_FILE, fix, init, validate, ValidateError } from "../scripts/api.ts";
import { validateCli } from "./helpers/cli.ts";
import { tempDir, writeTree } from "./helpers/repo.ts";

const MANIFEST = `${JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo.", author: { name: "Demo" } }, null, 2)}\n`;
const AGENT =
  "---\nname: reviewer\ndescription: Reviews pull requests for correctness and style. Use when a diff needs review.\ntools: Read\nmodel: sonnett\ncolr: blue\n---\n\nBody.\n";

function plugin(extra: Record<string, string> = {}): string {
  return writeTree({ ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": AGENT, ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<ValidateError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidateError) return error;
    throw error;
  }
  throw new Error("it did not reject");
}

describe("validate()", () => {
  it("returns the findings and summary the CLI prints as JSON, with the rules that ran and their pages", async () => {
    const root = plugin();
    const result = await validate(".", { cwd: root });
    const cli = JSON.parse((await validateCli(["--format", "json", "."], root)).stdout) as {
      findings: { ruleId: string; file: string; line: number; column: number; message: string }[];
      summary: unknown;
    };
    expect(result.summary).toEqual(cli.summary);
    expect(result.findings.map((f) => [f.ruleId, f.location.file, f.location.start.line, f.message])).toEqual(
      cli.findings.map((f) => [f.ruleId, f.file, f.line, f.message]),
    );
    expect(result.failed).toBe(true);
    const modelValid = result.rules.find((rule) => rule.id === "model-valid")!;
    expect(modelValid.docs.endsWith("/docs/rules/model-valid.md")).toBe(true);
    expect(modelValid.fixable).toBeUndefined();
    expect(result.rules.find((rule) => rule.id === "agent-frontmatter-schema")!.fixable).toMatch(/^renames/);
    const typo = result.findings.find((f) => f.ruleId === "agent-frontmatter-schema")!;
    expect(typo.fixes).toEqual([
      {
        kind: "edit",
        file: "agents/reviewer.md",
        edits: [{ start: AGENT.indexOf("colr"), end: AGENT.indexOf("colr") + 4, text: "color" }],
        description: 'rename "colr" to "color"',
      },
    ]);
  });

  it("takes the command line's options: rules, strict, notes, budget, config and cwd", async () => {
    const root = plugin({ "other.json": JSON.stringify({ rules: { "model-valid": "warning" } }) });
    const off = await validate(root, { rules: { "model-valid": "off" } });
    expect(off.findings.some((f) => f.ruleId === "model-valid")).toBe(false);
    expect(off.failed).toBe(false);
    expect((await validate(root, { rules: { "model-valid": "off" }, strict: true })).failed).toBe(true);
    const withConfig = await validate(root, { config: path.join(root, "other.json") });
    expect(withConfig.findings.find((f) => f.ruleId === "model-valid")?.severity).toBe("warning");
    const quiet = await validate(root, { notes: false });
    expect(quiet.findings.every((f) => f.severity !== "note")).toBe(true);
    // "Body." is one token: a longer body is what goes over a budget of one.
    const long =
      "---\nname: long\ndescription: Explains things at length. Use when asked to.\n---\n\n" + "Long body. ".repeat(8);
    const budgetRoot = plugin({ "agents/long.md": long });
    const budget = await validate(budgetRoot, { budget: true, budgets: { onInvoke: { agent: 1 } } });
    expect(budget.budget?.[0]).toMatchObject({ plugin: "demo", limits: { onInvoke: { agent: 1, skill: 5000 } } });
    expect(budget.findings.some((f) => f.ruleId === "token-budget")).toBe(true);
    const parent = path.dirname(root);
    const relative = await validate(path.basename(root), { cwd: parent });
    expect(relative.findings[0]!.location.file.startsWith(`${path.basename(root)}/`)).toBe(true);
    expect(relative.findings[0]!.fixes?.[0]?.file.startsWith(`${path.basename(root)}/`) ?? true).toBe(true);
  });

  it("rejects with a ValidateError saying why it could not validate at all", async () => {
    const root = plugin({ [CONFIG_FILE]: JSON.stringify({ rules: { "model-vaild": "off" } }) });
    const config = await rejection(validate(root));
    expect(config.reason).toBe("config");
    expect(config.details).toEqual([
      `${CONFIG_FILE}: unknown property "model-vaild" in "rules" (did you mean "model-valid"?)`,
    ]);
    expect(config.message).toBe(`invalid configuration in ${root}:\n  ${config.details[0]}`);
    expect((await rejection(validate(path.join(root, "nope")))).reason).toBe("path");
    expect((await rejection(validate(tempDir()))).reason).toBe("empty");
    expect((await rejection(validate(plugin(), { rules: { "no-such-rule": "off" } }))).details).toEqual([
      'unknown rule "no-such-rule"',
    ]);
  });
});

describe("fix() and init()", () => {
  it("computes the fixes and their diff without writing, then writes them", async () => {
    const root = plugin();
    const dry = await fix(".", { cwd: root, write: false });
    expect(dry.applied.map((a) => [a.ruleId, a.file, a.fix.description])).toEqual([
      ["agent-frontmatter-schema", "agents/reviewer.md", 'rename "colr" to "color"'],
    ]);
    expect(dry.diff).toContain("-colr: blue\n+color: blue\n");
    expect(fs.readFileSync(path.join(root, "agents", "reviewer.md"), "utf8")).toBe(AGENT);
    const written = await fix(".", { cwd: root });
    expect(written.changes).toEqual(dry.changes);
    expect(fs.readFileSync(path.join(root, "agents", "reviewer.md"), "utf8")).toBe(dry.changes[0]!.after);
  });

  it("writes a starter config once", async () => {
    const root = tempDir();
    expect(init(".", { cwd: root })).toBe(path.join(root, CONFIG_FILE));
    expect(() => init(root)).toThrow(ValidateError);
  });
});
