import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  visit,
  type Document,
  type Node,
} from "yaml";

export interface ParseIssue {
  /** Offset in the parsed text. */
  offset: number;
  length: number;
  message: string;
  severity: "error" | "warning" | "note";
  code: string;
}

export interface YamlParse {
  doc: Document;
  lineCounter: LineCounter;
  value: unknown;
  /** False when the value could not be produced (syntax errors or an alias bomb). */
  ok: boolean;
  issues: ParseIssue[];
}

// Aliases are legal YAML, but a handful of anchors expanding into each other can
// produce gigabytes; the yaml package's own guard throws past this count.
const MAX_ALIAS_COUNT = 100;

/**
 * Flow collections (`{`, `[`) nested deeper than this are not parsed: the yaml package recurses
 * once per level, so a run of `{{{{` costs seconds and then overflows the stack. No YAML a person
 * writes comes near it.
 */
const MAX_FLOW_DEPTH = 256;

/**
 * A document with more syntax errors than this lists the first ones and a count: one cause (a
 * run of stray quotes) can give hundreds of thousands, and each would become a finding.
 */
const MAX_LISTED_ERRORS = 100;

/** The offset where flow collections first nest deeper than `limit`, found in one pass, or -1. */
export function flowDepthExceeded(text: string, limit = MAX_FLOW_DEPTH): number {
  // Brackets inside quoted scalars and comments count too: an over-estimate that only ever
  // refuses text nested far beyond anything hand-written.
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return i;
    } else if ((code === 0x7d || code === 0x5d) && depth > 0) depth--;
  }
  return -1;
}

function tooDeep(offset: number): ParseIssue {
  return {
    offset,
    length: 1,
    code: "TOO_DEEP",
    severity: "error",
    message: `flow collections nest more than ${MAX_FLOW_DEPTH} levels deep here; too large to check, so the YAML was not parsed`,
  };
}

/** The first errors of a parse, and one more issue that counts the rest. */
function capped(issues: ParseIssue[]): ParseIssue[] {
  if (issues.length <= MAX_LISTED_ERRORS) return issues;
  const shown = issues.slice(0, MAX_LISTED_ERRORS);
  const last = shown[shown.length - 1]!;
  shown.push({
    offset: last.offset,
    length: 0,
    code: "TOO_MANY_ERRORS",
    severity: "error",
    message: `${issues.length - MAX_LISTED_ERRORS} more YAML errors after this one are not listed`,
  });
  return shown;
}

/**
 * Runs a parse with error stack traces off: the yaml package builds an Error per syntax error,
 * and capturing a stack for each of a few hundred thousand (a run of stray quotes) costs seconds.
 */
function withoutStacks<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** YAML code blocks larger than this are not parsed (examples are a few KiB; see code-block-syntax). */
export const MAX_YAML_BLOCK = 128 * 1024;

const YAML_LANGS = new Set(["yaml", "yml"]);

/**
 * A YAML code block some rule parses: closed, within the size budget, and not a template (Helm,
 * Jinja), which is read only when it is an OpenAPI document.
 */
export function parsedYamlBlock(block: { lang: string; code: string; closed: boolean }): boolean {
  if (!YAML_LANGS.has(block.lang) || !block.closed || block.code.length > MAX_YAML_BLOCK) return false;
  const templated = block.code.includes("{{") || block.code.includes("{%");
  return !templated || block.code.includes("openapi");
}

/** One cause often yields several parser errors at one spot; the first explains it. */
export function firstPerOffset<T extends { offset: number }>(issues: T[]): T[] {
  const seen = new Set<number>();
  return issues.filter((issue) => (seen.has(issue.offset) ? false : (seen.add(issue.offset), true)));
}

function describe(error: { code: string; message: string }): string {
  const firstLine = error.message.split("\n")[0] ?? error.message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, "");
}

/** Parses YAML with positions; never throws. Duplicate keys are reported, not fatal. */
export function parseYaml(text: string, options: { multiDocument?: boolean } = {}): YamlParse {
  const deep = flowDepthExceeded(text);
  if (deep >= 0) {
    const lineCounter = new LineCounter();
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) lineCounter.addNewLine(at + 1);
    return { doc: parseDocument(""), lineCounter, value: undefined, ok: false, issues: [tooDeep(deep)] };
  }
  if (options.multiDocument && /^---/m.test(text)) return parseStream(text);
  const lineCounter = new LineCounter();
  const issues: ParseIssue[] = [];
  let doc: Document;
  try {
    doc = withoutStacks(() =>
      parseDocument(text, {
        lineCounter,
        uniqueKeys: false,
        prettyErrors: false,
        strict: true,
        keepSourceTokens: false,
        // toJS would print "Keys with collection values will be stringified" on stderr: the run's output is findings only.
        logLevel: "error",
      }),
    );
  } catch (error) {
    doc = parseDocument("", { lineCounter: new LineCounter() });
    issues.push({
      offset: 0,
      length: 0,
      code: "PARSER_FAILURE",
      severity: "error",
      message: `YAML could not be parsed: ${(error as Error).message}`,
    });
    return { doc, lineCounter, value: undefined, ok: false, issues };
  }
  // Only the errors that will be listed get their message worded (see capped).
  doc.errors.forEach((error, index) => {
    issues.push({
      offset: error.pos[0],
      length: Math.max(0, error.pos[1] - error.pos[0]),
      code: error.code,
      severity: "error",
      message: index <= MAX_LISTED_ERRORS ? describe(error) : "",
    });
  });
  for (const warning of doc.warnings) {
    issues.push({
      offset: warning.pos[0],
      length: Math.max(0, warning.pos[1] - warning.pos[0]),
      code: warning.code,
      severity: "warning",
      message: describe(warning),
    });
  }
  issues.push(...duplicateKeys(doc));
  if (doc.errors.length > 0)
    return { doc, lineCounter, value: undefined, ok: false, issues: capped(firstPerOffset(issues)) };
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc, lineCounter, value, ok: true, issues };
  } catch (error) {
    const message = /alias/i.test((error as Error).message)
      ? "YAML aliases expand too far (a possible alias bomb); the value was not read"
      : `YAML value could not be built: ${(error as Error).message}`;
    issues.push({ offset: 0, length: 0, code: "RESOURCE_EXHAUSTION", severity: "error", message });
    return { doc, lineCounter, value: undefined, ok: false, issues };
  }
}

