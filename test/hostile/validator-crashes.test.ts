import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { agentWith, plugin } from "../../scripts/bench/hostile-cases.ts";
import { defaultConfig } from "../../scripts/core/config.ts";
import { validateProject } from "../../scripts/core/validate.ts";
import { reporters } from "../../scripts/reporters/index.ts";
import { rules } from "../../scripts/rules/index.ts";
import { visible } from "../../scripts/reporters/escape.ts";
import type { Finding } from "../../scripts/core/types.ts";
import { validateCli } from "../helpers/cli.ts";
import { findingsFor } from "../helpers/validate.ts";
import { useHostileFolders } from "./folders.ts";

/**
 * Issue 12, crashes and wrong output: names of Object.prototype members as formats, keys, tool
 * names or fence languages; a Python source that kills the compiler; a config that is no file.
 * Each gets the message it deserves, never "internal error" or "[object Object]".
 */

const { folder } = useHostileFolders();

const PROTOTYPE_NAMES = ["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty", "isPrototypeOf"];

describe("--format with the name of an Object.prototype member", () => {
  it.each(PROTOTYPE_NAMES)("--format %s is the unknown-format usage error", async (format) => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    const run = await validateCli(["--format", format, root], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`mars-validate: unknown format "${format}"; expected text, json, sarif or github\n`);
  });
});

describe("Object.prototype names in the plugin's own text", () => {
  it("frontmatter keys __proto__, constructor, toString are unknown properties with no made-up hint", async () => {
    const root = folder();
    plugin(root, {
      "agents/reviewer.md": agentWith("__proto__: evil\nconstructor: x\ntoString: y\nhasOwnProperty: 2\n"),
      "commands/run.md": "---\ndescription: Runs it\n__proto__:\n  model: opus\n---\nRun.\n",
    });
    const schema = (await findingsFor(root)).filter((f) => f.ruleId.endsWith("frontmatter-schema"));
    expect(schema.map((f) => `${f.location.file}:${f.location.start.line} ${f.message} | ${f.hint}`)).toEqual([
      'agents/reviewer.md:5 unknown property "__proto__"; Claude Code ignores it | undefined',
      'agents/reviewer.md:6 unknown property "constructor"; Claude Code ignores it | undefined',
      'agents/reviewer.md:7 unknown property "toString"; Claude Code ignores it | undefined',
      'agents/reviewer.md:8 unknown property "hasOwnProperty"; Claude Code ignores it | undefined',
      'commands/run.md:3 unknown property "__proto__"; Claude Code ignores it | undefined',
    ]);
  });

  it("a __proto__ key does not change what the other keys say (the model under it is not the command's)", async () => {
    const root = folder();
    plugin(root, { "commands/run.md": "---\ndescription: Runs it\n__proto__:\n  model: not-a-model\n---\nRun.\n" });
    expect((await findingsFor(root)).filter((f) => f.ruleId === "model-valid")).toEqual([]);
  });

  it("tool names constructor, toString and __proto__ are judged as names, with string hints", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("tools: Read, toString, __proto__, valueOf\n") });
    const tools = (await findingsFor(root)).filter((f) => f.ruleId === "tool-names-valid");
    expect(tools.map((f) => f.message)).toEqual([
      'unknown tool "toString", so the entry is dropped',
      'unknown tool "__proto__", so the entry is dropped',
      'unknown tool "valueOf", so the entry is dropped',
    ]);
    expect(tools.every((f) => typeof f.hint === "string" && !f.hint.includes("[native code]"))).toBe(true);
  });

  it("code fences labelled constructor, toString or __proto__ are plain unknown languages", async () => {
    const root = folder();
    const body = ["constructor", "toString", "__proto__", "hasOwnProperty"]
      .map((lang) => `\`\`\`${lang}\nnot code at all (\n\`\`\`\n`)
      .join("\n");
    plugin(root, { "agents/reviewer.md": agentWith("tools: Read\n", body) });
    const run = await validateCli(["--format", "json", root], root);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === "code-block-syntax")).toEqual([]);
  });

  it("a marketplace named constructor is judged by its name, not by a prototype member", async () => {
    const root = folder();
    plugin(root, {
      ".claude-plugin/marketplace.json": JSON.stringify({
        name: "constructor",
        owner: { name: "o" },
        description: "d",
        plugins: [{ name: "hostile", source: "./" }],
      }),
    });
    const names = (await findingsFor(root)).filter((f) => f.ruleId === "marketplace-name");
    expect(names.map((f) => f.message)).toEqual([]);
  });

  it("a manifest with a __proto__ key keeps its own name", async () => {
    const root = folder();
    const manifest = `{"name": "hostile", "version": "1.0.0", "description": "d", "author": {"name": "a"}, "__proto__": {"name": "Evil Name"}}\n`;
    plugin(root, { ".claude-plugin/plugin.json": manifest, "agents/reviewer.md": agentWith("") });
    const messages = (await findingsFor(root)).map((f) => f.message);
    expect(messages.some((m) => m.includes("Evil Name"))).toBe(false);
    expect(messages.some((m) => m.includes('"hostile:reviewer"'))).toBe(true);
  });
});

