import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { JsonPath, Severity } from "./types.ts";
import { closest, quote } from "./text.ts";
import { pointerToPath } from "./locate.ts";
import { schemas } from "../schemas/index.ts";
import { own } from "./own.ts";
import { precompiledSchema } from "../schemas/precompiled.ts";

type AjvClass = typeof Ajv2020;

/** Where the schema files live in the source tree (for tests and editors; the code imports them). */
export const SCHEMA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "schemas");
/** Where the schemas resolve: the files of the published package, so editors can fetch them by $id. */
const ID_BASE = "https://unpkg.com/mars-validate/scripts/schemas/";

export type SchemaName =
  | "plugin-manifest"
  | "marketplace"
  | "agent-frontmatter"
  | "skill-frontmatter"
  | "command-frontmatter"
  | "hooks"
  | "mcp"
  | "lsp"
  | "eval-case"
  | "eval-prompt-frontmatter"
  | "eval-grader-frontmatter"
  | "validator-config";

export interface SchemaProblem {
  path: JsonPath;
  part: "value" | "key" | "missing";
  message: string;
  hint?: string;
  severity: Severity;
}

type JsonSchema = Record<string, unknown>;

let ajvInstance: InstanceType<AjvClass> | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/** Keys people add to JSON to explain it: Claude Code ignoring them changes nothing. */
const ANNOTATION_KEY = /^(?:\/\/.*|#.*|_.*|\$comment|comments?|notes?|description|remarks?)$/i;

function isAnnotationKey(key: string): boolean {
  return ANNOTATION_KEY.test(key);
}

/** An absolute URL: a scheme, a colon and no whitespace (a RegExp, so compiled validators can be saved). */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/**
 * An Ajv instance with every schema registered. Validating the schemas themselves against the
 * meta-schema is for the test suite (`checkSchemas: true`); the validator skips it at run time.
 */
export function createAjv(options: { checkSchemas: boolean; source?: boolean }): InstanceType<AjvClass> {
  const instance = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    strictTypes: false,
    allowUnionTypes: true,
    verbose: true,
    validateSchema: options.checkSchemas,
    code: { source: options.source ?? false },
  });
  instance.addFormat("uri", URI);
  // Annotations of our own: unknown keys become errors under x-strict; x-notes explains known mistakes;
  // x-ignored-if-invalid marks a value Claude Code drops silently (a warning, not an error).
  instance.addKeyword({ keyword: "x-strict", schemaType: "boolean" });
  instance.addKeyword({ keyword: "x-notes", schemaType: "object" });
  instance.addKeyword({ keyword: "x-message", schemaType: "string" });
  instance.addKeyword({ keyword: "x-ignored-if-invalid", schemaType: "boolean" });
  for (const schema of schemas) instance.addSchema(schema as JsonSchema);
  return instance;
}

/** One Ajv instance for the run; schemas are compiled lazily, once each. */
function ajv(): InstanceType<AjvClass> {
  ajvInstance ??= createAjv({ checkSchemas: false });
  return ajvInstance;
}

function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    // Compiled ahead of time (npm run schemas); compiling here is the fallback for a stale checkout.
    fn = precompiledSchema(name) ?? ajv().getSchema(`${ID_BASE}${name}.schema.json`);
    if (!fn) throw new Error(`schema ${name} is not registered`);
    compiled.set(name, fn);
  }
  return fn;
}

/** The top-level `properties` of a schema, by name. */
/** The top-level property names a schema accepts, following $ref and allOf. */
export function topLevelKeys(name: SchemaName): string[] {
  const id = `${ID_BASE}${name}.schema.json`;
  const schema = schemas.find((s) => s.$id === id) as JsonSchema | undefined;
  return knownKeys(schema, id).filter((key) => key !== "$schema");
}

/** Follows a $ref through the raw schema documents (no compilation needed). */
function resolveRef(ref: string, base: string): JsonSchema | undefined {
  const absolute = ref.startsWith("#") ? `${base}${ref}` : ref.startsWith("http") ? ref : `${ID_BASE}${ref}`;
  const [id, pointer = ""] = absolute.split("#");
  let node: unknown = schemas.find((schema) => schema.$id === id);
  for (const segment of pointerToPath(pointer))
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
  return node && typeof node === "object" ? (node as JsonSchema) : undefined;
}