/** A YAML stream (Kubernetes-style "---" separated documents): every document is checked. */
function parseStream(text: string): YamlParse {
  const lineCounter = new LineCounter();
  const issues: ParseIssue[] = [];
  let docs: Document[];
  try {
    const parsed = withoutStacks(() =>
      parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, logLevel: "error" }),
    );
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    issues.push({
      offset: 0,
      length: 0,
      code: "PARSER_FAILURE",
      severity: "error",
      message: `YAML could not be parsed: ${(error as Error).message}`,
    });
    return { doc: parseDocument(""), lineCounter, value: undefined, ok: false, issues };
  }
  const values: unknown[] = [];
  let ok = true;
  for (const doc of docs) {
    for (const error of doc.errors)
      issues.push({
        offset: error.pos[0],
        length: Math.max(0, error.pos[1] - error.pos[0]),
        code: error.code,
        severity: "error",
        message: describe(error),
      });
    issues.push(...duplicateKeys(doc));
    if (doc.errors.length > 0) ok = false;
    else {
      try {
        values.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
      } catch {
        ok = false;
        issues.push({
          offset: doc.range?.[0] ?? 0,
          length: 0,
          code: "RESOURCE_EXHAUSTION",
          severity: "error",
          message: "YAML aliases expand too far (a possible alias bomb); the value was not read",
        });
      }
    }
  }
  return {
    doc: docs[0] ?? parseDocument(""),
    lineCounter,
    value: values.length === 1 ? values[0] : values,
    ok,
    issues: capped(issues),
  };
}

function duplicateKeys(doc: Document): ParseIssue[] {
  const issues: ParseIssue[] = [];
  try {
    visit(doc, {
      Map(_key, map) {
        const seen = new Set<string>();
        for (const item of map.items) {
          if (!isPair(item) || !isScalar(item.key)) continue;
          const name = String(item.key.value);
          if (seen.has(name)) {
            const range = item.key.range ?? [0, 0];
            issues.push({
              offset: range[0],
              length: range[1] - range[0],
              code: "DUPLICATE_KEY",
              severity: "error",
              message: `duplicate key "${name}": parsers disagree on which value wins`,
            });
          }
          seen.add(name);
        }
      },
    });
  } catch {
    // A document too deep to walk has already produced a parse error.
  }
  return issues;
}

/** The node at a path (keys and indexes), or the closest ancestor that exists. */
export function yamlNodeAt(
  doc: Document,
  path: readonly (string | number)[],
): { node: Node | undefined; keyNode: Node | undefined; depth: number } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) break;
      keyNode = undefined;
      node = item;
    } else break;
    depth++;
  }
  return { node: (node ?? undefined) as Node | undefined, keyNode, depth };
}

/** A YAML code block, parsed once for every rule that reads it. */
export interface YamlBlock {
  /** Syntax errors of every document in the block, the first per offset. */
  errors: ParseIssue[];
  docs: Document[];
}

/** Parses a stream of YAML documents (a code example); never throws. */
export function parseYamlBlock(text: string): YamlBlock {
  // The same budget as code-block-syntax's: a block this large is reported there as too large to check.
  if (text.length > MAX_YAML_BLOCK) return { errors: [], docs: [] };
  const deep = flowDepthExceeded(text);
  if (deep >= 0) return { errors: [tooDeep(deep)], docs: [] };
  let docs: Document[];
  try {
    const parsed = withoutStacks(() =>
      parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: true, logLevel: "error" }),
    );
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    const message = `YAML could not be parsed: ${(error as Error).message}`;
    return { errors: [{ offset: 0, length: 0, code: "PARSER_FAILURE", severity: "error", message }], docs: [] };
  }
  // Positions first, so only the errors that will be listed get their message worded.
  const raw = firstPerOffset(docs.flatMap((doc) => doc.errors.map((error) => ({ offset: error.pos[0], error }))));
  const errors = capped(
    raw.map(({ error }, index) => ({
      offset: error.pos[0],
      length: Math.max(0, error.pos[1] - error.pos[0]),
      code: error.code,
      severity: "error" as const,
      message: index <= MAX_LISTED_ERRORS ? describe(error) : "",
    })),
  );
  return { errors, docs };
}

/** The block's one document and its value, when it holds exactly one that parses and builds. */
export function singleDocument(block: YamlBlock): { doc: Document; value: unknown } | undefined {
  const only = block.docs.length === 1 ? block.docs[0]! : undefined;
  if (!only || only.errors.length > 0) return undefined;
  try {
    return { doc: only, value: only.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch {
    // An alias bomb or a value too deep to build: nothing is read from it.
    return undefined;
  }
}

/** Syntax errors only, for YAML that is checked but not read (code examples): no values are built. */
export function yamlSyntaxErrors(text: string): ParseIssue[] {
  return parseYamlBlock(text).errors;
}
