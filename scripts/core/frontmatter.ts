import type { SourceFile } from "./types.ts";

/** The parsed frontmatter mapping, or undefined when there is none or it could not be read. */
export function frontmatter(file: SourceFile): Record<string, unknown> | undefined {
  return file.markdown?.frontmatter?.data;
}

/** A frontmatter list field given as a comma/space separated string or a YAML list, split outside parentheses. */
export function listField(value: unknown): { item: string; index: number | undefined }[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) =>
      typeof item === "string" ? splitRules(item).map((i) => ({ item: i, index })) : [],
    );
  if (typeof value === "string") return splitRules(value).map((item) => ({ item, index: undefined }));
  return [];
}

/** Splits "Read, Bash(git diff:*) Agent(a, b)" on commas and spaces outside parentheses. */
function splitRules(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === "," || /\s/.test(char))) {
      if (current) parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (current) parts.push(current);
  return parts;
}
