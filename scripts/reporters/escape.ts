/**
 * Text taken from a plugin (values, names, file paths) may hold terminal escape sequences,
 * carriage returns or bidirectional overrides that would rewrite the report on screen; they are
 * printed as visible escapes instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function visible(value: string, keepNewlines = false): string {
  // A rule bug must not turn into a reporter crash: anything that is not a string is shown as text.
  const text = typeof value === "string" ? value : String(value);
  const escaped = text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return keepNewlines ? escaped : escaped.replace(/\n/g, "\\n");
}

/** "×12 in 5 files" for a finding that stands for several places. */
export function countText(count: number | undefined, files: number): string {
  if (!count || count < 2) return "";
  return files > 1 ? `×${count} in ${files} files` : `×${count}`;
}

/**
 * JSON text with the characters JSON.stringify leaves raw but terminals and viewers act on (C1
 * controls, bidirectional overrides, line and paragraph separators) written as \u escapes. Such
 * characters occur only inside strings, so the parsed value is unchanged.
 */
export function jsonText(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
