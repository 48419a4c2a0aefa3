import { createRequire } from "node:module";
import { posix } from "node:path";
import type * as OpenApiSchemaValidator from "@seriousme/openapi-schema-validator";
import type { ErrorObject } from "ajv";
import type { Document } from "yaml";
import { locateJson } from "../../core/json.ts";
import { pointerToPath } from "../../core/locate.ts";
import { closest, quote } from "../../core/text.ts";
import type { Anchor, CodeBlock, JsonPath, Project, ReportInput, Rule, SourceFile } from "../../core/types.ts";
import { yamlNodeAt } from "../../core/yaml-text.ts";
import { precompiledOpenApi } from "../../schemas/precompiled.ts";
import { blockOffset } from "./blocks.ts";

type Part = "value" | "key" | "missing";

interface Problem {
  path: JsonPath;
  part: Part;
  message: string;
  hint?: string;
  severity?: "error" | "warning";
}

/** The schema function the package compiles per OpenAPI minor version (2.0 onwards, unchanged since 2.0.0). */
type SchemaCheck = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

type Validators = { getAjvValidator(version: string): SchemaCheck };
const validators = new Map<boolean, Validators>();

function schemaFor(version: string, allErrors: boolean): SchemaCheck | undefined {
  // Compiled ahead of time with allErrors; the package compiles (a few hundred milliseconds) only in a
  // stale checkout, or for the first-error-only check of a very large document.
  const compiled = allErrors ? (precompiledOpenApi(version) as SchemaCheck | undefined) : undefined;
  if (compiled) return compiled;
  // verbose: errors carry the data and the schema, for messages and did-you-mean hints.
  const { Validator } = createRequire(import.meta.url)(
    "@seriousme/openapi-schema-validator",
  ) as typeof OpenApiSchemaValidator;
  let validator = validators.get(allErrors);
  if (!validator)
    validators.set(allErrors, (validator = new Validator({ allErrors, verbose: true }) as unknown as Validators));
  return validator.getAjvValidator(version);
}

/**
 * Documents with more values than this are checked for validity but list only their first schema
 * error: ajv gathers every error by copying the list it has so far at each $ref, so a document of
 * thousands of invalid schemas costs thousands squared.
 */
const MAX_LISTED_VALUES = 4000;

/** How many values (objects, arrays, scalars) a document holds, counted up to just past `limit`. */
function countValues(document: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [document];
  while (stack.length > 0 && count <= limit) {
    const value = stack.pop();
    count++;
    if (value !== null && typeof value === "object")
      for (const child of Object.values(value as Record<string, unknown>)) stack.push(child);
  }
  return count;
}

const MINORS = new Set(["3.0", "3.1", "3.2"]);

/** The schema version an `openapi` value selects, or a problem with the value itself. */
function versionOf(value: unknown): { minor: string } | { problem: Problem } | undefined {
  if (typeof value === "number") {
    return {
      problem: {
        path: ["openapi"],
        part: "value",
        message: `"openapi" is the number ${value}, expected a version string such as "3.1.0"`,
        hint: 'quote the full version: openapi: "3.1.0"',
      },
    };
  }
  if (typeof value !== "string") return undefined;
  const minor = /^(3\.\d+)/.exec(value)?.[1];
  return minor && MINORS.has(minor) ? { minor } : undefined;
}

function label(path: JsonPath): string {
  return path.length === 0 ? "the document" : `"${path.join(".")}"`;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value;
}

const COMBINATORS = new Set(["oneOf", "anyOf", "if", "then", "else", "not", "allOf", "$ref"]);

function missingOf(error: ErrorObject): string | undefined {
  return error.keyword === "required"
    ? String((error.params as { missingProperty?: unknown }).missingProperty)
    : undefined;
}

function unknownOf(error: ErrorObject): string | undefined {
  const params = error.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown };
  const key = params.additionalProperty ?? params.unevaluatedProperty;
  return key === undefined ? undefined : String(key);
}

/** "", "/a" and "/a/b" for "/a/b": the paths whose subtree holds an instance path. */
function ancestors(instancePath: string): string[] {
  const out = [""];
  for (let i = instancePath.indexOf("/", 1); i !== -1; i = instancePath.indexOf("/", i + 1))
    out.push(instancePath.slice(0, i));
  if (instancePath !== "") out.push(instancePath);
  return out;
}

