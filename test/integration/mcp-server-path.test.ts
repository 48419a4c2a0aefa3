import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mcpServerPath } from "../../scripts/rules/references/mcp-server-path.ts";
import { requireClaude, runClaudeAsync } from "../helpers/claude.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const bin = requireClaude();

/** A plugin whose two stdio servers run the same script, one by a relative path, one rooted. */
function serverPlugin(marker: string): string {
  // The script leaves a mark with its working folder and exits: whether it ran is the question.
  const script = `require("fs").appendFileSync(${JSON.stringify(marker)}, process.argv[2] + " " + process.cwd() + "\\n");\n`;
  return writeTree({
    ".claude-plugin/plugin.json": JSON.stringify({ name: "probe", version: "1.0.0", description: "d" }),
    ".mcp.json": JSON.stringify({
      mcpServers: {
        relative: { command: "node", args: ["server/mark.js", "relative"] },
        rooted: { command: "node", args: ["${CLAUDE_PLUGIN_ROOT}/server/mark.js", "rooted"] },
      },
    }),
    "server/mark.js": script,
  });
}

describe.skipIf(!bin)("mcp-server-path against the real Claude Code CLI", () => {
  it("is reported exactly where Claude Code cannot start the server: it runs servers in the user's project folder", async () => {
    const marker = path.join(tempDir(), "marks.txt");
    const plugin = serverPlugin(marker);
    const project = tempDir();
    const listed = await runClaudeAsync(bin!, ["--plugin-dir", plugin, "mcp", "list"], {
      cwd: project,
      home: tempDir(),
    });
    expect(listed.stdout).toContain("plugin:probe:relative");
    const marks = fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : "";
    // Only the rooted server's script ran, and in the project folder, not the plugin's.
    expect(marks).toContain(`rooted ${fs.realpathSync(project)}`);
    expect(marks).not.toContain("relative");

    const found = await findingsFor(plugin, [mcpServerPath]);
    expect(found.map((f) => f.message)).toEqual([
      'MCP server "relative" runs "server/mark.js", which Claude Code resolves in the user\'s project folder, not in the plugin: the server cannot start',
    ]);
  });
});
