/**
 * Most frontmatter is a handful of `key: value` lines. Building a full YAML document for each
 * costs more than the rest of the parse, so lines in a deliberately small subset are read here,
 * and anything outside it (every type but plain or quoted strings, nesting, escapes, comments
 * after values, duplicate keys, "---" in values) returns undefined and goes to the yaml package.
 * A test holds the two readers equal on every frontmatter in the repository and its fixtures.
 */

// Values are taken whole and trimmed by blanks(): blanks around a lazy value backtrack quadratically.
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(.*)$/;
const ITEM = /^ {2,}-[ \t](.*)$/;
// Plain scalars that YAML 1.2's core schema reads as something other than a string, or that
// start with an indicator, are not handled here.
const NOT_PLAIN_STRING = /^(?:[-?:,[\]{}#&*!|>'"%@`]|[+.0-9]|(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$)/;

/** The text without the spaces and tabs at either end (other white space is part of a value). */
function blanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === " " || text[start] === "\t")) start++;
  while (end > start && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  return text.slice(start, end);
}

function scalar(text: string): string | undefined {
  if (text.startsWith('"')) return /^"[^"\\]*"$/.test(text) ? text.slice(1, -1) : undefined;
  if (text.startsWith("'")) return /^'[^']*'$/.test(text) ? text.slice(1, -1) : undefined;
  if (
    NOT_PLAIN_STRING.test(text) ||
    text.includes(": ") ||
    text.includes(" #") ||
    text.endsWith(":") ||
    text.includes("\t")
  )
    return undefined;
  return text;
}

export function readSimpleYaml(raw: string): Record<string, unknown> | undefined {
  if (raw.includes("---") || raw.includes("\r") || raw.includes("\t")) return undefined;
  const data: Record<string, unknown> = {};
  let list: unknown[] | undefined;
  for (const line of raw.split("\n")) {
    if (line.trim() === "" || /^#/.test(line)) continue;
    const item = list && ITEM.exec(line);
    if (item) {
      const value = scalar(blanks(item[1]!));
      if (value === undefined) return undefined;
      list!.push(value);
      continue;
    }
    const match = KEY.exec(line);
    if (!match) return undefined;
    const key = match[1]!;
    // "__proto__" would set the object's prototype instead of a key: the full parser keeps it a key.
    if (Object.hasOwn(data, key) || key === "__proto__") return undefined;
    const rest = match[2]!;
    // A value is separated from its key by a blank ("key:value" is not a key).
    if (rest !== "" && rest[0] !== " " && rest[0] !== "\t") return undefined;
    const text = blanks(rest);
    if (text === "") {
      // Only a block list may follow a key without a value; an empty list stays null, as YAML has it.
      list = [];
      data[key] = list;
      continue;
    }
    list = undefined;
    const value = scalar(text);
    if (value === undefined) return undefined;
    data[key] = value;
  }
  for (const [key, value] of Object.entries(data)) if (Array.isArray(value) && value.length === 0) data[key] = null;
  return data;
}

/**
 * Where a top-level key, or its one-line value, stands in frontmatter that `readSimpleYaml`
 * read: the same span the YAML parser's node has (the key, or the value without the blanks
 * around it, quotes included), found without building the document. Undefined for a key that
 * is absent or holds a list.
 */
export function simpleYamlSpan(
  raw: string,
  key: string,
  part: "key" | "value",
): { start: number; length: number } | undefined {
  let start = 0;
  while (start <= raw.length) {
    const newline = raw.indexOf("\n", start);
    const end = newline === -1 ? raw.length : newline;
    if (raw.startsWith(`${key}:`, start)) {
      if (part === "key") return { start, length: key.length };
      const line = raw.slice(start + key.length + 1, end);
      const value = blanks(line);
      if (value === "") return undefined;
      return { start: start + key.length + 1 + line.indexOf(value), length: value.length };
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}
