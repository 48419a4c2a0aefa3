import type { Rule } from "../../core/types.ts";
import { quote } from "../../core/text.ts";
import { partAt, remoteExec } from "./shell.ts";
import { hookHandlers, isRemote, mcpServers, shellInjections } from "./sources.ts";

const HINT =
  'ship the script inside the plugin and run it from "${CLAUDE_PLUGIN_ROOT}", or install a pinned package (npx/uvx name@version)';

export const hookRemoteExec: Rule = {
  id: "hook-remote-exec",
  severity: "error",
  description:
    "Hooks, MCP server commands and the !`cmd` shell injections of commands and skills do not download code and run it (curl | sh, bash <(curl), iex (iwr)).",
  consequence:
    "A hook, MCP command or !`cmd` injection that downloads code and pipes it to a shell runs whatever that URL serves today, on every user's machine, without review: a supply-chain hazard.",
  check({ project, report }) {
    for (const hook of hookHandlers(project)) {
      if (hook.handler.type !== "command" || typeof hook.handler.command !== "string") continue;
      const args = Array.isArray(hook.handler.args)
        ? hook.handler.args.map((a) => (typeof a === "string" ? a : ""))
        : [];
      const parts = [hook.handler.command, ...args];
      const match = remoteExec(parts.join(" "));
      if (!match) continue;
      const part = partAt(parts, match.index);
      report({
        file: hook.file,
        at: { path: part === 0 ? [...hook.path, "command"] : [...hook.path, "args", part - 1] },
        message: `${hook.event} hook downloads code and runs it: ${quote(match.text)}`,
        hint: HINT,
      });
    }
    for (const { file, name, server, path } of mcpServers(project)) {
      if (isRemote(server)) {
        if (typeof server.headersHelper !== "string") continue;
        const match = remoteExec(server.headersHelper);
        if (match)
          report({
            file,
            at: { path: [...path, "headersHelper"] },
            message: `MCP server "${name}" headersHelper downloads code and runs it: ${quote(match.text)}`,
            hint: HINT,
          });
        continue;
      }
      if (typeof server.command !== "string") continue;
      const args = Array.isArray(server.args) ? server.args.map((a) => (typeof a === "string" ? a : "")) : [];
      const parts = [server.command, ...args];
      const match = remoteExec(parts.join(" "));
      if (!match) continue;
      const part = partAt(parts, match.index);
      report({
        file,
        at: { path: part === 0 ? [...path, "command"] : [...path, "args", part - 1] },
        message: `MCP server "${name}" downloads code and runs it: ${quote(match.text)}`,
        hint: HINT,
      });
    }
    for (const file of project.files) {
      for (const injection of shellInjections(file)) {
        const match = remoteExec(injection.command);
        if (match)
          report({
            file,
            at: { offset: injection.offset + match.index, length: match.length },
            message: `shell injection downloads code and runs it when the ${file.kind} is invoked: ${quote(match.text)}`,
            hint: HINT,
          });
      }
    }
  },
};