/** Errors indexed by every path whose subtree holds them, so a union looks only at its own subtree. */
class Subtrees {
  private readonly byPath = new Map<string, Set<ErrorObject>>();
  constructor(errors: readonly ErrorObject[]) {
    for (const error of errors)
      for (const prefix of ancestors(error.instancePath)) {
        let set = this.byPath.get(prefix);
        if (!set) this.byPath.set(prefix, (set = new Set()));
        set.add(error);
      }
  }
  /** The errors at `instancePath` or below it. */
  within(instancePath: string): ReadonlySet<ErrorObject> {
    return this.byPath.get(instancePath) ?? new Set();
  }
  remove(error: ErrorObject): void {
    for (const prefix of ancestors(error.instancePath)) this.byPath.get(prefix)?.delete(error);
  }
}

/**
 * OpenAPI's schemas are unions (a Reference or an object; one parameter shape per location), so
 * ajv reports every branch. Keep the branch that came closest and merge enum alternatives. Each
 * union looks only at the errors below its own instance path, so a document with thousands of
 * invalid schemas costs thousands of small steps, not thousands squared.
 */
function prune(all: ErrorObject[]): ErrorObject[] {
  const unions = all
    .filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf")
    .sort((a, b) => b.instancePath.length - a.instancePath.length);
  const plain = all.filter((e) => !COMBINATORS.has(e.keyword));
  const everything = new Subtrees(plain);
  // The "it could have been a $ref" branch explains nothing when the object was clearly meant inline.
  const alive = new Set(plain.filter((e) => !(missingOf(e) === "$ref" && everything.within(e.instancePath).size > 1)));
  const subtrees = new Subtrees([...alive]);
  for (const union of unions) {
    const prefix = `${union.schemaPath}/`;
    const members = [...subtrees.within(union.instancePath)].filter((e) => e.schemaPath.startsWith(prefix));
    const branches = new Map<string, ErrorObject[]>();
    for (const member of members) {
      const branch = member.schemaPath.slice(prefix.length).split("/")[0] ?? "";
      branches.set(branch, [...(branches.get(branch) ?? []), member]);
    }
    if (branches.size < 2) continue;
    const fewest = Math.min(...[...branches.values()].map((b) => b.length));
    const closestBranches = [...branches.values()].filter((b) => b.length === fewest);
    const kept = new Set(closestBranches[0]!);
    // One enum per branch (`in: path` | `in: query` | ...): the message lists every allowed value.
    for (const error of [...kept].filter((k) => k.keyword === "enum")) {
      const values: unknown[] = [];
      for (const other of members) {
        if (other.keyword !== "enum" || other.instancePath !== error.instancePath) continue;
        for (const value of (other.params as { allowedValues: unknown[] }).allowedValues)
          if (!values.includes(value)) values.push(value);
      }
      error.params = { allowedValues: values };
    }
    for (const member of members)
      if (!kept.has(member)) {
        alive.delete(member);
        subtrees.remove(member);
      }
  }
  const errors = plain.filter((e) => alive.has(e));
  const unknownAt = new Map<string, string[]>();
  for (const error of errors) {
    const unknown = unknownOf(error);
    if (unknown !== undefined)
      unknownAt.set(error.instancePath, [...(unknownAt.get(error.instancePath) ?? []), unknown]);
  }
  // A misspelt required key shows up twice: unknown "descripton" and missing "description". Say it once.
  return errors.filter((e) => {
    const missing = missingOf(e);
    return !missing || !(unknownAt.get(e.instancePath) ?? []).some((u) => closest(u, [missing]) === missing);
  });
}

