import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig, loadConfig } from "../../scripts/core/config.ts";
import type { Rule } from "../../scripts/core/types.ts";
import { fixProject, MAX_PASSES } from "../../scripts/fix/fixer.ts";
import { WriteError, writeChanges } from "../../scripts/fix/write.ts";
import { rules } from "../../scripts/rules/index.ts";
import { validateCli } from "../helpers/cli.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";

const MANIFEST = `${JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo.", author: { name: "Demo" } }, null, 2)}\n`;

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), "utf8");

async function fixed(files: Record<string, string>): Promise<{ root: string; stderr: string; code: number }> {
  const root = writeTree(files);
  const run = await validateCli(["--fix", "."], root);
  return { root, stderr: run.stderr, code: run.code };
}

describe("what --fix writes", () => {
  it("quotes a placeholder after escapes, in JSON and in a double-quoted YAML scalar", async () => {
    const { root } = await fixed({
      ".claude-plugin/plugin.json": MANIFEST,
      "hooks/hooks.json": `{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo \\u0041\\t\\"x\\" && \${CLAUDE_PLUGIN_ROOT}/s.sh"}]}]}}\n`,
      "skills/fmt/SKILL.md":
        '---\nname: fmt\ndescription: Formats files after edits when the user asks for it.\nhooks:\n  Stop:\n    - hooks:\n        - type: command\n          command: "echo \\"hi\\" && ${CLAUDE_PLUGIN_DATA}/x.sh"\n---\n\nFormat.\n',
    });
    expect(read(root, "hooks/hooks.json")).toBe(
      `{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo \\u0041\\t\\"x\\" && \\"\${CLAUDE_PLUGIN_ROOT}/s.sh\\""}]}]}}\n`,
    );
    expect(read(root, "skills/fmt/SKILL.md")).toContain(
      '          command: "echo \\"hi\\" && \\"${CLAUDE_PLUGIN_DATA}/x.sh\\""\n',
    );
  });

  it("renames a quoted YAML key and keeps CRLF line ends", async () => {
    const { root } = await fixed({
      ".claude-plugin/plugin.json": MANIFEST,
      "agents/reviewer.md":
        '---\r\nname: reviewer\r\ndescription: Reviews diffs for correctness before merge.\r\n"modle": opus\r\n---\r\n\r\nReview.\r\n',
    });
    expect(read(root, "agents/reviewer.md")).toBe(
      '---\r\nname: reviewer\r\ndescription: Reviews diffs for correctness before merge.\r\n"model": opus\r\n---\r\n\r\nReview.\r\n',
    );
  });

  it("removes a byte order mark and renames a field of the same file in one run", async () => {
    const { root, code } = await fixed({
      ".claude-plugin/plugin.json": `\uFEFF${MANIFEST.replace('"author"', '"autor"')}`,
    });
    expect(read(root, ".claude-plugin/plugin.json")).toBe(MANIFEST);
    expect(code).toBe(0);
  });

  it("qualifies a subagent_type in a code block and a skill name two plugins share, with the caller's plugin", async () => {
    const plugin = (name: string) => MANIFEST.replace('"demo"', `"${name}"`);
    const skill = (name: string) =>
      `---\nname: style\ndescription: The ${name} house style, for code reviews and rewrites.\n---\n\nFollow the ${name} style.\n`;
    const { root } = await fixed({
      ".claude-plugin/marketplace.json": `${JSON.stringify({
        name: "market",
        owner: { name: "o" },
        description: "d",
        plugins: [
          { name: "one", source: "./one" },
          { name: "two", source: "./two" },
        ],
      })}\n`,
      "one/.claude-plugin/plugin.json": plugin("one"),
      "one/skills/style/SKILL.md": skill("one"),
      "one/agents/reviewer.md":
        '---\nname: reviewer\ndescription: Reviews diffs for correctness before merge.\ntools: Read\nskills: [style]\n---\n\nDelegate:\n\n```json\n{ "subagent_type": "reviewer" }\n```\n',
      "two/.claude-plugin/plugin.json": plugin("two"),
      "two/skills/style/SKILL.md": skill("two"),
    });
    expect(read(root, "one/agents/reviewer.md")).toBe(
      '---\nname: reviewer\ndescription: Reviews diffs for correctness before merge.\ntools: Read\nskills: [one:style]\n---\n\nDelegate:\n\n```json\n{ "subagent_type": "one:reviewer" }\n```\n',
    );
  });
});

