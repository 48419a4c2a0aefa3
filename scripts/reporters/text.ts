import { styleText } from "node:util";
import type { Reporter } from "./types.ts";

type Style = Parameters<typeof styleText>[0];

export const textReporter: Reporter = (findings, { summary, color }) => {
  const paint = (style: Style, value: string): string =>
    color ? styleText(style, value, { validateStream: false }) : value;
  const lines: string[] = [];
  let current: string | undefined;
  for (const finding of findings) {
    if (finding.location.file !== current) {
      if (current !== undefined) lines.push("");
      current = finding.location.file;
    }
    const where = `${finding.location.file}:${finding.location.start.line}:${finding.location.start.column}`;
    const severity = finding.severity === "error" ? paint("red", "error") : paint("yellow", "warning");
    const hint = finding.hint ? ` (${finding.hint})` : "";
    lines.push(`${where}  ${severity}  ${finding.message}${hint}  ${paint("dim", finding.ruleId)}`);
  }
  if (findings.length > 0) lines.push("");
  const problems = summary.errors + summary.warnings;
  const counts = `${problems} problem${problems === 1 ? "" : "s"} (${summary.errors} error${summary.errors === 1 ? "" : "s"}, ${summary.warnings} warning${summary.warnings === 1 ? "" : "s"}) in ${summary.files} file${summary.files === 1 ? "" : "s"}`;
  lines.push(
    problems === 0
      ? paint("green", `no problems in ${summary.files} file${summary.files === 1 ? "" : "s"}`)
      : paint(summary.errors > 0 ? ["bold", "red"] : ["bold", "yellow"], counts),
  );
  return `${lines.join("\n")}\n`;
};
