import type { Reporter } from "./types.ts";

function uri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

/** A SARIF 2.1.0 log: one run, rules from the registry, relative artifact URIs. */
export const sarifReporter: Reporter = (findings, { rules }) => {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mars-validate",
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              help: { text: `${rule.description} See the README section "${rule.id}".` },
              defaultConfiguration: { level: rule.severity === "error" ? "error" : "warning" },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: findings.map((finding) => {
          const region: Record<string, number> = {
            startLine: finding.location.start.line,
            startColumn: finding.location.start.column,
          };
          if (finding.location.end) {
            region.endLine = finding.location.end.line;
            region.endColumn = finding.location.end.column;
          }
          const result: Record<string, unknown> = {
            ruleId: finding.ruleId,
            level: finding.severity === "error" ? "error" : "warning",
            message: { text: finding.hint ? `${finding.message} (${finding.hint})` : finding.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: uri(finding.location.file) }, region } }],
          };
          const index = ruleIndex.get(finding.ruleId);
          if (index !== undefined) result.ruleIndex = index;
          return result;
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
