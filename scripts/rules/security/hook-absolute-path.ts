import type { JsonPath, Rule } from "../../core/types.ts";
import { firstOperand, INTERPRETERS, programIndex, simpleCommands, SYSTEM_INTERPRETERS, type Word } from "./shell.ts";
import { hookHandlers, isRemote, mcpServers } from "./sources.ts";

/** Paths that name one machine's files: absolute, home-relative or drive-letter paths. */
function isMachinePath(text: string): boolean {
  return /^(?:\/|~(?:\/|$)|\$HOME(?:\/|$)|\$\{HOME\}|[A-Za-z]:[\\/])/.test(text);
}

function basename(text: string): string {
  return text.slice(text.lastIndexOf("/") + 1);
}

/**
 * The word of one simple command that runs a file outside the plugin: the program itself, or
 * the script a standard interpreter is given. `/bin/sh`, `/bin/bash` and `/usr/bin/env` exist on
 * every Unix-like machine and are fine as interpreters; what they run is checked instead.
 */
function outsideProgram(words: Word[]): number {
  let index = programIndex(words);
  if (index === -1) return -1;
  let program = words[index]!.text;
  if (program === "/usr/bin/env") {
    index++;
    while (
      index < words.length &&
      (words[index]!.text.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[index]!.text))
    )
      index++;
    if (index >= words.length) return -1;
    program = words[index]!.text;
  }
  if (isMachinePath(program) && !SYSTEM_INTERPRETERS.has(program)) return index;
  if (SYSTEM_INTERPRETERS.has(program) || INTERPRETERS.has(basename(program))) {
    const operand = firstOperand(words, index);
    if (operand !== -1 && isMachinePath(words[operand]!.text)) return operand;
  }
  return -1;
}

/** The first machine path a shell command runs, looking one level into `sh -c "…"`. */
export function outsideInShell(command: string, depth = 0): string | undefined {
  for (const words of simpleCommands(command)) {
    const hit = outsideProgram(words);
    if (hit !== -1) return words[hit]!.text;
    const program = programIndex(words);
    if (depth > 0 || program === -1 || !/^(?:\/bin\/)?(?:ba|z|da)?sh$/.test(words[program]!.text)) continue;
    const flag = words.findIndex((w, i) => i > program && /^-[A-Za-z]*c$/.test(w.text));
    const inner = flag === -1 ? undefined : words[flag + 1]?.text;
    const nested = inner === undefined ? undefined : outsideInShell(inner, depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

const HINT =
  'ship the file in the plugin and run it as "${CLAUDE_PLUGIN_ROOT}/…" (or "${CLAUDE_PLUGIN_DATA}/…"), or call a tool by name from PATH';

export const hookAbsolutePath: Rule = {
  id: "hook-absolute-path",
  severity: "warning",
  description:
    "Hook and MCP server commands run files from the plugin (${CLAUDE_PLUGIN_ROOT}, ${CLAUDE_PLUGIN_DATA}, ${CLAUDE_PROJECT_DIR}) or tools on PATH, not absolute paths of the author's machine.",
  consequence:
    "A hook or MCP command that runs /Users/you/... or C:\\\\... exists only on the author's machine: on every user's machine the hook fails each time it fires and the server never starts.",
  check({ project, report }) {
    const execForm = (
      file: Parameters<typeof report>[0]["file"],
      path: JsonPath,
      command: string,
      args: unknown,
      what: string,
    ) => {
      const list = Array.isArray(args) ? args.map((a) => (typeof a === "string" ? a : "")) : [];
      const words = [command, ...list].map((text, index) => ({ text, index }));
      const hit = outsideProgram(words);
      if (hit === -1) return;
      report({
        file,
        at: { path: hit === 0 ? [...path, "command"] : [...path, "args", hit - 1] },
        message: `${what} runs "${words[hit]!.text}", a path outside the plugin that the user's machine may not have or may fill with something else`,
        hint: HINT,
      });
    };
    for (const hook of hookHandlers(project)) {
      const { handler } = hook;
      if (handler.type !== "command" || typeof handler.command !== "string") continue;
      const what = `${hook.event} hook`;
      if (handler.args !== undefined) {
        execForm(hook.file, hook.path, handler.command, handler.args, what);
        continue;
      }
      const hit = outsideInShell(handler.command);
      if (hit)
        report({
          file: hook.file,
          at: { path: [...hook.path, "command"] },
          message: `${what} runs "${hit}", a path outside the plugin that the user's machine may not have or may fill with something else`,
          hint: HINT,
        });
    }
    for (const { file, name, server, path } of mcpServers(project)) {
      if (isRemote(server) || typeof server.command !== "string") continue;
      execForm(file, path, server.command, server.args, `MCP server "${name}"`);
    }
  },
};