/** Property names a schema accepts at one level, following $ref and allOf. */
function knownKeys(schema: JsonSchema | undefined, base: string, seen = new Set<JsonSchema>()): string[] {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return [];
  seen.add(schema);
  const keys = Object.keys((schema.properties as JsonSchema | undefined) ?? {});
  if (typeof schema.$ref === "string") {
    const [file] = schema.$ref.split("#");
    keys.push(...knownKeys(resolveRef(schema.$ref, base), file ? `${ID_BASE}${file}` : base, seen));
  }
  for (const part of (schema.allOf as JsonSchema[] | undefined) ?? []) keys.push(...knownKeys(part, base, seen));
  return [...new Set(keys)];
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value;
}

const WEIGHT: Record<string, number> = {
  required: 0,
  additionalProperties: 1,
  unevaluatedProperties: 1,
  propertyNames: 2,
  type: 3,
  const: 4,
  enum: 4,
};

function keywordWeight(error: ErrorObject): number {
  return WEIGHT[error.keyword] ?? 5;
}

function problemFor(error: ErrorObject, schemaBase: string): SchemaProblem | undefined {
  const path = pointerToPath(error.instancePath);
  const parent = error.parentSchema as JsonSchema | undefined;
  // Claude Code drops some invalid values silently (an agent's color): the agent still loads.
  const ignored = parent?.["x-ignored-if-invalid"] === true;
  const valueSeverity = ignored ? "warning" : "error";
  const ignoredNote = ignored ? ", so Claude Code ignores it" : "";
  const label = path.length > 0 ? `"${path.join(".")}"` : "the document";
  switch (error.keyword) {
    case "required": {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return {
        path,
        part: "missing",
        severity: "error",
        message: `missing required property "${missing}"${path.length ? ` in ${label}` : ""}`,
      };
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const key = String(
        (error.params as Record<string, string>).additionalProperty ??
          (error.params as Record<string, string>).unevaluatedProperty,
      );
      const notes = parent?.["x-notes"] as Record<string, string> | undefined;
      const candidates = knownKeys(parent, schemaBase).filter((k) => k !== "$schema");
      const suggestion = closest(key, candidates);
      const hint = (notes && own(notes, key)) ?? (suggestion ? `did you mean "${suggestion}"?` : undefined);
      const strict = parent?.["x-strict"] === true;
      const problem: SchemaProblem = {
        path: [...path, key],
        part: "key",
        // A key that annotates ("description", "_comment") means nothing to anyone when ignored.
        severity: strict ? "error" : !suggestion && isAnnotationKey(key) ? "note" : "warning",
        message: `unknown property "${key}"${path.length ? ` in ${label}` : ""}${strict ? "" : "; Claude Code ignores it"}`,
      };
      if (hint) problem.hint = hint;
      return problem;
    }
    case "propertyNames": {
      const name = String((error.params as { propertyName: string }).propertyName);
      return {
        path: [...path, name],
        part: "key",
        severity: "error",
        message: `"${name}" is not a valid key${path.length ? ` in ${label}` : ""}`,
      };
    }
    case "type": {
      const expected = String((error.params as { type: string | string[] }).type).replace(/,/g, " or ");
      // An unquoted [hint] is a YAML list: Claude Code shows it without its brackets, which still
      // names the argument, so it is style (a note), not a fault.
      if (path.length === 1 && path[0] === "argument-hint" && Array.isArray(error.data))
        return {
          path,
          part: "value",
          severity: "note",
          message: '"argument-hint" is a YAML list, so the / menu shows it without its brackets',
          hint: 'quote it: argument-hint: "[name] [options]"',
        };
      const problem: SchemaProblem = {
        path,
        part: "value",
        severity: "error",
        message: `${label} must be ${expected}, found ${typeOf(error.data)}`,
      };
      if (typeof parent?.description === "string") problem.hint = parent.description;
      return problem;
    }
    case "enum":
    case "const": {
      const allowed = (
        error.keyword === "enum"
          ? (error.params as { allowedValues: unknown[] }).allowedValues
          : [(error.params as { allowedValue: unknown }).allowedValue]
      ).map(String);
      const suggestion = typeof error.data === "string" ? closest(error.data, allowed) : undefined;
      const problem: SchemaProblem = {
        path,
        part: "value",
        severity: valueSeverity,
        message: `${quote(error.data)} is not a valid value for ${label}${ignoredNote}; expected one of ${allowed
          .slice(0, 12)
          .map((a) => `"${a}"`)
          .join(", ")}${allowed.length > 12 ? ", ..." : ""}`,
      };
      if (suggestion) problem.hint = `did you mean "${suggestion}"?`;
      return problem;
    }
    case "pattern":
    case "format":
    case "minLength":
    case "maxLength":
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties": {
      const description = typeof parent?.description === "string" ? parent.description : undefined;
      return {
        path,
        part: "value",
        severity: valueSeverity,
        message: `${label} ${error.message ?? "is invalid"}${error.keyword === "pattern" || error.keyword === "format" ? ` (value ${quote(error.data)})` : ""}${ignoredNote}${description ? `: ${description}` : ""}`,
      };
    }
    case "oneOf":
      return {
        path,
        part: "value",
        severity: "error",
        message: `${label} must match exactly one allowed form${typeof parent?.description === "string" ? `: ${parent.description}` : ""}`,
      };
    case "anyOf":
      return {
        path,
        part: "value",
        severity: "error",
        message: `${label} has an invalid form${typeof parent?.description === "string" ? `: ${parent.description}` : ""}`,
      };
    case "if":
    case "not":
      return undefined;
    default:
      return { path, part: "value", severity: "error", message: `${label} ${error.message ?? "is invalid"}` };
  }
}