describe("mars-validate --fix and --fix-dry-run", () => {
  const broken = () =>
    writeTree({
      ".claude-plugin/plugin.json": MANIFEST.replace('"version"', '"versoin"'),
      "agents/reviewer.md":
        "---\nname: reviewer\ndescription: Reviews diffs for correctness before merge.\ntools: Read\nmodel: sonnett\n---\n\nReview.\n",
    });

  it("lists each fix on stderr, writes it, then reports what is left", async () => {
    const root = broken();
    const run = await validateCli(["--fix", "--format", "json", "."], root);
    expect(run.stderr).toBe(
      'fixed .claude-plugin/plugin.json:3:3  plugin-manifest-schema  rename "versoin" to "version"\n' +
        "mars-validate: 1 fix written in 1 file\n",
    );
    expect(read(root, ".claude-plugin/plugin.json")).toBe(MANIFEST);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual(["model-valid"]);
    expect(run.code).toBe(1);
  });

  it("prints the diff, writes nothing and exits 1 when there is something to fix; exits 0 when not", async () => {
    const root = broken();
    const before = read(root, ".claude-plugin/plugin.json");
    const run = await validateCli(["--fix-dry-run"], root);
    expect(run.stdout).toBe(
      "diff --git a/.claude-plugin/plugin.json b/.claude-plugin/plugin.json\n" +
        "--- a/.claude-plugin/plugin.json\n" +
        "+++ b/.claude-plugin/plugin.json\n" +
        "@@ -1,6 +1,6 @@\n" +
        " {\n" +
        '   "name": "demo",\n' +
        '-  "versoin": "1.0.0",\n' +
        '+  "version": "1.0.0",\n' +
        '   "description": "Demo.",\n' +
        '   "author": {\n' +
        '     "name": "Demo"\n',
    );
    expect(run.stderr).toContain("would fix .claude-plugin/plugin.json:3:3");
    expect(run.code).toBe(1);
    expect(read(root, ".claude-plugin/plugin.json")).toBe(before);
    const clean = writeTree({ ".claude-plugin/plugin.json": MANIFEST });
    expect(await validateCli(["--fix-dry-run"], clean)).toEqual({
      code: 0,
      stdout: "",
      stderr: "mars-validate: nothing to fix\n",
    });
  });

  it("reports a sub-folder's fixes and diff with paths from the current folder", async () => {
    const root = broken();
    const parent = path.dirname(root);
    const name = path.basename(root);
    const run = await validateCli(["--fix-dry-run", name], parent);
    expect(run.stdout).toContain(
      `diff --git a/${name}/.claude-plugin/plugin.json b/${name}/.claude-plugin/plugin.json\n`,
    );
    expect(run.stderr).toContain(`would fix ${name}/.claude-plugin/plugin.json:3:3`);
  });

  it("refuses --fix with --fix-dry-run", async () => {
    const run = await validateCli(["--fix", "--fix-dry-run"], broken());
    expect(run).toMatchObject({ code: 2, stderr: "mars-validate: --fix and --fix-dry-run exclude each other\n" });
  });

  it("never writes through a symbolic link, into a read-only file or into an ignored one", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "real/reviewer.md":
        "---\nname: reviewer\ndescription: Reviews diffs for correctness before merge.\nmodle: opus\n---\n\nReview.\n",
      "agents/locked.md":
        "---\nname: locked\ndescription: Reviews diffs for correctness before merge.\nmodle: opus\n---\n\nReview.\n",
      "agents/skipped.md":
        "---\nname: skipped\ndescription: Reviews diffs for correctness before merge.\nmodle: opus\n---\n\nReview.\n",
      ".mars-validate.json": JSON.stringify({ ignore: ["agents/skipped.md"] }),
    });
    fs.symlinkSync("../real/reviewer.md", path.join(root, "agents", "reviewer.md"));
    fs.chmodSync(path.join(root, "agents", "locked.md"), 0o444);
    const before = new Map(
      ["real/reviewer.md", "agents/locked.md", "agents/skipped.md"].map((f) => [f, read(root, f)]),
    );
    const run = await validateCli(["--fix"], root);
    expect(run.stderr).toContain(
      "not fixed: agents/reviewer.md: it is a symbolic link; fixes never write through a link\n",
    );
    expect(run.stderr).toContain("not fixed: agents/locked.md: it is read-only (chmod u+w lets --fix in)\n");
    expect(run.stderr).not.toContain("skipped");
    for (const [file, text] of before) expect(read(root, file), file).toBe(text);
    expect(fs.lstatSync(path.join(root, "agents", "reviewer.md")).isSymbolicLink()).toBe(true);
    expect(fs.statSync(path.join(root, "agents", "locked.md")).mode & 0o777).toBe(0o444);
  });

  it("does not overwrite an edit made after the fixes were computed", () => {
    const root = broken();
    const { config } = loadConfig(root);
    const outcome = fixProject(root, config, rules);
    fs.writeFileSync(path.join(root, ".claude-plugin", "plugin.json"), "{}\n");
    expect(() => writeChanges(root, outcome.changes)).toThrow(WriteError);
    expect(read(root, ".claude-plugin/plugin.json")).toBe("{}\n");
  });
});