function problemFor(error: ErrorObject): Problem | undefined {
  const path = pointerToPath(error.instancePath);
  const parent = (error.parentSchema ?? {}) as {
    properties?: Record<string, unknown>;
    patternProperties?: Record<string, unknown>;
    description?: unknown;
  };
  const at = path.length ? ` in ${label(path)}` : "";
  const missing = missingOf(error);
  if (missing !== undefined) return { path, part: "missing", message: `missing required property "${missing}"${at}` };
  const unknown = unknownOf(error);
  if (unknown !== undefined) {
    const suggestion = closest(unknown, Object.keys(parent.properties ?? {}));
    const patterns = Object.keys(parent.patternProperties ?? {}).map((p) => `"${p}"`);
    const hint = suggestion
      ? `did you mean "${suggestion}"?`
      : patterns.length
        ? `other keys here must match ${patterns.join(" or ")}`
        : undefined;
    return {
      path: [...path, unknown],
      part: "key",
      message: `unknown property "${unknown}"${at}`,
      ...(hint ? { hint } : {}),
    };
  }
  switch (error.keyword) {
    case "type": {
      const expected = String((error.params as { type: unknown }).type).replace(/,/g, " or ");
      return { path, part: "value", message: `${label(path)} must be ${expected}, found ${typeOf(error.data)}` };
    }
    case "enum":
    case "const": {
      const allowed = (
        error.keyword === "enum"
          ? (error.params as { allowedValues: unknown[] }).allowedValues
          : [(error.params as { allowedValue: unknown }).allowedValue]
      ).map(String);
      const suggestion = typeof error.data === "string" ? closest(error.data, allowed) : undefined;
      return {
        path,
        part: "value",
        message: `${quote(error.data)} is not a valid value for ${label(path)}; expected ${allowed.map((a) => `"${a}"`).join(", ")}`,
        ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
      };
    }
    case "pattern":
      if (path.length === 1 && path[0] === "openapi") {
        return {
          path,
          part: "value",
          message: `"openapi" must be a full version such as "3.1.0", found ${quote(error.data)}`,
          hint: "add the patch number",
        };
      }
      return {
        path,
        part: "value",
        message: `${label(path)} value ${quote(error.data)} does not match "${String((error.params as { pattern: unknown }).pattern)}"`,
      };
    case "format":
      return {
        path,
        part: "value",
        message: `${label(path)} value ${quote(error.data)} is not a valid ${String((error.params as { format: unknown }).format)}`,
      };
    default:
      return { path, part: "value", message: `${label(path)} ${error.message ?? "is invalid"}` };
  }
}

function schemaProblems(minor: string, document: unknown): Problem[] {
  const large = countValues(document, MAX_LISTED_VALUES) > MAX_LISTED_VALUES;
  const check = schemaFor(minor, !large);
  try {
    if (!check || check(document)) return [];
  } catch {
    // A document too deep for ajv's recursion: the YAML/JSON rules already speak about such files.
    return [];
  }
  const problems = new Map<string, Problem>();
  // A value of "..." is an explicit elision in an outline, not a claim about the document.
  const elided = (error: ErrorObject) => typeof error.data === "string" && /^(?:\.\.\.|…)$/.test(error.data.trim());
  for (const error of prune(check.errors ?? []).filter((e) => !elided(e))) {
    const problem = problemFor(error);
    if (!problem) continue;
    const key = `${JSON.stringify(problem.path)}|${problem.part}|${problem.message}`;
    if (!problems.has(key)) problems.set(key, problem);
  }
  if (large && problems.size > 0)
    problems.set("large", {
      path: [],
      part: "value",
      severity: "warning",
      message: `the document holds more than ${MAX_LISTED_VALUES} values, so only its first schema error is listed; there may be more`,
      hint: "fix the error listed and run again, or split the document into files joined by $ref",
    });
  return [...problems.values()];
}

/** Every `nullable` key and every `$ref` in a document, with their paths. */
function walk(
  value: unknown,
  path: (string | number)[],
  visit: (node: Record<string, unknown>, path: (string | number)[]) => void,
  depth = 0,
): void {
  if (depth > 200 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...path, index], visit, depth + 1));
    return;
  }
  const node = value as Record<string, unknown>;
  visit(node, path);
  for (const [key, child] of Object.entries(node)) walk(child, [...path, key], visit, depth + 1);
}

