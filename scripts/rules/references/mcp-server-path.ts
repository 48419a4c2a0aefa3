import path from "node:path";
import { findNodeAtLocation } from "jsonc-parser";
import type { Fix, JsonPath, Project, Rule, SourceFile } from "../../core/types.ts";
import { replaceText } from "../../fix/make.ts";
import { firstOperand, INTERPRETERS, programIndex } from "../security/shell.ts";
import { isRemote, mcpServers } from "../security/sources.ts";
import { pluginOf } from "../util.ts";
import { existsOrUnknown, inside, normalize } from "./paths.ts";

const posix = path.posix;

/** A path written relative to some folder: not absolute, not home-relative, not a variable, not an option. */
function relativePath(text: string): boolean {
  return (
    text !== "" && !/^(?:[/~$%-]|[A-Za-z]:[\\/])/.test(text) && (text.includes("/") || /\.[A-Za-z]{1,4}$/.test(text))
  );
}

/**
 * True when a relative path names a file of the plugin, resolved from the plugin folder: one it
 * has, or one where the reader does not look (a gitignored dist/ that a build fills).
 */
function pluginFile(project: Project, file: SourceFile, text: string): boolean {
  const plugin = pluginOf(project, file);
  if (!plugin) return false;
  const resolved = normalize(posix.join(plugin.dir === "" ? "." : plugin.dir, text));
  return inside(plugin.dir, resolved) && resolved !== plugin.dir && existsOrUnknown(project, resolved);
}

/** `"server/index.js"` → `"${CLAUDE_PLUGIN_ROOT}/server/index.js"`, in place. */
function rootedFix(file: SourceFile, at: JsonPath, text: string): Fix | undefined {
  const tree = file.json?.tree;
  const node = tree ? findNodeAtLocation(tree, [...at]) : undefined;
  if (node?.type !== "string" || node.value !== text) return undefined;
  // Only a string written without escapes maps one to one onto its source.
  if (file.text.slice(node.offset, node.offset + node.length) !== JSON.stringify(text)) return undefined;
  const rooted = `\${CLAUDE_PLUGIN_ROOT}/${text.replace(/^\.\//, "")}`;
  return replaceText(file, node.offset + 1, text, rooted, `write "${rooted}"`);
}

export const mcpServerPath: Rule = {
  id: "mcp-server-path",
  severity: "error",
  description:
    'A plugin\'s MCP server runs its own files through ${CLAUDE_PLUGIN_ROOT} ("node ${CLAUDE_PLUGIN_ROOT}/server/index.js"), not through paths relative to the plugin folder.',
  consequence:
    "Claude Code starts a plugin's stdio MCP server in the user's project folder, so a command or script argument written relative to the plugin (server/index.js) names a file that is not there: the server exits at once and its tools never appear (measured with 2.1.330: `claude mcp list` shows it failing to connect).",
  check({ project, report }) {
    for (const { file, name, server, path: at } of mcpServers(project)) {
      if (isRemote(server) || typeof server.command !== "string") continue;
      // A server that sets its own working folder may well resolve the path from there.
      if (server.cwd !== undefined) continue;
      const args = Array.isArray(server.args) ? server.args : [];
      const words = [server.command, ...args].map((text, index) => ({
        text: typeof text === "string" ? text : "",
        index,
      }));
      const program = programIndex(words);
      if (program === -1) continue;
      let hit = -1;
      if (relativePath(words[program]!.text)) hit = program;
      else if (INTERPRETERS.has(posix.basename(words[program]!.text))) {
        const operand = firstOperand(words, program);
        if (operand !== -1 && relativePath(words[operand]!.text)) hit = operand;
      }
      if (hit === -1) continue;
      const text = words[hit]!.text;
      if (!pluginFile(project, file, text)) continue;
      const where: JsonPath = hit === 0 ? [...at, "command"] : [...at, "args", hit - 1];
      const fix = rootedFix(file, where, text);
      report({
        file,
        at: { path: where },
        message: `MCP server "${name}" runs "${text}", which Claude Code resolves in the user's project folder, not in the plugin: the server cannot start`,
        hint: `write "\${CLAUDE_PLUGIN_ROOT}/${text.replace(/^\.\//, "")}"`,
        ...(fix ? { fix } : {}),
      });
    }
  },
};