describe("the fix passes", () => {
  /** A rule offering to replace every "aa" with "b": its fixes overlap in "aaa". */
  const squash: Rule = {
    id: "squash",
    description: "aa becomes b.",
    severity: "warning",
    consequence: "none",
    check({ project, report }) {
      for (const file of project.files)
        for (let at = file.text.indexOf("aa"); at >= 0; at = file.text.indexOf("aa", at + 1))
          report({
            file,
            at: { offset: at },
            message: `aa at ${at}`,
            fix: {
              kind: "edit",
              file: file.path,
              edits: [{ start: at, end: at + 2, text: "b" }],
              description: "squash",
            },
          });
    },
  };

  it("apply overlapping fixes in later passes, after the rules have seen the new text", () => {
    // "aaaa": the first pass takes 0-2 and defers 1-3 and 2-4 (they overlap or touch it); the
    // second sees "baa" and takes its one "aa"; the third finds nothing.
    const root = writeTree({ "commands/x.md": "---\ndescription: aaaa\n---\n" });
    const outcome = fixProject(root, defaultConfig(), [squash]);
    expect(outcome.changes.map((c) => c.after)).toEqual(["---\ndescription: bb\n---\n"]);
    expect(outcome.applied.map((a) => a.pass)).toEqual([1, 2]);
    expect(outcome.passes).toBe(3);
  });

  it(`stop after ${MAX_PASSES} passes when fixes keep coming`, () => {
    const grow: Rule = {
      ...squash,
      id: "grow",
      check({ project, report }) {
        for (const file of project.files)
          report({
            file,
            message: "grow",
            fix: { kind: "edit", file: file.path, edits: [{ start: 0, end: 0, text: "x" }], description: "grow" },
          });
      },
    };
    const root = writeTree({ "commands/x.md": "---\ndescription: d\n---\n" });
    const outcome = fixProject(root, defaultConfig(), [grow]);
    expect(outcome.passes).toBe(MAX_PASSES);
    expect(outcome.changes[0]!.after).toBe(`${"x".repeat(MAX_PASSES)}---\ndescription: d\n---\n`);
  });
});