describe("reporters never crash on what a rule hands them", () => {
  const odd = {
    ruleId: "model-valid",
    severity: "error",
    message: "unknown model",
    hint: Object.prototype.toString as unknown as string,
    location: { file: "agents/a.md", start: { line: 1, column: 1 } },
  } as Finding;

  it.each(["text", "json", "sarif", "github"] as const)("%s prints a non-string hint as text", (format) => {
    const output = reporters[format]([odd], {
      rules: [],
      summary: { errors: 1, warnings: 0, notes: 0, files: 1 },
      color: false,
    });
    expect(output).toContain("unknown model");
  });

  it("visible() shows a value of any type", () => {
    expect(visible(undefined as unknown as string)).toBe("undefined");
    expect(visible(42 as unknown as string)).toBe("42");
  });
});

describe("a Python source that crashes the compiler", () => {
  const CRASH = `x = ${"-".repeat(100_000)}1`;

  it("the issue's source is reported where it is; the other blocks are still compiled", async () => {
    const root = folder();
    plugin(root, {
      "agents/reviewer.md": agentWith(
        "tools: Read\n",
        `\`\`\`python\nprint("ok")\n\`\`\`\n\n\`\`\`python\n${CRASH}\n\`\`\`\n\n\`\`\`python\ndef broken(:\n    pass\n\`\`\`\n`,
      ),
    });
    const { project, findings } = await validateProject(root, { config: defaultConfig(), rules });
    // python3 ran and answered for every block: the crashing one has its own error, the rest were compiled.
    expect(project.python.available).toBe(true);
    expect([...project.python.errors.values()].map((e) => e.message)).toEqual([
      expect.stringMatching(/too deeply nested for Python's compiler|crashes Python's compiler/),
      "invalid syntax",
    ]);
    const python = findings.filter((f) => f.ruleId === "code-block-syntax");
    expect(python.some((f) => f.message.includes("not checked"))).toBe(false);
    expect(python.map((f) => `${f.location.start.line} ${f.message}`)).toContain(
      '17 "python" code block does not parse as Python: invalid syntax',
    );
  });

  it("an interpreter that dies on one source reports that source and restarts after it", async () => {
    const root = folder();
    const bin = folder();
    // A python3 that aborts (as a crashing compiler does) on any source containing CRASH-HERE.
    const wrapper = path.join(bin, "python3-crashing");
    fs.writeFileSync(
      wrapper,
      [
        "#!/usr/bin/env python3",
        "import os, sys",
        "args = sys.argv[1:]",
        'i = args.index("-c")',
        'hook = "    index, key, code, block = json.loads(line)\\n"',
        "if hook not in args[i + 1]: sys.exit(99)",
        "args[i + 1] = 'import os\\n' + args[i + 1].replace(hook, hook + \"    if 'CRASH-HERE' in code: os.abort()\\n\")",
        'os.execvp("python3", ["python3", *args])',
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    plugin(root, {
      "agents/reviewer.md": agentWith(
        "tools: Read\n",
        "```python\nprint('ok')\n```\n\n```python\ndef total(items):  # CRASH-HERE\n    return sum(items)\n```\n\n```python\ndef broken(:\n    pass\n```\n",
      ),
    });
    const run = await validateCli(["--format", "json", root], root, { ...process.env, MARS_PYTHON: wrapper });
    const python = (
      JSON.parse(run.stdout) as { findings: { ruleId: string; line: number; message: string }[] }
    ).findings.filter((f) => f.ruleId === "code-block-syntax");
    expect(python.map((f) => [f.line, f.message])).toEqual([
      [13, expect.stringContaining("crashes Python's compiler")],
      [18, expect.stringMatching(/invalid syntax/)],
    ]);
  });
});
