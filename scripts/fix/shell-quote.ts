import { rootPlaceholderAt, unquotedDollars } from "../rules/security/shell.ts";

/**
 * Characters that mean the same inside double quotes as outside them in a shell word: quoting a
 * run of them changes nothing but word splitting. Globs, braces, `~`, `$`, quotes, backslashes,
 * white space and operators end the run, so quoting never turns off an expansion.
 */
const PLAIN_WORD_CHAR = /[\w./@%+=:,-]/;

/**
 * The `[start, end)` ranges of a shell command to put in double quotes so that no root
 * placeholder (${CLAUDE_PLUGIN_ROOT}, ${CLAUDE_PLUGIN_DATA}, ${CLAUDE_PROJECT_DIR}) stays
 * unquoted: each unquoted placeholder with the plain rest of its word ("${CLAUDE_PLUGIN_ROOT}/x.sh").
 * Quoting follows the same reading as hook-quoting's check: a backslash escapes the next
 * character outside single quotes, and both kinds of quote protect.
 */
export function placeholderSpans(command: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const index of unquotedDollars(command)) {
    const placeholder = rootPlaceholderAt(command, index);
    if (!placeholder) continue;
    // The rest of the word holds no quote, backslash or `$`, so the scan above is not disturbed.
    let end = index + placeholder.length;
    while (end < command.length && PLAIN_WORD_CHAR.test(command[end]!)) end++;
    spans.push([index, end]);
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
