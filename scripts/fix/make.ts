import { findNodeAtLocation, type Node as JsonNode } from "jsonc-parser";
import { isScalar, type Scalar } from "yaml";
import { yamlNodeAt } from "../core/yaml-text.ts";
import type { Fix, JsonPath, SourceFile, TextEdit } from "../core/types.ts";
import { placeholderSpans, quoteSpans } from "./shell-quote.ts";
import { jsonStringMap, yamlQuotedMap, yamlSingleQuoted, type StringMap } from "./strings.ts";

/**
 * The fixes rules attach to findings. Each builder checks that the text at the span is exactly
 * what it expects and returns undefined otherwise, so a fix is offered only where applying it
 * changes the intended bytes and nothing else.
 */

/** Replaces `expected`, found at `start` of the file's text, with `replacement`. */
export function replaceText(
  file: SourceFile,
  start: number,
  expected: string,
  replacement: string,
  description: string,
): Fix | undefined {
  if (start < 0 || file.text.slice(start, start + expected.length) !== expected || expected === replacement)
    return undefined;
  return {
    kind: "edit",
    file: file.path,
    edits: [{ start, end: start + expected.length, text: replacement }],
    description,
  };
}

export function removeBom(file: SourceFile): Fix | undefined {
  return file.hasBom ? { kind: "remove-bom", file: file.path, description: "remove the byte order mark" } : undefined;
}

export function renameFile(from: string, to: string): Fix {
  return { kind: "rename", file: from, to, description: `rename ${from} to ${to}` };
}

/** A JSON file the fixer may edit by path: parsed without any problem (no duplicate keys). */
function jsonTree(file: SourceFile): JsonNode | undefined {
  return file.ok && file.parseIssues.length === 0 ? file.json?.tree : undefined;
}

/** The YAML document of a file or its frontmatter, with the offset its ranges start at. */
function yamlDocument(file: SourceFile) {
  const frontmatter = file.markdown?.frontmatter;
  // A frontmatter read by Claude Code's lenient retry has ranges in the retried text, not the file.
  if (frontmatter)
    return frontmatter.recovered || !frontmatter.data ? undefined : { doc: frontmatter.doc, base: frontmatter.offset };
  if (file.yaml && file.ok && file.parseIssues.length === 0) return { doc: file.yaml.doc, base: 0 };
  return undefined;
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function dataOf(file: SourceFile): unknown {
  return file.markdown ? file.markdown.frontmatter?.data : file.json ? file.json.value : file.yaml?.value;
}

/**
 * Renames the key at `path` (its last segment) to `to`, in JSON or YAML, when the object does
 * not hold `to` already and the key is spelt plainly (quoted in JSON; plain or quoted in YAML).
 */
export function renameKey(file: SourceFile, path: JsonPath, to: string): Fix | undefined {
  const from = path[path.length - 1];
  if (typeof from !== "string" || from === to) return undefined;
  const parent = valueAt(dataOf(file), path.slice(0, -1));
  if (parent === null || typeof parent !== "object" || Array.isArray(parent) || Object.hasOwn(parent, to))
    return undefined;
  const description = `rename "${from}" to "${to}"`;
  if (file.json) {
    const tree = jsonTree(file);
    const node = tree ? findNodeAtLocation(tree, [...path]) : undefined;
    const key = node?.parent?.type === "property" ? node.parent.children?.[0] : undefined;
    if (!key) return undefined;
    return replaceText(file, key.offset, JSON.stringify(from), JSON.stringify(to), description);
  }
  const yaml = yamlDocument(file);
  if (!yaml?.doc) return undefined;
  const { keyNode, depth } = yamlNodeAt(yaml.doc, path);
  if (depth !== path.length || !isScalar(keyNode) || !keyNode.range) return undefined;
  const start = yaml.base + keyNode.range[0];
  const spelled = file.text.slice(start, yaml.base + keyNode.range[1]);
  const style = (keyNode as Scalar).type;
  if (style === "PLAIN" && spelled === from) return replaceText(file, start, from, to, description);
  if ((style === "QUOTE_DOUBLE" && spelled === `"${from}"`) || (style === "QUOTE_SINGLE" && spelled === `'${from}'`))
    return replaceText(file, start + 1, from, to, description);
  return undefined;
}

/** Puts `prefix` in front of the JSON string value at `path` ("agents/" → "./agents/"). */
export function prefixJsonString(file: SourceFile, path: JsonPath, prefix: string): Fix | undefined {
  const tree = jsonTree(file);
  const node = tree ? findNodeAtLocation(tree, [...path]) : undefined;
  if (node?.type !== "string" || typeof node.value !== "string") return undefined;
  const map = jsonStringMap(file.text.slice(node.offset, node.offset + node.length));
  if (map?.value !== node.value) return undefined;
  return {
    kind: "edit",
    file: file.path,
    edits: [{ start: node.offset + 1, end: node.offset + 1, text: prefix }],
    description: `write "${prefix}${node.value}"`,
  };
}

/** Edits inserting `quote` before and after each span of a string value, through its source map. */
function quoteThroughMap(map: StringMap, base: number, spans: [number, number][], quote: string): TextEdit[] {
  return spans.flatMap(([start, end]) => [
    { start: base + map.at[start]!, end: base + map.at[start]!, text: quote },
    { start: base + map.at[end]!, end: base + map.at[end]!, text: quote },
  ]);
}

/**
 * Puts each unquoted ${CLAUDE_PLUGIN_ROOT}-style placeholder of the hook command at `path`, with
 * the rest of its word, in double quotes: in a JSON string, or in a YAML scalar on one line (a
 * plain scalar becomes single-quoted, so the quotes it gains are part of the value).
 */
export function quoteHookPlaceholders(file: SourceFile, path: JsonPath): Fix | undefined {
  const described = (command: string, spans: [number, number][]) =>
    `quote ${spans.map(([start, end]) => `"${command.slice(start, end)}"`).join(", ")}`;
  if (file.json) {
    const tree = jsonTree(file);
    const node = tree ? findNodeAtLocation(tree, [...path]) : undefined;
    if (node?.type !== "string" || typeof node.value !== "string") return undefined;
    const map = jsonStringMap(file.text.slice(node.offset, node.offset + node.length));
    const spans = placeholderSpans(node.value);
    if (map?.value !== node.value || spans.length === 0) return undefined;
    const description = described(node.value, spans);
    return { kind: "edit", file: file.path, edits: quoteThroughMap(map, node.offset, spans, '\\"'), description };
  }
  const yaml = yamlDocument(file);
  if (!yaml?.doc) return undefined;
  const { node, depth } = yamlNodeAt(yaml.doc, path);
  if (depth !== path.length || !isScalar(node) || typeof node.value !== "string" || !node.range) return undefined;
  const command = node.value;
  const spans = placeholderSpans(command);
  if (spans.length === 0) return undefined;
  const start = yaml.base + node.range[0];
  const source = file.text.slice(start, yaml.base + node.range[1]);
  const description = described(command, spans);
  if (node.type === "PLAIN") {
    if (source !== command || /[\r\n]/.test(source)) return undefined;
    return replaceText(file, start, source, yamlSingleQuoted(quoteSpans(command, spans)), description);
  }
  if (node.type !== "QUOTE_DOUBLE" && node.type !== "QUOTE_SINGLE") return undefined;
  const map = yamlQuotedMap(source);
  if (map?.value !== command) return undefined;
  const quote = node.type === "QUOTE_DOUBLE" ? '\\"' : '"';
  return { kind: "edit", file: file.path, edits: quoteThroughMap(map, start, spans, quote), description };
}
