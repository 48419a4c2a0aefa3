/**
 * Code blocks in documentation are examples: they elide with `...` or a comment, name what the
 * reader fills in with `<name>`, `{name}`, `{{var}}` or `N`, and show a method, a `case` or an
 * object without the code around it. Such a block is not a syntax error. Nor is a block whose
 * label names another language than the one it holds (shell under "python", TOML under
 * "python", a .env file under "yaml"): that is a labelling slip, worth a note. What stays worth
 * reporting: a complete block that does not parse, and smart quotes that no language accepts.
 */

import { own } from "../../core/own.ts";

/** `…`, or `...` that is not a spread (`...args`, `...[`, `...(`, `...{`). */
const ELLIPSIS = /…|\.\.\.(?![\w$[({'"`])/;
/** `<name>`, `<your token>`: a slot for the reader (not in script languages, where it is a type or a tag). */
const ANGLE_SLOT = /<[A-Z_a-z][\w .-]{0,60}>/;
/** `"score": <integer: 1, 2, or 3>`: a described slot where a value stands (no quotes or brackets inside). */
const VALUE_ANGLE_SLOT = /(?:^|[:[,])\s*<[A-Za-z0-9][^<>"\n]{0,200}>/;
/** `{{ var }}`, `${{ var }}`, `{% tag %}`, `${UPPER_CASE}`: a template slot. */
const TEMPLATE_SLOT = /\{\{|\{%|\$\{[A-Z][\dA-Z_]*\}/;
/**
 * `$ARGUMENTS`, `$ARGUMENTS[0]`, `$1`: Claude Code puts the invocation's arguments there before
 * Claude reads a command or skill, so the block is a template (in JavaScript these are names).
 */
const ARGUMENT_SLOT = /\$(?:ARGUMENTS\b|\d\b)/;
/**
 * `width: <w>,`: a word in angle brackets standing alone where a value goes, closed at once by
 * `,` or a bracket, which no script language allows (an unclosed JSX tag goes on to children).
 */
const SCRIPT_VALUE_SLOT = /[(,:=[][ \t]*<[A-Za-z][\w-]{0,40}>[ \t]*[),\]}]/;
/** `<QUEUE_BINDING>`: a snake-case capital name in angle brackets, never a tag or a type parameter. */
const SNAKE_ANGLE_SLOT = /<[A-Z][\dA-Z]*_[\dA-Z_]*>/;
/** `// or`, `# or:` on a line of its own: what follows is another way to write what precedes it. */
const ALTERNATIVE_LINE = /^\s*(?:\/\/|#|\/\*)\s*or\b[^\n]{0,40}$/i;
/** `{name}`, `{ISO timestamp}` where data would stand (not in script languages, where braces are code). */
const BRACE_SLOT = /\{[A-Z_a-z][\w .-]{0,40}\}/;
/** `{ComponentName}`: a PascalCase slot, also in script languages, where braces never hold a bare capital word. */
const PASCAL_SLOT = /\{[A-Z][A-Za-z]{2,40}\}/;
/**
 * `"5m" | "1h"`, `"block" | undefined`, `true|false`: a value shown as its alternatives, which
 * makes the block a type sketch.
 */
const ALTERNATIVES = /(?:"|\b(?:true|false|null|\d+))\s*\|\s*(?:"|null\b|true\b|false\b|undefined\b|\d)/;
/** `"score": 0 or 1`, `"mode": "fast" or "safe"`: a value's alternatives said in prose. */
const PROSE_ALTERNATIVES = /:\s*(?:"[^"\n]{0,40}"|\d+|true|false|null)\s+or\s/;
/** `N`, `X`, `NNN` where a number would stand; `"a" | "b"` or `0 or 1` where a value is one of several. */
const VALUE_SLOT = new RegExp(
  String.raw`[:,[]\s*(?:N{1,3}|X{1,3}|n)\s*(?:[,\]}]|$)|` + ALTERNATIVES.source + "|" + PROSE_ALTERNATIVES.source,
);

/** True when a data block (JSON) shows a value as its alternatives anywhere: it describes a shape, not a file. */
export function showsAlternatives(code: string): boolean {
  return ALTERNATIVES.test(code);
}
/** A block comment that stands where code would be, as in `() => (comment: logic here)`. */
const COMMENT_SLOT = /\/\*[^*]{1,80}\*\//;
/** Typographic quotes: copied into code, they break every language. */
const SMART_QUOTE = /[\u2018\u2019\u201c\u201d]/;

/**
 * "[Full implementation with comments]": a line that is only a bracketed phrase stands for code
 * to write. As code it never parses (two words in brackets without a comma), so nothing real is
 * missed. Read by hand.
 */
function slotLine(text: string): boolean {
  const line = text.trim();
  if (!line.startsWith("[") || !line.endsWith("]") || !/^[A-Za-z]/.test(line.slice(1))) return false;
  const inner = line.slice(1, -1);
  return inner.includes(" ") && !inner.includes(",") && !inner.includes("[") && !inner.includes("]");
}

/** True when the line (or its neighbours) holds a placeholder the reader is meant to replace. */
export function placeholderNear(code: string, line: number, scriptLanguage: boolean): boolean {
  const lines = code.split("\n");
  for (const index of [line - 2, line - 1, line]) {
    const text = lines[index];
    if (text === undefined) continue;
    if (
      ELLIPSIS.test(text) ||
      TEMPLATE_SLOT.test(text) ||
      PASCAL_SLOT.test(text) ||
      ARGUMENT_SLOT.test(text) ||
      ALTERNATIVE_LINE.test(text) ||
      SNAKE_ANGLE_SLOT.test(text) ||
      slotLine(text)
    )
      return true;
    // In script languages a block comment where code would stand; elsewhere any block comment, which no data language has.
    if (COMMENT_SLOT.test(text)) return true;
    if (scriptLanguage && SCRIPT_VALUE_SLOT.test(text)) return true;
    if (
      !scriptLanguage &&
      (ANGLE_SLOT.test(text) ||
        VALUE_ANGLE_SLOT.test(text) ||
        BRACE_SLOT.test(text) ||
        VALUE_SLOT.test(text) ||
        text.includes("${"))
    )
      return true;
  }
  return false;
}

/** True when the block holds an elision anywhere: the author said it is not the whole program. */
export function elides(code: string): boolean {
  return ELLIPSIS.test(code) || TEMPLATE_SLOT.test(code) || PASCAL_SLOT.test(code);
}

/** True when a script block leaves a value for the reader anywhere (`width: <w>`): it is a template. */
export function leavesValueSlot(code: string): boolean {
  return SCRIPT_VALUE_SLOT.test(code);
}

/**
 * `Result.isOk(result): result is Ok<T>`, `await page.content(): Promise<string>`: a method and
 * its return type, as API references list them. A block of nothing else (comments aside) is a listing of signatures, not a program.
 */
const SIGNATURE_LINE =
  /^(?:await[ \t]+)?(?:[$A-Z_a-z][\w$]*\.)*[$A-Z_a-z][\w$]*(?:<[^<>\n]{0,80}>)?\((?:[^()\n]|\([^()\n]{0,100}\)){0,200}\)\??:\s*[^\s;{]/;

/** True when every line of a script block is a signature or a comment. */
export function listsSignatures(code: string): boolean {
  const lines = code
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//") && !line.startsWith("/*") && !line.startsWith("*"));
  return lines.length > 0 && lines.every((line) => SIGNATURE_LINE.test(line));
}

/** A smart quote on the failing line, outside a comment: the one mistake an example never means. */
export function smartQuoteAt(code: string, line: number): boolean {
  const text = code.split("\n")[line - 1] ?? "";
  const comment = text.search(/\/\/| #|^#/);
  const checked = comment === -1 ? text : text.slice(0, comment);
  return SMART_QUOTE.test(checked);
}

const SHELL_COMMAND =
  /^(?:\$ )?(?:(?:pip3?|python3?|uv|uvx|poetry|npm|npx|pnpm|yarn|bun|bunx|node|deno|git|gh|docker|kubectl|helm|curl|wget|cd|source|brew|apt(?:-get)?|sudo|make|go|cargo|rustup|terraform|aws|gcloud|az|chmod|mkdir|rm|cp|mv|ls|cat|echo|grep|find|floss|strings|tsc|pytest|ruff|mypy|jq)(?:\s|$)|export [A-Z_][\dA-Z_]*=)/;

/** The first line that is not blank and not a comment (`#`, `//`). */
function firstCodeLine(code: string): string | undefined {
  return code
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "" && !line.startsWith("#") && !line.startsWith("//"));
}

/**
 * The language a block evidently holds when that is not the one its label names: shell
 * commands, TOML, YAML, a .env or properties file, an HTTP exchange, CSS, a Dockerfile or a
 * Markdown list. Undefined when nothing marks the block as something else.
 */
export function evidentLanguage(code: string, label: string): string | undefined {
  const captioned = captionLanguage(code, label);
  if (captioned) return captioned;
  const first = firstCodeLine(code);
  if (first === undefined) return undefined;
  const lines = code.split("\n").filter((line) => line.trim() !== "" && !/^\s*(?:#|\/\/)/.test(line));
  // "Research Brief" over a line of "=": a plain-text report's title, as a terminal shows it.
  if (/^[=-]{3,}$/.test(lines[1]?.trim() ?? "") && /^[A-Za-z][^:=]*$/.test(first)) return "a plain-text report";
  // "User: /convert docs/a.md" then "Claude: …": an example conversation, whatever the label.
  if (SPEAKER.test(first) && lines.slice(1).some((line) => SPEAKER.test(line))) return "an example conversation";
  // "opencv-python==4.11.0.86  # Computer vision": pinned packages, one per line (a note or two between).
  const pinned = lines.filter((line) => REQUIREMENT_LINE.test(line.trim())).length;
  if (pinned >= 2 && pinned >= lines.length * 0.75) return "a pip requirements file";
  if (first.startsWith("#!")) return "shell";
  if (SHELL_COMMAND.test(first)) return "shell";
  if (/^[A-Z]+ \/\S*(?: HTTP\/[\d.]+)?$/.test(first)) return "HTTP";
  if (/^(?:event|data|id|retry):/.test(first) && lines.every((line) => /^(?:event|data|id|retry):/.test(line)))
    return "a server-sent event stream";
  if (/^(?:FROM|RUN|COPY|WORKDIR|ENTRYPOINT|CMD) /.test(first)) return "a Dockerfile";
  if (
    /^(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|CREATE (?:TABLE|INDEX|VIEW)|ALTER TABLE)\b/.test(first) &&
    label !== "sql"
  )
    return "SQL";
  if (/^@media\b|^:root\s*\{|^[.#]?[a-z][\w-]*\s*\{$/.test(first) && label !== "css") return "CSS";
  if (/^\[[\w.-]+\]$/.test(first) && lines.some((line) => /^[\w.-]+\s*=/.test(line.trim()))) return "TOML";
  if (lines.length > 0 && lines.every((line) => /^[\w.-]+\s*=/.test(line.trim()))) return "an env or properties file";
  if (/^-\s\[[ x]\]/.test(first) || lines.some((line) => /^\s*- .*!`/.test(line))) return "Markdown";
  if (label !== "yaml" && label !== "yml" && /^[\w-]+:\s*$/.test(first) && lines.some((line) => /^\s+-\s/.test(line)))
    return "YAML";
  // "koi_net:\n  first_contact: …": nested keys and nothing else (a Python `else:` has a body that is not a key).
  if (
    label !== "yaml" &&
    label !== "yml" &&
    lines.length >= 2 &&
    /^[\w.-]+:\s*$/.test(first) &&
    /^\s+[\w.-]+:/.test(lines[1]!) &&
    lines.every((line) => YAML_LINE.test(line))
  )
    return "YAML";
  // `set(attributes["x"], Concat(...))`, `event.type == 'Warning'`: statements of an expression
  // language (OTTL, CEL) under a data label, one per line.
  if (DATA_LABELS.has(label) && lines.length > 0 && lines.every((line) => EXPRESSION_LINE.test(line.trim())))
    return "expression-language statements";
  return undefined;
}

const DATA_LABELS = new Set(["yaml", "yml", "json", "jsonc"]);
/** A line of a pip requirements file: a package, optional extras, a version operator and a version. */
const REQUIREMENT_LINE =
  /^[A-Za-z0-9][\w.-]*(?:\[[\w,.-]+\])?[ \t]*(?:===?|[<>~!]=|[<>])[ \t]*[\w.*+!]+(?:[ \t,;#].*)?$/;

/** `// .github/workflows/fuzz.yml`: a first comment line that names the file the block shows. */
const CAPTION = /^\s*(?:\/\/|#|--|\/\*)\s*(?:File:\s*)?[\w./-]*\.([a-z]{2,4})(?:[ \t]*\*\/)?[ \t]*$/i;

/** The language of the file a block's caption names, when the label says another. */
function captionLanguage(code: string, label: string): string | undefined {
  const first = code.split("\n").find((line) => line.trim() !== "");
  const extension = first === undefined ? undefined : CAPTION.exec(first)?.[1]?.toLowerCase();
  const named = extension === undefined ? undefined : BY_EXTENSION.get(extension);
  return named && !named.labels.includes(label) ? named.name : undefined;
}
/** A turn of a conversation: "User:", "Claude:", "Assistant:", "Human:". */
const SPEAKER = /^(?:User|Human|Claude|Assistant|AI|Model):(?:\s|$)/;
/** A line of plain YAML: a key with or without a value, or a list item. */
const YAML_LINE = /^\s*(?:[\w.-]+:(?:\s+\S.*)?|-\s.*)$/;
/**
 * A whole line that is a call (`name(...)`, `set(...) where cond`), an accessor (`cache["a"]["b"]`)
 * or a comparison (`a.b == 'x'`).
 */
const EXPRESSION_LINE =
  /^(?:[A-Za-z_][\w.]*\(.*\)(?: where .+)?|[A-Za-z_][\w.]*(?:\[[^\]\n]*\])+|[A-Za-z_][\w.[\]"']*\s*(?:==|!=|>=|<=)\s*\S.*)[;,]?$/;

/**
 * The language one failing line evidently belongs to when a block mixes several (a shell
 * command after TypeScript, a Dockerfile after JavaScript, CSS in a JavaScript block).
 */
export function evidentLine(line: string, label: string): string | undefined {
  const text = line.trim();
  // "🔴 save_btn — missing name": a status mark opens a line of a report, never a line of code.
  if (/^\p{Extended_Pictographic}/u.test(text)) return "a plain-text report";
  // "User request → researcher", "├── src/": arrows and box drawing draw a diagram or a tree
  // (after "#" or "//" they point at something in an annotated example instead).
  const drawn = text.search(/[\u2190-\u21ff\u2500-\u257f]/);
  if (drawn !== -1 && !/#|\/\//.test(text.slice(0, drawn))) return "a diagram";
  if (SHELL_COMMAND.test(text)) return "shell";
  if (/^(?:FROM|RUN|COPY|WORKDIR|ENTRYPOINT|CMD) /.test(text)) return "a Dockerfile";
  if (/^@media\b|^:root\s*\{/.test(text)) return "CSS";
  if (/^(?:public |private )?(?:struct|enum) [A-Z]\w* \{$/.test(text)) return "another language";
  if (/^(?:Error|TypeError|Traceback)\b.*:|^at [\w.<>]+ \(/.test(text)) return "a stack trace";
  if (/^(?:[-*] |\*\*[^*]+\*\*|#{1,6} )/.test(text) && !["yaml", "yml", "markdown", "md"].includes(label))
    return "Markdown";
  if (/^"[\w.-]+":\s/.test(text) && !["json", "jsonc"].includes(label)) return "JSON";
  // POSTGRES_URI=postgresql://…: an environment file's line (as code it would need quotes).
  if (/^[A-Z][A-Z0-9_]*=\S+$/.test(text)) return "an env or properties file";
  return undefined;
}

/** A language a caption or a comment may name: how a message names it, the fence labels that mean it, its file extensions. */
interface Language {
  name: string;
  labels: readonly string[];
  extensions?: readonly string[];
}

const SCRIPT_LABELS = ["javascript", "js", "jsx", "mjs", "cjs", "typescript", "ts", "tsx"];
const SHELL: Language = { name: "shell", labels: ["bash", "sh", "shell", "zsh"], extensions: ["sh"] };

/** Languages by the word a comment names them with (`// PHP handler`). */
const LANGUAGES: Record<string, Language> = {
  php: { name: "PHP", labels: ["php"] },
  python: { name: "Python", labels: ["python", "py", "python3"], extensions: ["py"] },
  ruby: { name: "Ruby", labels: ["ruby", "rb"], extensions: ["rb"] },
  go: { name: "Go", labels: ["go", "golang"], extensions: ["go"] },
  rust: { name: "Rust", labels: ["rust", "rs"], extensions: ["rs"] },
  java: { name: "Java", labels: ["java"] },
  kotlin: { name: "Kotlin", labels: ["kotlin", "kt"] },
  swift: { name: "Swift", labels: ["swift"] },
  bash: SHELL,
  shell: SHELL,
  sql: { name: "SQL", labels: ["sql"], extensions: ["sql"] },
  html: { name: "HTML", labels: ["html"], extensions: ["html"] },
  css: { name: "CSS", labels: ["css"], extensions: ["css"] },
  yaml: { name: "YAML", labels: ["yaml", "yml"], extensions: ["yml", "yaml"] },
  json: { name: "JSON", labels: ["json", "jsonc"] },
  toml: { name: "TOML", labels: ["toml"], extensions: ["toml"] },
  javascript: { name: "JavaScript", labels: SCRIPT_LABELS, extensions: ["js"] },
  typescript: { name: "TypeScript", labels: SCRIPT_LABELS, extensions: ["ts"] },
};

/** The same languages by the file extension a caption names (`// .github/workflows/fuzz.yml`). */
const BY_EXTENSION = new Map(
  Object.values(LANGUAGES).flatMap((language) => (language.extensions ?? []).map((e) => [e, language] as const)),
);

/** `// PHP handler`, `# Python side:`, `-- SQL`: a comment line that starts by naming a language. */
const LANGUAGE_COMMENT =
  /^\s*(?:\/\/|#|--|\/\*)\s*(?:the\s+|in\s+)?(php|python|ruby|go|rust|java|kotlin|swift|bash|shell|sql|html|css|yaml|json|toml|javascript|typescript)(?:[ \t]+[\w()-]+){0,6}:?(?:[ \t]*\*\/)?[ \t]*$/i;

/**
 * The language a comment above the failing line says this part of the block is in, when it is
 * not the label's (a JavaScript block whose second half is headed `// PHP handler`): the block
 * mixes two languages, a labelling matter. The nearest such comment above the line decides.
 */
export function commentedLanguage(code: string, line: number, label: string): string | undefined {
  const lines = code.split("\n");
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index--) {
    const named = LANGUAGE_COMMENT.exec(lines[index]!)?.[1]?.toLowerCase();
    if (named === undefined) continue;
    const language = own(LANGUAGES, named);
    return language && !language.labels.includes(label) ? language.name : undefined;
  }
  return undefined;
}
