import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from "jsonc-parser";
import type { JsonPath } from "./types.ts";
import { firstPerOffset, type ParseIssue } from "./yaml-text.ts";

// Deeper documents are rejected before parsing: the parser recurses per level, and no
// manifest needs more than a handful of levels (the plugin directory caps them at 64).
const MAX_JSON_DEPTH = 256;

export interface JsonParse {
  value: unknown;
  tree: Node | undefined;
  ok: boolean;
  issues: ParseIssue[];
}

function nestingDepth(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        at = i;
        if (max > MAX_JSON_DEPTH) break;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return { depth: max, offset: at };
}

/** Strict JSON with offsets: no comments, no trailing commas, duplicate keys reported. */
export function parseJson(text: string): JsonParse {
  const issues: ParseIssue[] = [];
  const nesting = nestingDepth(text);
  if (nesting.depth > MAX_JSON_DEPTH) {
    issues.push({
      offset: nesting.offset,
      length: 1,
      code: "TOO_DEEP",
      severity: "error",
      message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels; the file was not read`,
    });
    return { value: undefined, tree: undefined, ok: false, issues };
  }
  const errors: ParseError[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    issues.push({
      offset: 0,
      length: 0,
      code: "PARSER_FAILURE",
      severity: "error",
      message: `JSON could not be parsed: ${(error as Error).message}`,
    });
    return { value: undefined, tree: undefined, ok: false, issues };
  }
  for (const error of errors) {
    issues.push({
      offset: error.offset,
      length: error.length,
      code: printParseErrorCode(error.error),
      severity: "error",
      message: `invalid JSON: ${describeJsonError(printParseErrorCode(error.error))}`,
    });
  }
  if (tree) issues.push(...duplicateKeys(tree));
  if (errors.length > 0 || !tree) return { value: undefined, tree, ok: false, issues: firstPerOffset(issues) };
  return { value: getNodeValue(tree), tree, ok: true, issues };
}

function describeJsonError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected (a trailing comma?)",
    ValueExpected: "value expected",
    ColonExpected: "colon expected",
    CommaExpected: "comma expected",
    CloseBraceExpected: "closing brace expected",
    CloseBracketExpected: "closing bracket expected",
    EndOfFileExpected: "end of file expected",
    InvalidCommentToken: "comments are not allowed",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return words[code] ?? code;
}

function duplicateKeys(root: Node): ParseIssue[] {
  const issues: ParseIssue[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "object") {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (key && typeof key.value === "string") {
          if (seen.has(key.value)) {
            issues.push({
              offset: key.offset,
              length: key.length,
              code: "DUPLICATE_KEY",
              severity: "error",
              message: `duplicate key "${key.value}": only the last value is kept`,
            });
          }
          seen.add(key.value);
        }
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return issues;
}

export interface JsonLocation {
  offset: number;
  length: number;
}

/** Offset of the value, key or (for a missing key) parent at a path; falls back to the nearest ancestor. */
export function locateJson(
  tree: Node | undefined,
  path: JsonPath,
  part: "value" | "key" | "missing" = "value",
): JsonLocation {
  if (!tree) return { offset: 0, length: 0 };
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth) as (string | number)[]);
    if (!node) continue;
    if (depth === path.length && part === "key" && node.parent?.type === "property") {
      const key = node.parent.children?.[0];
      if (key) return { offset: key.offset, length: key.length };
    }
    if (depth === path.length && part === "missing" && node.type === "object")
      return { offset: node.offset, length: 1 };
    return { offset: node.offset, length: node.length };
  }
  return { offset: tree.offset, length: 0 };
}
