import { ROOT_VARIABLES } from "../rules/security/shell.ts";

/**
 * Characters that mean the same inside double quotes as outside them in a shell word: quoting a
 * run of them changes nothing but word splitting. Globs, braces, `~`, `$`, quotes, backslashes,
 * white space and operators end the run, so quoting never turns off an expansion.
 */
const PLAIN_WORD_CHAR = /[\w./@%+=:,-]/;

/** A placeholder at `index` (the `$`): `${NAME}` or `$NAME` of a root variable, with its length. */
function placeholderAt(command: string, index: number): number | undefined {
  for (const name of ROOT_VARIABLES) {
    if (command.startsWith(`{${name}}`, index + 1)) return name.length + 3;
    if (command.startsWith(name, index + 1) && !/\w/.test(command.charAt(index + 1 + name.length)))
      return name.length + 1;
  }
  return undefined;
}

/**
 * The `[start, end)` ranges of a shell command to put in double quotes so that no root
 * placeholder (${CLAUDE_PLUGIN_ROOT}, ${CLAUDE_PLUGIN_DATA}, ${CLAUDE_PROJECT_DIR}) stays
 * unquoted: each unquoted placeholder with the plain rest of its word ("${CLAUDE_PLUGIN_ROOT}/x.sh").
 * Quoting follows the same reading as hook-quoting's check: a backslash escapes the next
 * character outside single quotes, and both kinds of quote protect.
 */
export function placeholderSpans(command: string): [number, number][] {
  const spans: [number, number][] = [];
  let single = false;
  let double = false;
  for (let i = 0; i < command.length; i++) {
    const char = command[i];
    if (!single && char === "\\") {
      i++;
      continue;
    }
    if (char === "'" && !double) {
      single = !single;
      continue;
    }
    if (char === '"' && !single) {
      double = !double;
      continue;
    }
    if (char !== "$" || single || double) continue;
    const length = placeholderAt(command, i);
    if (length === undefined) continue;
    let end = i + length;
    while (end < command.length && PLAIN_WORD_CHAR.test(command[end]!)) end++;
    spans.push([i, end]);
    i = end - 1;
  }
  return spans;
}

/** The command with every span in double quotes. */
export function quoteSpans(command: string, spans: readonly [number, number][]): string {
  let out = "";
  let from = 0;
  for (const [start, end] of spans) {
    out += `${command.slice(from, start)}"${command.slice(start, end)}"`;
    from = end;
  }
  return out + command.slice(from);
}
