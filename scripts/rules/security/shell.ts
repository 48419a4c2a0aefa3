/** Shell-text heuristics shared by the hook and MCP rules. Every regex here is linear. */

export interface Match {
  index: number;
  length: number;
  text: string;
}

const FETCH = String.raw`(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)`;
const INTERPRETER = String.raw`(?:sh|bash|zsh|dash|ksh|fish|python[0-9.]*|node|nodejs|perl|ruby|php|pwsh|powershell|bun|deno|source|iex|invoke-expression)`;
const CONTROL = "[^;&|\\n]";

// curl URL | sh   (one pipe stage or several; `||` is not a pipe)
const PIPE = new RegExp(
  String.raw`\b${FETCH}\b[^;&\n]{0,1000}?(?<!\|)\|[ \t]*(?:sudo[ \t]+(?:-[a-z]+[ \t]+)?)?(?:env[ \t]+)?(${INTERPRETER})\b`,
  "gi",
);
// bash <(curl URL), source <(wget -O- URL)
const PROCESS_SUBSTITUTION = new RegExp(
  String.raw`(?:\b${INTERPRETER}\b|(?<![\w.])\.)${CONTROL}{0,80}?<\([ \t]*${FETCH}\b`,
  "gi",
);
// sh -c "$(curl URL)", python -c "$(curl URL)", node -e "`curl URL`", eval "$(curl URL)"
const COMMAND_SUBSTITUTION = new RegExp(
  String.raw`(?:\beval|\b${INTERPRETER}\b${CONTROL}{0,60}?[ \t]-[a-z]*[ce])[ \t]+["']?(?:\$\(|\x60)[ \t]*${FETCH}\b`,
  "gi",
);
// iex (iwr URL), Invoke-Expression (Invoke-WebRequest URL).Content, iex ((New-Object Net.WebClient).DownloadString(URL))
const POWERSHELL = new RegExp(
  String.raw`\b(?:iex|invoke-expression)[ \t(]+(?:${FETCH}\b|new-object[ \t]+(?:system\.)?net\.webclient\b)`,
  "gi",
);

/** Options after which an interpreter reads its program from an argument, not from stdin. */
const PROGRAM_OPTIONS = new Set([
  "-c",
  "-e",
  "-m",
  "-r",
  "-p",
  "--eval",
  "--print",
  "--command",
  "-command",
  "-encodedcommand",
  "-file",
  "-f",
]);

/**
 * True when the interpreter at the end of `curl … | python3 …` runs its standard input: no
 * script argument, `-` or `-s`. `curl … | python3 -m json.tool` and `| node -e "…"` only read data.
 */
function runsStdin(interpreter: string, rest: string): boolean {
  const lower = interpreter.toLowerCase();
  if (lower === "iex" || lower === "invoke-expression" || lower === "source") return true;
  const tail = /^[^;&|\n)>]*/.exec(rest)?.[0] ?? "";
  for (const word of tail.trim().split(/[ \t]+/)) {
    if (word === "") break;
    if (word === "-" || word === "-s" || word === "--") return true;
    if (PROGRAM_OPTIONS.has(word.toLowerCase())) return false;
    if (word.startsWith("-")) continue;
    return false;
  }
  return true;
}

/** The first download-and-execute construct in a shell command, if any. */
export function remoteExec(command: string): Match | undefined {
  if (!/curl|wget|iwr|irm|invoke-|webclient/i.test(command)) return undefined;
  const found: Match[] = [];
  for (const match of command.matchAll(PIPE)) {
    const interpreter = match[1] ?? "";
    if (runsStdin(interpreter, command.slice(match.index + match[0].length)))
      found.push({ index: match.index, length: match[0].length, text: match[0] });
  }
  for (const pattern of [PROCESS_SUBSTITUTION, COMMAND_SUBSTITUTION, POWERSHELL]) {
    for (const match of command.matchAll(pattern))
      found.push({ index: match.index, length: match[0].length, text: match[0] });
  }
  found.sort((a, b) => a.index - b.index);
  const first = found[0];
  if (!first) return undefined;
  // Report the construct up to the end of its line, so the message shows what is fetched.
  const lineEnd = command.indexOf("\n", first.index);
  return { ...first, text: command.slice(first.index, lineEnd === -1 ? undefined : lineEnd).trim() };
}

const ROOT_VARIABLES = ["CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR"] as const;

/**
 * The offset of each `$` a shell command has outside quotes, read as Claude Code 2.1.330 reads
 * it: a backslash escapes the next character outside single quotes; single and double quotes
 * both protect.
 */
export function* unquotedDollars(command: string): Generator<number> {
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
    if (char === "$" && !single && !double) yield i;
  }
}

