import type { Reporter } from "./types.ts";

// The escaping GitHub's workflow-command parser expects (as in @actions/core).
function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export const githubReporter: Reporter = (findings, { summary }) => {
  const lines = findings.map((finding) => {
    const { file, start, end } = finding.location;
    const properties = [`file=${escapeProperty(file)}`, `line=${start.line}`, `col=${start.column}`];
    if (end) properties.push(`endLine=${end.line}`, `endColumn=${end.column}`);
    properties.push(`title=${escapeProperty(finding.ruleId)}`);
    const message = finding.hint ? `${finding.message} (${finding.hint})` : finding.message;
    return `::${finding.severity === "error" ? "error" : "warning"} ${properties.join(",")}::${escapeData(message)}`;
  });
  lines.push(`${summary.errors} error(s), ${summary.warnings} warning(s) in ${summary.files} file(s)`);
  return `${lines.join("\n")}\n`;
};
