import { BOOKKEEPING_KEYS, FRONTMATTER_KEYS } from "../../core/claude-code.ts";
import { checkSchema, schemaProperties, type SchemaName, type SchemaProblem } from "../../core/schema.ts";
import { editDistance } from "../../core/text.ts";
import type { FileKind, Rule, Severity, SourceFile } from "../../core/types.ts";

interface SchemaRuleSpec {
  id: string;
  description: string;
  consequence: string;
  schema: SchemaName;
  kinds: FileKind[];
  severity?: Severity;
  /** Top-level fields whose only effect is on display: a bad value there is a warning, not an error. */
  cosmetic?: readonly string[];
}

const MARKDOWN_KINDS = new Set<FileKind>(["agent", "skill", "command", "output-style"]);

/**
 * How much an unknown frontmatter key matters: a near miss of a field is a typo that silently
 * drops the field (warning); a key Claude Code knows for another component kind is probably
 * misplaced (warning); anything else, bookkeeping included, is ignored by Claude Code (a note).
 */
function unknownKeySeverity(key: string, candidates: readonly string[]): Severity {
  if (BOOKKEEPING_KEYS.has(key)) return "note";
  const lower = key.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return "warning";
    const limit = candidate.length <= 4 ? 1 : 2;
    if (editDistance(lower, candidate.toLowerCase()) <= limit) return "warning";
  }
  if (FRONTMATTER_KEYS.value.has(key)) return "warning";
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

const topLevel = new Map<SchemaName, string[]>();

/** Keys a frontmatter schema declares at its top level. */
function knownTopLevel(name: SchemaName): string[] {
  let keys = topLevel.get(name);
  if (!keys) topLevel.set(name, (keys = Object.keys(schemaProperties(name))));
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
        const known = MARKDOWN_KINDS.has(file.kind) ? knownTopLevel(spec.schema) : [];
        for (const problem of problems) {
          let severity = problem.severity;
          let group: string | undefined;
          if (severity === "error" && spec.cosmetic?.includes(String(problem.path[0]))) severity = "warning";
          if (isUnknownKey(problem) && problem.severity !== "error") {
            const key = String(problem.path[problem.path.length - 1]);
            // The same unknown key across a repository is one finding that counts its files.
            group = `${problem.path.slice(0, -1).join(".")}|${key}`;
            if (MARKDOWN_KINDS.has(file.kind) && problem.path.length === 1) severity = unknownKeySeverity(key, known);
          }
          const input = {
            file,
            at: { path: problem.path, part: problem.part },
            message: problem.message,
            severity,
            ...(group !== undefined ? { group } : {}),
          } as const;
          report(problem.hint ? { ...input, hint: problem.hint } : input);
        }
      }
    },
  };
}
