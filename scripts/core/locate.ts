import { isCollection, isPair } from "yaml";
import { locateJson } from "./json.ts";
import { simpleYamlSpan } from "./simple-yaml.ts";
import { yamlNodeAt } from "./yaml-text.ts";
import type { Anchor, JsonPath, Location, SourceFile } from "./types.ts";

/** Decodes an ajv instance path ("/a/b~1c/0") into path segments. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

function span(file: SourceFile, offset: number, length: number): Location {
  const start = file.lines.position(offset);
  const end = file.lines.position(offset + Math.max(length, 0));
  return { file: file.path, start, end };
}

function locateYamlPath(file: SourceFile, path: JsonPath, part: "value" | "key" | "missing"): Location {
  // A plain frontmatter's key or value is found in its text; the document is built only for the rest.
  const frontmatter = file.markdown?.frontmatter;
  if (frontmatter?.simple && path.length === 1 && typeof path[0] === "string" && part !== "missing") {
    const found = simpleYamlSpan(frontmatter.raw, path[0], part);
    if (found) return span(file, frontmatter.offset + found.start, found.length);
  }
  const doc = frontmatter?.doc ?? file.yaml?.doc;
  const base = file.markdown?.frontmatter?.offset ?? 0;
  if (!doc) return span(file, 0, 3);
  const { node, keyNode, depth } = yamlNodeAt(doc, path);
  const exact = depth === path.length;
  if (exact && part === "key" && keyNode?.range)
    return span(file, base + keyNode.range[0], keyNode.range[1] - keyNode.range[0]);
  if (part === "missing" && exact && isCollection(node)) {
    // Point at the first key of the mapping that lacks the property, or at the opening delimiter.
    const first = node.items[0];
    const firstKey = isPair(first) ? (first.key as { range?: [number, number, number] } | null) : undefined;
    if (path.length === 0 && file.markdown) return span(file, 0, 3);
    if (firstKey?.range) return span(file, base + firstKey.range[0], firstKey.range[1] - firstKey.range[0]);
  }
  const target = !exact && keyNode ? keyNode : node;
  if (target?.range) return span(file, base + target.range[0], target.range[1] - target.range[0]);
  return file.markdown ? span(file, 0, 3) : span(file, 0, 0);
}

/** Resolves where a finding points; never throws, falls back to the nearest thing that exists. */
export function locate(file: SourceFile, at: Anchor | undefined): Location {
  try {
    if (!at) return { file: file.path, start: { line: 1, column: 1 } };
    if ("offset" in at) return span(file, at.offset, at.length ?? 0);
    if ("line" in at) return { file: file.path, start: { line: at.line, column: at.column ?? 1 } };
    const part = at.part ?? "value";
    if (file.json) {
      const where = locateJson(file.json.tree, at.path, part);
      return span(file, where.offset, where.length);
    }
    return locateYamlPath(file, at.path, part);
  } catch {
    return { file: file.path, start: { line: 1, column: 1 } };
  }
}
