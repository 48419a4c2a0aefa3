import { posix } from "node:path";
import { BOOKKEEPING_KEYS } from "../../core/claude-code.ts";
import { checkSchema, topLevelKeys, type SchemaName, type SchemaProblem } from "../../core/schema.ts";
import { editDistance } from "../../core/text.ts";
import type { FileKind, Fix, JsonPath, Project, Rule, Severity, SourceFile } from "../../core/types.ts";
import { prefixJsonString, renameKey } from "../../fix/make.ts";
import { entryAt, hasDotDot, joinPath } from "../manifest/shared.ts";

interface SchemaRuleSpec {
  id: string;
  description: string;
  consequence: string;
  schema: SchemaName;
  kinds: FileKind[];
  severity?: Severity;
  /** Top-level fields whose only effect is on display: a bad value there is a warning, not an error. */
  cosmetic?: readonly string[];
  /**
   * Restates a problem whose cause the schema's wording hides ("skip" when another problem of
   * the same cause says it): one cause, one finding, in the author's terms.
   */
  restate?: (data: unknown, problem: SchemaProblem) => Restated | "skip" | undefined;
}

/** A problem said again in terms of its cause; `group` folds the same cause (per file, or project-wide). */
export interface Restated {
  message: string;
  hint?: string;
  group: string;
  across?: "file" | "project";
}

const MARKDOWN_KINDS = new Set<FileKind>(["agent", "skill", "command", "output-style"]);

export function valueAt(data: unknown, at: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of at) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function escapesWithDotDot(value: unknown): boolean {
  return typeof value === "string" && hasDotDot(value);
}
const PATH_FIELDS = new Set([
  "agents",
  "commands",
  "skills",
  "hooks",
  "mcpServers",
  "lspServers",
  "outputStyles",
  "workflows",
]);

/**
 * How much an unknown frontmatter key matters: a near miss of a field is a typo that silently
 * drops the field (warning); anything else (bookkeeping, a key of another component kind) is
 * ignored by Claude Code (a note).
 */
function unknownKeySeverity(key: string, candidates: readonly string[]): Severity {
  if (BOOKKEEPING_KEYS.has(key)) return "note";
  // An agent's spelling of a skill or command field: the tool list the author wrote never applies.
  if (key === "tools" && candidates.includes("allowed-tools")) return "warning";
  const lower = key.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return "warning";
    // Short keys sit close to each other (args/agent): only a one-letter slip counts there.
    const limit = candidate.length <= 6 ? 1 : 2;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit) return "warning";
    // Two swapped letters (modle/model) are one slip.
    if (
      distance === 2 &&
      lower.length === candidate.length &&
      [...lower].sort().join() === [...candidate.toLowerCase()].sort().join()
    )
      return "warning";
  }
  return "note";
}

function isUnknownKey(problem: SchemaProblem): boolean {
  return problem.part === "key" && problem.message.startsWith("unknown property");
}

function dataOf(file: SourceFile): unknown {
  if (file.markdown) return file.markdown.frontmatter?.data;
  if (file.json) return file.json.value;
  return file.yaml?.value;
}

const SUGGESTION = /^did you mean "([^"]+)"\?$/;

