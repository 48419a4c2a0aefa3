import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { agentWith, plugin } from "../../scripts/bench/hostile-cases.ts";
import { defaultConfig } from "../../scripts/core/config.ts";
import { MAX_ENTRIES, readTree } from "../../scripts/core/disk.ts";
import { buildProject } from "../../scripts/core/project.ts";
import { runRules } from "../../scripts/core/run.ts";
import { rules } from "../../scripts/rules/index.ts";
import { validateCli } from "../helpers/cli.ts";
import { REPO_ROOT } from "../helpers/repo.ts";
import { useHostileFolders } from "./folders.ts";

/**
 * Issue 12, honest output: a report that cannot be written is exit 2; a missing python3 makes
 * exactly the Python checks "not run" at no cost in waiting; every finding names a file; a folder
 * named three ways is validated once; nothing is written to the temporary folder.
 */

const BIN = path.join(REPO_ROOT, "scripts/bin/mars-validate.js");
const POSIX = process.platform !== "win32";
const { folder } = useHostileFolders();

/** A plugin with an error (an unknown model) and a Python block with a syntax error. */
function failingPlugin(root: string): void {
  plugin(root, {
    "agents/reviewer.md": agentWith(
      "model: not-a-model\n",
      "```python\nprint('fine')\n```\n\n```python\ndef broken(:\n    pass\n```\n",
    ),
  });
}

/** Runs the real CLI; a guard deadline only turns a hang into a failure, it is not a measurement. */
function cli(args: string[], options: { env?: NodeJS.ProcessEnv; stdout?: number | "pipe" } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: options.env ?? { ...process.env, DEBUG: "" },
    stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
    timeout: 60_000,
  });
}

