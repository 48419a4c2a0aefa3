import type { Rule } from "../../core/types.ts";
import { quote } from "../../core/text.ts";
import { quoteHookPlaceholders } from "../../fix/make.ts";
import { unquotedPlaceholders } from "./shell.ts";
import { hookHandlers } from "./sources.ts";

export const hookQuoting: Rule = {
  id: "hook-quoting",
  severity: "warning",
  description:
    "Shell-form command hooks put ${CLAUDE_PLUGIN_ROOT}, ${CLAUDE_PLUGIN_DATA} and ${CLAUDE_PROJECT_DIR} inside double quotes, so a path with a space stays one word (Claude Code 2.1.330 warns too).",
  consequence:
    "A shell-form hook runs through a shell: where the plugin, data or project folder path holds a space (a Windows or macOS user name), an unquoted ${CLAUDE_PLUGIN_ROOT} splits into several words and the hook fails; `claude plugin validate` 2.1.330 warns too.",
  check({ project, report }) {
    for (const hook of hookHandlers(project)) {
      const { handler } = hook;
      // Exec form and PowerShell hooks are not split by a POSIX shell; the CLI skips them too.
      if (
        handler.type !== "command" ||
        typeof handler.command !== "string" ||
        handler.args !== undefined ||
        handler.shell === "powershell"
      )
        continue;
      const found = unquotedPlaceholders(handler.command);
      if (found.length === 0) continue;
      const names = found.map((f) => `"${f.name}"`).join(", ");
      const fix = quoteHookPlaceholders(hook.file, [...hook.path, "command"]);
      report({
        file: hook.file,
        at: { path: [...hook.path, "command"] },
        group: `file|${hook.file.path}`,
        message: `${hook.event} hook uses ${names} without quotes in ${quote(handler.command)}; a path with a space splits into several words`,
        hint: `wrap the placeholder in double quotes ("${found[0]!.name}/…"), or use exec form: "command" plus an "args" list`,
        ...(fix ? { fix } : {}),
      });
    }
  },
};