/** The root variable a `$` at `index` starts (`${NAME}` or `$NAME`), with the placeholder's length. */
export function rootPlaceholderAt(command: string, index: number): { name: string; length: number } | undefined {
  for (const name of ROOT_VARIABLES) {
    if (command.startsWith(`{${name}}`, index + 1)) return { name, length: name.length + 3 };
    if (command.startsWith(name, index + 1) && !/\w/.test(command.charAt(index + 1 + name.length)))
      return { name, length: name.length + 1 };
  }
  return undefined;
}

/** The path placeholders a shell command uses outside quotes (`$NAME` and `${NAME}` both count), each once. */
export function unquotedPlaceholders(command: string): { name: string; index: number }[] {
  const found: { name: string; index: number }[] = [];
  const seen = new Set<string>();
  for (const index of unquotedDollars(command)) {
    const placeholder = rootPlaceholderAt(command, index);
    if (!placeholder || seen.has(placeholder.name)) continue;
    seen.add(placeholder.name);
    found.push({ name: `\${${placeholder.name}}`, index });
  }
  return found;
}

export interface Word {
  text: string;
  /** Offset of the word's first character in the command. */
  index: number;
}

/**
 * Splits a shell command into simple commands, each a list of words with quotes removed.
 * Operators (`;`, `&&`, `||`, `|`, `&`, newlines, parentheses, `$(`, backticks, `{`/`}`) end a
 * command. Good enough to find what each command runs; it does not expand anything.
 */
export function simpleCommands(command: string): Word[][] {
  const commands: Word[][] = [];
  let words: Word[] = [];
  let current = "";
  let start = -1;
  let quote: string | undefined;
  const endWord = () => {
    if (start !== -1) words.push({ text: current, index: start });
    current = "";
    start = -1;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === "\\" && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      if (start === -1) start = i;
      quote = char;
      continue;
    }
    if (char === "\\" && i + 1 < command.length) {
      if (start === -1) start = i;
      current += command[++i];
      continue;
    }
    if (char === "$" && command[i + 1] === "(") {
      endCommand();
      i++;
      continue;
    }
    if (char === "$" && command[i + 1] === "{") {
      const close = command.indexOf("}", i);
      if (close !== -1) {
        if (start === -1) start = i;
        current += command.slice(i, close + 1);
        i = close;
        continue;
      }
    }
    if (";&|\n()`".includes(char)) {
      endCommand();
      continue;
    }
    if (char === " " || char === "\t" || char === "\r") {
      endWord();
      continue;
    }
    if (start === -1) start = i;
    current += char;
  }
  endCommand();
  return commands;
}

/** Words that run the command after them (with their own options), and shell keywords. */
const PREFIXES = new Set([
  "sudo",
  "exec",
  "nohup",
  "time",
  "command",
  "builtin",
  "nice",
  "xargs",
  "timeout",
  "then",
  "else",
  "do",
  "if",
  "while",
  "until",
  "elif",
  "!",
  "{",
  "}",
]);

export const INTERPRETERS = new Set([
  "node",
  "nodejs",
  "python",
  "python3",
  "python2",
  "bash",
  "sh",
  "zsh",
  "dash",
  "ksh",
  "fish",
  "npx",
  "uvx",
  "uv",
  "bun",
  "bunx",
  "deno",
  "perl",
  "ruby",
  "php",
  "pwsh",
  "powershell",
  "tsx",
  "ts-node",
  "pipx",
]);
/** System interpreters named by absolute path that exist on every Unix-like machine. */
export const SYSTEM_INTERPRETERS = new Set(["/bin/sh", "/bin/bash", "/usr/bin/env"]);

/** The word a simple command runs, skipping `VAR=value` assignments and prefixes such as `sudo`. */
export function programIndex(words: Word[]): number {
  let i = 0;
  while (i < words.length) {
    const text = words[i]!.text;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text) || PREFIXES.has(text)) {
      i++;
      continue;
    }
    if (text === "env") {
      i++;
      while (i < words.length && (words[i]!.text.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!.text)))
        i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** The first argument that is not an option, after the word at `from`. */
export function firstOperand(words: Word[], from: number): number {
  for (let i = from + 1; i < words.length; i++) {
    const text = words[i]!.text;
    if (text === "-c" || text === "-e" || text === "-m" || text === "--eval") return -1;
    if (!text.startsWith("-")) return i;
  }
  return -1;
}

/** Which of several strings joined with spaces holds the character at `index`. */
export function partAt(parts: readonly string[], index: number): number {
  let start = 0;
  for (let part = 0; part < parts.length; part++) {
    const end = start + parts[part]!.length;
    if (index < end + 1) return part;
    start = end + 1;
  }
  return parts.length - 1;
}
