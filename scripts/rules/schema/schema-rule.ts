import { checkSchema, type SchemaName } from "../../core/schema.ts";
import type { FileKind, Rule, Severity, SourceFile } from "../../core/types.ts";

interface SchemaRuleSpec {
  id: string;
  description: string;
  schema: SchemaName;
  kinds: FileKind[];
  severity?: Severity;
}

function dataOf(file: SourceFile): unknown {
  if (file.markdown) return file.markdown.frontmatter?.data;
  if (file.json) return file.json.value;
  return file.yaml?.value;
}

/** A rule that validates every file of some kinds against one JSON Schema. */
export function schemaRule(spec: SchemaRuleSpec): Rule {
  return {
    id: spec.id,
    description: spec.description,
    severity: spec.severity ?? "error",
    check({ project, report }) {
      for (const file of project.files) {
        if (!spec.kinds.includes(file.kind) || !file.ok) continue;
        const data = dataOf(file);
        if (data === undefined) continue;
        for (const problem of checkSchema(spec.schema, data)) {
          const input = {
            file,
            at: { path: problem.path, part: problem.part },
            message: problem.message,
            severity: problem.severity,
          } as const;
          report(problem.hint ? { ...input, hint: problem.hint } : input);
        }
      }
    },
  };
}