describe("mars-validate --init", () => {
  it("writes a starter config that the validator accepts, naming the published schema", async () => {
    const root = tempDir("mars-init-");
    const run = await validateCli(["--init"], root);
    expect(run).toEqual({ code: 0, stdout: `wrote ${path.join(root, ".mars-validate.json")}\n`, stderr: "" });
    const config = JSON.parse(read(root, ".mars-validate.json")) as Record<string, unknown>;
    expect(config.$schema).toMatch(
      /^https:\/\/unpkg\.com\/mars-validate@\d+\.\d+\.\d+\/scripts\/schemas\/validator-config\.schema\.json$/,
    );
    expect(Object.keys(config)).toEqual(["$schema", "ignore", "externalPlugins", "rules", "overrides"]);
    expect(loadConfig(root).problems).toEqual([]);
  });

  it("names the schema of the installed package when a node_modules above the folder has it", async () => {
    const project = tempDir("mars-init-");
    const schema = path.join(project, "node_modules/mars-validate/scripts/schemas/validator-config.schema.json");
    fs.mkdirSync(path.dirname(schema), { recursive: true });
    fs.writeFileSync(schema, "{}");
    fs.mkdirSync(path.join(project, "plugins", "orders"), { recursive: true });
    await validateCli(["--init", "plugins/orders"], project);
    expect(JSON.parse(read(project, "plugins/orders/.mars-validate.json")).$schema).toBe(
      "../../node_modules/mars-validate/scripts/schemas/validator-config.schema.json",
    );
    await validateCli(["--init"], project);
    expect(JSON.parse(read(project, ".mars-validate.json")).$schema).toBe(
      "./node_modules/mars-validate/scripts/schemas/validator-config.schema.json",
    );
  });

  it("never replaces a config, nor writes through a link standing in its place", async () => {
    const root = writeTree({ ".mars-validate.json": '{ "rules": {} }\n' });
    const run = await validateCli(["--init"], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("mars-validate: .mars-validate.json exists already; it was left as it is\n");
    expect(read(root, ".mars-validate.json")).toBe('{ "rules": {} }\n');
    const linked = tempDir("mars-init-");
    fs.symlinkSync(path.join(linked, "elsewhere.json"), path.join(linked, ".mars-validate.json"));
    expect((await validateCli(["--init"], linked)).code).toBe(2);
    expect(fs.existsSync(path.join(linked, "elsewhere.json"))).toBe(false);
  });
});

describe("--config and --rule", () => {
  const root = () =>
    writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "agents/reviewer.md":
        "---\nname: reviewer\ndescription: Reviews diffs for correctness before merge.\nmodel: sonnett\n---\n\nReview.\n",
      "other.json": JSON.stringify({ rules: { "model-valid": "warning" } }),
    });

  it("--rule sets a severity for one run and --config reads another file", async () => {
    const dir = root();
    expect((await validateCli(["--rule", "model-valid=off"], dir)).code).toBe(0);
    const json = await validateCli(["--config", "other.json", "--format", "json"], dir);
    expect((JSON.parse(json.stdout) as { summary: unknown }).summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(json.code).toBe(0);
  });

  it("rejects an unknown rule id with a suggestion and a severity it does not know", async () => {
    const dir = root();
    expect(await validateCli(["--rule", "model-vaild=off"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `mars-validate: invalid configuration in .:\n  unknown rule "model-vaild"; did you mean "model-valid"?\n`,
    });
    expect((await validateCli(["--rule", "model-valid=loud"], dir)).stderr).toBe(
      'mars-validate: --rule takes <rule-id>=<error|warning|note|off>, not "model-valid=loud"\n',
    );
    expect((await validateCli(["--config", "missing.json"], dir)).stderr).toBe(
      "mars-validate: invalid configuration in .:\n  missing.json cannot be read (ENOENT)\n",
    );
  });
});
