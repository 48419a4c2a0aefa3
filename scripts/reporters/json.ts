import type { Finding } from "../core/types.ts";
import { jsonText } from "./escape.ts";
import type { Reporter } from "./types.ts";

function findingToJson(finding: Finding): Record<string, unknown> {
  const json: Record<string, unknown> = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: finding.location.file,
    line: finding.location.start.line,
    column: finding.location.start.column,
  };
  if (finding.location.end) {
    json.endLine = finding.location.end.line;
    json.endColumn = finding.location.end.column;
  }
  if (finding.hint) json.hint = finding.hint;
  if (finding.count) json.count = finding.count;
  if (finding.related)
    json.related = finding.related.map((r) => ({ file: r.file, line: r.start.line, column: r.start.column }));
  return json;
}

export const jsonReporter: Reporter = (findings, { summary }) =>
  jsonText(`${JSON.stringify({ findings: findings.map(findingToJson), summary }, null, 2)}\n`);