/** The data with the value at `path` replaced (a copy; the file's data is shared by all rules). */
function withValue(data: unknown, path: JsonPath, value: unknown): unknown {
  const copy = structuredClone(data);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

/**
 * The mechanical repair of a schema problem, if there is one: an unknown key the schema knows a
 * near spelling of (and the object does not hold already) is renamed; a relative path the schema
 * wants to start with "./" gets it, when that is all the value lacks.
 */
function schemaFix(schema: SchemaName, file: SourceFile, data: unknown, problem: SchemaProblem): Fix | undefined {
  // An unknown key, or a key the schema's names do not allow (an event name in the wrong case).
  if (problem.part === "key") {
    const suggestion = problem.hint === undefined ? undefined : SUGGESTION.exec(problem.hint)?.[1];
    return suggestion === undefined ? undefined : renameKey(file, problem.path, suggestion);
  }
  if (!file.json || problem.part !== "value" || !problem.message.includes("must match pattern")) return undefined;
  const value = valueAt(data, problem.path);
  if (typeof value !== "string" || value === "" || /^[./\\~]|:/.test(value)) return undefined;
  const fixed = withValue(data, problem.path, `./${value}`);
  const still = checkSchema(schema, fixed).some((p) => JSON.stringify(p.path) === JSON.stringify(problem.path));
  return still ? undefined : prefixJsonString(file, problem.path, "./");
}

/** True when a manifest's "./…" value names a folder of its plugin. */
function namesFolder(project: Project, manifest: SourceFile, value: unknown): boolean {
  const plugin = project.plugins.find((p) => p.manifest === manifest);
  if (!plugin || typeof value !== "string" || !value.startsWith("./")) return false;
  return entryAt(project, joinPath(plugin.dir, posix.normalize(value.slice(2)).replace(/\/$/, ""))) === "dir";
}

/**
 * A component path manifest-paths reports with a better message, so the schema's pattern error
 * would say it twice: a path that leaves the plugin ("../"), or an "agents" entry naming a folder.
 */
function reportedByManifestPaths(project: Project, file: SourceFile, data: unknown, problem: SchemaProblem): boolean {
  if (!problem.message.includes("must match pattern") || !PATH_FIELDS.has(String(problem.path[0]))) return false;
  const value = valueAt(data, problem.path);
  if (problem.path.length <= 2 && escapesWithDotDot(value)) return true;
  return problem.path[0] === "agents" && namesFolder(project, file, value);
}

const topLevel = new Map<SchemaName, string[]>();

/** Keys a frontmatter schema declares at its top level. */
function knownTopLevel(name: SchemaName): string[] {
  let keys = topLevel.get(name);
  if (!keys) topLevel.set(name, (keys = topLevelKeys(name)));
  return keys;
}

/** A rule that validates every file of some kinds against one JSON Schema. */
export function schemaRule(spec: SchemaRuleSpec): Rule {
  return {
    id: spec.id,
    description: spec.description,
    consequence: spec.consequence,
    severity: spec.severity ?? "error",
    check({ project, report }) {
      for (const file of project.files) {
        if (!spec.kinds.includes(file.kind) || !file.ok) continue;
        const data = dataOf(file);
        if (data === undefined) continue;
        const problems = checkSchema(spec.schema, data);
        const known =
          MARKDOWN_KINDS.has(file.kind) || file.kind === "plugin-manifest" ? knownTopLevel(spec.schema) : [];
        for (const problem of problems) {
          let severity = problem.severity;
          let group: string | undefined;
          if (severity === "error" && spec.cosmetic?.includes(String(problem.path[0]))) severity = "warning";
          if (spec.schema === "plugin-manifest" && reportedByManifestPaths(project, file, data, problem)) continue;
          const restated = spec.restate?.(data, problem);
          if (restated === "skip") continue;
          if (restated) {
            report({
              file,
              at: { path: problem.path, part: problem.part },
              message: restated.message,
              ...(restated.hint !== undefined ? { hint: restated.hint } : {}),
              severity,
              group: restated.across === "project" ? restated.group : `${restated.group}|${file.path}`,
            });
            continue;
          }
          if (isUnknownKey(problem) && problem.severity !== "error") {
            const key = String(problem.path[problem.path.length - 1]);
            // The same unknown key across a repository is one finding that counts its files: at any
            // array index, and (an annotation such as "description") anywhere in the file kind.
            group =
              problem.severity === "note"
                ? `${spec.schema}|${key}`
                : `${problem.path
                    .slice(0, -1)
                    .map((segment) => (typeof segment === "number" ? "*" : segment))
                    .join(".")}|${key}`;
            // At the top of hooks.json too: "version", "author" or "examples" beside "hooks" document the file.
            if (
              problem.path.length === 1 &&
              (MARKDOWN_KINDS.has(file.kind) || file.kind === "plugin-manifest" || file.kind === "hooks")
            )
              severity = unknownKeySeverity(key, known);
          }
          const fix = schemaFix(spec.schema, file, data, problem);
          const input = {
            file,
            at: { path: problem.path, part: problem.part },
            message: problem.message,
            severity,
            ...(group !== undefined ? { group } : {}),
            ...(fix ? { fix } : {}),
          } as const;
          report(problem.hint ? { ...input, hint: problem.hint } : input);
        }
      }
    },
  };
}
