import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../scripts/core/config.ts";
import { nodeFileSystem } from "../../scripts/core/disk.ts";
import { validateProject } from "../../scripts/core/validate.ts";
import { rules } from "../../scripts/rules/index.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = `${JSON.stringify({ name: "hostile", version: "1.0.0", description: "d", author: { name: "a" } }, null, 2)}\n`;
const AGENT =
  "---\nname: reviewer\ndescription: Reviews diffs for correctness and style before merge. Use when a change needs review.\nmodel: inherit\ntools: Read, Grep, Glob\n---\n\nBody.\n";

function plugin(files: Record<string, string | Buffer>): string {
  return writeTree({ ".claude-plugin/plugin.json": MANIFEST, ...files });
}

async function at(root: string, ruleId: string) {
  return (await findingsFor(root))
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.location.file}:${f.location.start.line}:${f.location.start.column}`);
}

describe("hostile and broken input, each with its expected finding", () => {
  it("accepts a UTF-8 BOM and CRLF line ends without any finding", async () => {
    const root = plugin({ "agents/reviewer.md": `\uFEFF${AGENT.replace(/\n/g, "\r\n")}` });
    expect(await findingsFor(root)).toEqual([]);
  });

  it("reports tabs used as YAML indentation at the tab", async () => {
    const root = plugin({
      "agents/reviewer.md": AGENT.replace("tools: Read, Grep, Glob", "experimental:\n\tcacheTtl: 5m"),
    });
    expect(await at(root, "frontmatter-syntax")).toEqual(["agents/reviewer.md:6:1"]);
  });

  it("reports duplicate keys in YAML frontmatter and in JSON", async () => {
    const root = plugin({
      "agents/reviewer.md": AGENT.replace("model: inherit\n", "model: inherit\nmodel: opus\n"),
      "hooks/hooks.json": '{"hooks": {}, "hooks": {}}\n',
    });
    expect(await at(root, "frontmatter-syntax")).toEqual(["agents/reviewer.md:5:1"]);
    expect(await at(root, "json-syntax")).toEqual(["hooks/hooks.json:1:15"]);
  });

  it("reports an unclosed frontmatter at its opening line", async () => {
    const root = plugin({ "agents/reviewer.md": "---\nname: reviewer\ndescription: never closed\n\nBody\n" });
    expect(await at(root, "frontmatter-present")).toEqual(["agents/reviewer.md:1:1"]);
  });

  it.each(["js", "javascript"])(
    "never runs ---%s frontmatter, which gray-matter itself would execute",
    async (language) => {
      const root = tempDir();
      const marker = path.join(root, "PWNED");
      const payload = `---${language}\n(require("fs").writeFileSync(${JSON.stringify(marker)}, "x"), { name: "x" })\n---\nBody\n`;
      // The payload is real: gray-matter with its default engines executes it.
      const matter = createRequire(import.meta.url)("gray-matter") as (text: string, options?: object) => unknown;
      matter(payload, { language: undefined });
      expect(fs.existsSync(marker)).toBe(true);
      fs.rmSync(marker);
      writeTree(
        { ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": payload, "commands/run.md": payload },
        root,
      );
      expect(await at(root, "frontmatter-present")).toEqual(["agents/reviewer.md:1:1", "commands/run.md:1:1"]);
      expect(fs.existsSync(marker)).toBe(false);
    },
  );

  it("stops a YAML alias bomb without expanding it", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const root = plugin({ "agents/reviewer.md": `---\nname: reviewer\n${levels.join("\n")}\n---\nBody\n` });
    const findings = (await findingsFor(root)).filter((f) => f.ruleId === "frontmatter-syntax");
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/alias bomb/)]);
  });

  it("refuses deeply nested JSON before parsing it", async () => {
    const root = plugin({ ".mcp.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}` });
    expect(await at(root, "json-syntax")).toEqual([".mcp.json:1:257"]);
  });

  it("reports a 50 MB file by its size, without reading it", async () => {
    const root = plugin({ "agents/reviewer.md": AGENT });
    fs.mkdirSync(path.join(root, "skills/big"), { recursive: true });
    const fd = fs.openSync(path.join(root, "skills/big/SKILL.md"), "w");
    fs.ftruncateSync(fd, 50 * 1024 * 1024);
    fs.closeSync(fd);
    const before = process.memoryUsage().rss;
    expect(await at(root, "file-readable")).toEqual(["skills/big/SKILL.md:1:1"]);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it("a large file that is not a component (a bundled server) is a note that it was not checked, not a load problem", async () => {
    const root = plugin({ "agents/reviewer.md": AGENT });
    fs.mkdirSync(path.join(root, "server/dist"), { recursive: true });
    fs.writeFileSync(path.join(root, "server/dist/server.cjs"), "x".repeat(1024 * 1024 + 10));
    fs.writeFileSync(
      path.join(root, ".mcp.json"),
      JSON.stringify({
        mcpServers: { s: { command: "node", args: ["${CLAUDE_PLUGIN_ROOT}/server/dist/server.cjs"] } },
      }),
    );
    const found = (await findingsFor(root)).filter((f) => f.ruleId === "file-readable");
    expect(found.map((f) => [f.location.file, f.severity, /not checked$/.test(f.message)])).toEqual([
      ["server/dist/server.cjs", "note", true],
    ]);
  });

  it("reports a binary file where text belongs", async () => {
    const root = plugin({ "commands/run.md": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 3]) });
    expect(await at(root, "file-readable")).toEqual(["commands/run.md:1:1"]);
  });

  it("never follows symbolic links out of the root or around a loop", async () => {
    const outside = writeTree({ "secret.md": "---\nname: secret\n---\n" });
    const root = plugin({ "agents/reviewer.md": AGENT });
    fs.symlinkSync(path.join(outside, "secret.md"), path.join(root, "agents/escape.md"));
    fs.symlinkSync("b.md", path.join(root, "agents/a.md"));
    fs.symlinkSync("a.md", path.join(root, "agents/b.md"));
    expect(await at(root, "symlink-contained")).toEqual(["agents/a.md:1:1", "agents/b.md:1:1", "agents/escape.md:1:1"]);
    expect((await findingsFor(root)).some((f) => f.message.includes("secret"))).toBe(false);
  });

  it("reports a file it cannot read, and goes on with the others", async () => {
    const root = plugin({ "agents/reviewer.md": AGENT, "agents/locked.md": AGENT.replace("reviewer", "locked") });
    const fsys = {
      ...nodeFileSystem,
      readFile: (file: string, root: string, limit: number) =>
        file.endsWith("locked.md")
          ? (() => {
              throw Object.assign(new Error("denied"), { code: "EACCES" });
            })()
          : nodeFileSystem.readFile(file, root, limit),
    };
    const { findings } = await validateProject(root, { config: defaultConfig(), rules, fs: fsys });
    expect(findings.filter((f) => f.ruleId === "file-readable").map((f) => [f.location.file, f.message])).toEqual([
      ["agents/locked.md", "the file cannot be read (EACCES)"],
    ]);
  });

  it("reports names that differ only in letter case", async () => {
    const root = plugin({ "agents/reviewer.md": AGENT });
    fs.writeFileSync(path.join(root, "agents/Reviewer.md"), AGENT);
    expect(await at(root, "file-name-case-collision")).toEqual(["agents/reviewer.md:1:1"]);
  });

  it("reports path traversal in every manifest path field and in marketplace sources", async () => {
    const fields: Record<string, unknown> = {
      commands: ["./../outside/cmds"],
      agents: ["./../outside/a.md"],
      skills: "./../outside/skills",
      outputStyles: "./../styles",
      workflows: "./x/../../wf",
      hooks: "./../hooks.json",
      mcpServers: "./../mcp.json",
      lspServers: "./../lsp.json",
      experimental: { themes: "./../themes", monitors: "./../monitors.json" },
      types: "./../types.d.ts",
      icon: "../icon.png",
    };
    const manifest = JSON.stringify(
      { name: "hostile", version: "1.0.0", description: "d", author: { name: "a" }, ...fields },
      null,
      2,
    );
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest,
      ".claude-plugin/marketplace.json": JSON.stringify(
        {
          name: "m",
          owner: { name: "o" },
          description: "d",
          plugins: [
            { name: "hostile", source: "./" },
            { name: "escape", source: "../escape" },
            { name: "sneaky", source: "./x/../../escape" },
          ],
        },
        null,
        2,
      ),
    });
    const lines = manifest.split("\n");
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    const flagged = new Set(
      (await findingsFor(root))
        .filter((f) => f.ruleId === "manifest-paths" && f.severity === "error")
        .map((f) => f.location.start.line),
    );
    for (const needle of [
      "./../outside/cmds",
      "./../outside/a.md",
      "./../outside/skills",
      "./../styles",
      "./x/../../wf",
      "./../hooks.json",
      "./../mcp.json",
      "./../lsp.json",
      "./../themes",
      "./../monitors.json",
      "./../types.d.ts",
      "../icon.png",
    ]) {
      expect(flagged, needle).toContain(lineOf(needle));
    }
    const sources = (await findingsFor(root)).filter(
      (f) => f.location.file === ".claude-plugin/marketplace.json" && f.severity === "error" && /\.\./.test(f.message),
    );
    expect(sources.length).toBeGreaterThanOrEqual(2);
  });
});