describe.runIf(fs.existsSync("/dev/full"))("a report that cannot be written", () => {
  it.each(["text", "json", "sarif", "github"])(
    "--format %s > /dev/full: exit 2, one line, no stack trace",
    (format) => {
      const root = folder();
      failingPlugin(root);
      const full = fs.openSync("/dev/full", "w");
      try {
        const run = cli(["--format", format, root], { stdout: full });
        expect(run.signal).toBeNull();
        expect(run.status).toBe(2);
        expect(run.stderr).toBe("mars-validate: the report could not be written (ENOSPC)\n");
      } finally {
        fs.closeSync(full);
      }
    },
  );

  it("in-process, a writer that throws is exit 2 with the reason", async () => {
    const root = folder();
    failingPlugin(root);
    const { runValidateCli } = await import("../../scripts/cli/validate-cli.ts");
    let stderr = "";
    const code = await runValidateCli([root], {
      stdout: () => {
        throw Object.assign(new Error("no space"), { code: "ENOSPC" });
      },
      stderr: (text) => void (stderr += text),
      cwd: root,
      env: {},
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(stderr).toBe("mars-validate: the report could not be written (ENOSPC)\n");
  });
});

describe.runIf(POSIX)("python3", () => {
  /** A PATH with node and the usual tools but no python3. */
  function pathWithoutPython(): string {
    const bin = folder();
    for (const tool of ["node", "sh", "env"]) {
      const found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
      if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    return bin;
  }

  it("missing from PATH: the report says the Python checks were not run, and the process ends by itself", () => {
    const root = folder();
    failingPlugin(root);
    const run = cli(["--format", "json", root], { env: { PATH: pathWithoutPython(), HOME: root } });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; severity: string }[] };
    const python = report.findings.filter((f) => f.ruleId === "code-block-syntax");
    expect(python.map((f) => [f.severity, f.message])).toEqual([
      ["note", expect.stringMatching(/^Python code blocks were not checked: python3 could not be started \(ENOENT\)/)],
    ]);
    // The other checks ran: the unknown model is still reported.
    expect(report.findings.some((f) => f.ruleId === "model-valid")).toBe(true);
  });

  it("MARS_PYTHON set to an empty value turns only the Python checks off, with the reason", async () => {
    const root = folder();
    failingPlugin(root);
    const run = await validateCli(["--format", "json", root], root, { MARS_PYTHON: "" });
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === "code-block-syntax").map((f) => f.message)).toEqual([
      "Python code blocks were not checked: MARS_PYTHON is set to an empty value",
    ]);
    expect(findings.some((f) => f.ruleId === "model-valid")).toBe(true);
  });

  it("writes nothing to the temporary folder: no copy of the plugin's code can stay behind after Ctrl-C", () => {
    const root = folder();
    failingPlugin(root);
    const tmp = folder();
    const run = cli(["--format", "json", root], { env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp } });
    expect(run.status).toBe(1);
    // The Python block was compiled (its error is reported at its line), and nothing was written for it.
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; line: number }[] }).findings;
    const line = fs.readFileSync(path.join(root, "agents/reviewer.md"), "utf8").split("\n").indexOf("def broken(:") + 1;
    expect(findings.filter((f) => f.ruleId === "code-block-syntax").map((f) => f.line)).toEqual([line]);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  const HAS_PGREP = spawnSync("sh", ["-c", "command -v pgrep"]).status === 0;

  it.runIf(HAS_PGREP)("Ctrl-C while python3 compiles leaves no file behind", async () => {
    const root = folder();
    const blocks = Array.from({ length: 400 }, (_, i) => `\`\`\`python\nvalue_${i} = ${i}\n\`\`\`\n`).join("\n");
    plugin(root, { "agents/reviewer.md": agentWith("", blocks) });
    const tmp = folder();
    const child = spawn(process.execPath, [BIN, root], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const closed = new Promise((resolve) => child.once("close", resolve));
    // Interrupt once the interpreter runs (a child process of the validator), or when it is done.
    const hasChild = () => spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.trim() !== "";
    while (child.exitCode === null && !hasChild()) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill("SIGINT");
    await closed;
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

describe("every finding names a file", () => {
  /** Validates with a small entry limit: the same code path as the 250,000 of a real run, in a small tree. */
  async function overLimit(root: string, limit: number) {
    const project = buildProject(root, readTree(root, [], undefined, limit), defaultConfig());
    return (await runRules(project, rules)).findings;
  }

  it("a tree over the entry limit: the limit is reported at the manifest, not at an empty path", async () => {
    const root = folder();
    plugin(root, { "agents/reviewer.md": agentWith("") });
    // More files at the root than the limit: a plain breadth-first walk would use it up before listing .claude-plugin/.
    for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(root, `data-${i}.txt`), "x");
    const findings = await overLimit(root, 100);
    expect(findings.every((f) => f.location.file !== "" && f.location.start.line >= 1)).toBe(true);
    expect(
      findings.filter((f) => f.message.includes("entries")).map((f) => [f.ruleId, f.location.file, f.message]),
    ).toEqual([
      [
        "file-readable",
        ".claude-plugin/plugin.json",
        "the tree has more than 100 entries; only the first 100 were read",
      ],
    ]);
  });

  it(`the real limit is ${MAX_ENTRIES} entries`, () => {
    expect(MAX_ENTRIES).toBe(250_000);
  });
});

describe("targets named several ways", () => {
  it("d, d/ and ./d are one folder, validated and reported once", async () => {
    const parent = folder();
    failingPlugin(path.join(parent, "d"));
    const once = await validateCli(["--format", "json", "d"], parent);
    const thrice = await validateCli(["--format", "json", "d", "d/", "./d"], parent);
    expect(thrice.code).toBe(once.code);
    expect(thrice.stdout).toBe(once.stdout);
  });

  it("two different folders are both reported, each finding under its own folder", async () => {
    const parent = folder();
    failingPlugin(path.join(parent, "a"));
    failingPlugin(path.join(parent, "b"));
    const run = await validateCli(["--format", "json", "a", "b"], parent);
    const files = (JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] }).findings
      .filter((f) => f.ruleId === "model-valid")
      .map((f) => f.file);
    expect(files).toEqual(["a/agents/reviewer.md", "b/agents/reviewer.md"]);
  });
});

describe("nothing but the report", () => {
  it("a YAML mapping used as a key (frontmatter or a YAML asset) prints no library warning on stderr", () => {
    const root = folder();
    plugin(root, {
      "agents/reviewer.md": agentWith("? { date }\n: 1\n"),
      "skills/s/SKILL.md": "---\ndescription: A skill.\n---\n\nBody.\n",
      "skills/s/assets/plan.yaml": "? [a, b]\n: both\n",
    });
    const run = cli(["--format", "json", root]);
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toHaveProperty("findings");
  });
});
