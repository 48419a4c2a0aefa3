import { ruleDocsUrl } from "../docs/url.ts";
import { jsonText, visible } from "./escape.ts";
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
              helpUri: ruleDocsUrl(rule.id),
              help: { text: `${rule.description} In Claude Code: ${rule.consequence}` },
              fullDescription: { text: rule.consequence },
              defaultConfiguration: { level: rule.severity },
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
            level: finding.severity,
            // Viewers render the text: control characters from the plugin are shown as escapes.
            message: {
              text: finding.hint ? `${visible(finding.message)} (${visible(finding.hint)})` : visible(finding.message),
            },
            locations: [{ physicalLocation: { artifactLocation: { uri: uri(finding.location.file) }, region } }],
          };
          if (finding.related?.length)
            result.relatedLocations = finding.related.map((r, id) => ({
              id,
              physicalLocation: {
                artifactLocation: { uri: uri(r.file) },
                region: { startLine: r.start.line, startColumn: r.start.column },
              },
            }));
          if (finding.count) result.properties = { count: finding.count };
          const index = ruleIndex.get(finding.ruleId);
          if (index !== undefined) result.ruleIndex = index;
          return result;
        }),
      },
    ],
  };
  return jsonText(`${JSON.stringify(log, null, 2)}\n`);
};