function resolvePointer(document: unknown, pointer: string): boolean {
  let node: unknown = document;
  for (const segment of pointerToPath(pointer)) {
    if (node === null || typeof node !== "object") return false;
    const key = Array.isArray(node) ? segment : String(segment);
    if (!Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

function decode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** `nullable: true` in 3.1, and `$ref`s that point nowhere (in the document, or to a file that is not there). */
function structureProblems(
  project: Project,
  file: SourceFile,
  minor: string,
  document: unknown,
  inBlock: boolean,
): Problem[] {
  const problems: Problem[] = [];
  walk(document, [], (node, path) => {
    if (minor !== "3.0" && node.nullable === true) {
      problems.push({
        path: [...path, "nullable"],
        part: "key",
        severity: "warning",
        message: `"nullable" was removed in OpenAPI ${minor}; this schema is not nullable`,
        hint: 'add "null" to the type instead: type: [string, "null"]',
      });
    }
    const ref = node.$ref;
    if (typeof ref !== "string") return;
    const [target = "", fragment] = ref.split("#", 2);
    if (target === "") {
      // An example in a code block usually shows one path and leaves the components out.
      if (inBlock) return;
      if (fragment !== undefined && fragment.startsWith("/") && !resolvePointer(document, decode(fragment))) {
        problems.push({
          path: [...path, "$ref"],
          part: "value",
          message: `"$ref" target "${ref}" does not exist in this document`,
        });
      }
      return;
    }
    if (inBlock || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("/")) return;
    const resolved = posix.normalize(posix.join(posix.dirname(file.path), decode(target)));
    if (!resolved.startsWith("..") && !project.entries.has(resolved)) {
      problems.push({ path: [...path, "$ref"], part: "value", message: `"$ref" file "${target}" does not exist` });
    }
  });
  return problems;
}

function problemsFor(project: Project, file: SourceFile, document: unknown, inBlock: boolean): Problem[] {
  if (document === null || typeof document !== "object" || Array.isArray(document)) return [];
  const version = versionOf((document as Record<string, unknown>).openapi);
  if (!version) return [];
  if ("problem" in version) return [version.problem];
  return [
    ...schemaProblems(version.minor, document),
    ...structureProblems(project, file, version.minor, document, inBlock),
  ];
}

/** Where a path points inside a code block's own parse. */
function blockAnchor(
  file: SourceFile,
  block: CodeBlock,
  locateCode: (path: JsonPath, part: Part) => number,
  path: JsonPath,
  part: Part,
): Anchor {
  return { offset: blockOffset(file, block, locateCode(path, part)) };
}

function yamlLocator(doc: Document): (path: JsonPath, part: Part) => number {
  return (path, part) => {
    const { node, keyNode, depth } = yamlNodeAt(doc, path);
    const exact = depth === path.length;
    const target = (exact && part === "key") || (!exact && keyNode) ? (keyNode ?? node) : node;
    return (target as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
  };
}

const YAML_LANGS = new Set(["yaml", "yml"]);

export const openapiValid: Rule = {
  id: "openapi-valid",
  severity: "warning",
  description:
    "OpenAPI 3.0/3.1/3.2 documents (files and yaml/json code blocks) validate against the official schema for their version, resolve their $refs, and use no 3.0-only nullable in 3.1.",
  consequence:
    "Claude follows an API description in a skill or agent as the contract: an invalid document or a dangling $ref becomes invalid code or a wrong client in the user's project.",
  check({ project, report }) {
    for (const file of project.files) {
      if ((file.kind === "yaml" || file.kind === "json") && file.ok) {
        const document = file.yaml?.value ?? file.json?.value;
        for (const problem of problemsFor(project, file, document, false)) {
          const input: ReportInput = { file, at: { path: problem.path, part: problem.part }, message: problem.message };
          if (problem.hint) input.hint = problem.hint;
          if (problem.severity) input.severity = problem.severity;
          report(input);
        }
      }
      for (const block of file.markdown?.codeBlocks ?? []) {
        if (!block.closed || !block.code.includes("openapi")) continue;
        let document: unknown;
        let locateCode: (path: JsonPath, part: Part) => number;
        if (YAML_LANGS.has(block.lang)) {
          const parsed = project.index.yamlDocument(block);
          if (!parsed) continue;
          document = parsed.value;
          locateCode = yamlLocator(parsed.doc);
        } else if (block.lang === "json") {
          const parsed = project.index.jsonBlock(block);
          if (!parsed.ok) continue;
          document = parsed.value;
          locateCode = (path, part) => locateJson(parsed.tree, path, part).offset;
        } else continue;
        for (const problem of problemsFor(project, file, document, true)) {
          // Claude Code never loads an example as an API description: in a code block it is a warning.
          const input: ReportInput = {
            file,
            at: blockAnchor(file, block, locateCode, problem.path, problem.part),
            message: problem.message,
            severity: "warning",
          };
          if (problem.hint) input.hint = problem.hint;
          report(input);
        }
      }
    }
  },
};