/** Validates data and turns ajv's errors into one readable problem per location. */
export function checkSchema(name: SchemaName, data: unknown): SchemaProblem[] {
  const validate = validator(name);
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter(
    (e) => e.keyword !== "if" && (e as ErrorObject & { propertyName?: string }).propertyName === undefined,
  );
  const nameErrors = (validate.errors ?? []).filter(
    (e) => (e as ErrorObject & { propertyName?: string }).propertyName !== undefined,
  );
  const base = `${ID_BASE}${name}.schema.json`;
  const composites = errors.filter((e) => ["anyOf", "oneOf", "not"].includes(e.keyword));
  const explained = composites.filter(
    (e) => typeof (e.parentSchema as JsonSchema | undefined)?.["x-message"] === "string",
  );
  const silenced = (e: ErrorObject) =>
    explained.some(
      (c) =>
        c !== e &&
        c.instancePath === e.instancePath &&
        e.schemaPath.startsWith(`${c.schemaPath.replace(/\/(anyOf|oneOf|not)$/, "")}/`) &&
        e.schemaPath !== c.schemaPath,
    );
  const problems = new Map<string, { weight: number; problem: SchemaProblem }>();
  for (const error of errors) {
    if (silenced(error)) continue;
    let problem: SchemaProblem | undefined;
    if (explained.includes(error)) {
      const path = pointerToPath(error.instancePath);
      problem = {
        path,
        part: "value",
        severity: "error",
        message: String((error.parentSchema as JsonSchema)["x-message"]),
      };
    } else if (composites.includes(error)) {
      const others = errors.some(
        (o) => o !== error && !composites.includes(o) && o.instancePath.startsWith(error.instancePath),
      );
      if (others) continue;
      problem = problemFor(error, base);
    } else if (error.keyword === "propertyNames") {
      problem = problemFor(error, base);
      const inner = nameErrors.find((n) => n.instancePath === error.instancePath && n.keyword === "enum");
      const propertyName = String((error.params as { propertyName: string }).propertyName);
      const allowed = (inner?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues?.map(String);
      const suggestion = allowed ? closest(propertyName, allowed) : undefined;
      if (problem && suggestion) problem.hint = `did you mean "${suggestion}"?`;
    } else problem = problemFor(error, base);
    if (!problem) continue;
    const key = `${JSON.stringify(problem.path)}|${problem.part}|${problem.part === "missing" ? problem.message : ""}`;
    const weight = keywordWeight(error);
    const existing = problems.get(key);
    if (!existing || weight < existing.weight) problems.set(key, { weight, problem });
  }
  return [...problems.values()].map((p) => p.problem);
}
