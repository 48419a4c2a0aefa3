import { styleText } from "node:util";
import { docsBase } from "../docs/url.ts";
import { countText, visible } from "./escape.ts";
import type { Reporter } from "./types.ts";

type Style = Parameters<typeof styleText>[0];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export const textReporter: Reporter = (findings, { summary, color, showNotes }) => {
  const paint = (style: Style, value: string): string =>
    color ? styleText(style, value, { validateStream: false }) : value;
  const lines: string[] = [];
  let current: string | undefined;
  for (const finding of findings) {
    if (finding.severity === "note" && !showNotes) continue;
    if (finding.location.file !== current) {
      if (current !== undefined) lines.push("");
      current = finding.location.file;
    }
    const where = `${visible(finding.location.file)}:${finding.location.start.line}:${finding.location.start.column}`;
    const severity =
      finding.severity === "error"
        ? paint("red", "error")
        : finding.severity === "warning"
          ? paint("yellow", "warning")
          : paint("cyan", "note");
    const files = new Set([finding.location.file, ...(finding.related ?? []).map((r) => r.file)]).size;
    const count = countText(finding.count, files);
    const hint = finding.hint ? ` (${visible(finding.hint)})` : "";
    lines.push(
      `${where}  ${severity}  ${visible(finding.message)}${hint}${count ? `  ${paint("bold", count)}` : ""}  ${paint("dim", finding.ruleId)}`,
    );
  }
  const shown = findings.filter((f) => f.severity !== "note" || showNotes);
  if (shown.length > 0) {
    lines.push("", paint("dim", `Each rule is explained at ${docsBase()}docs/rules/<rule-id>.md`));
    const fixable = shown.filter((f) => f.fixes?.length).length;
    if (fixable > 0)
      lines.push(
        `${fixable} of ${plural(shown.length, "finding")} can be fixed with --fix (--fix-dry-run shows the diff first)`,
      );
  }
  if (lines.length > 0) lines.push("");
  const problems = summary.errors + summary.warnings;
  const hidden = !showNotes && summary.notes > 0 ? `; ${plural(summary.notes, "note")} not shown (--notes)` : "";
  const shownNotes = showNotes && summary.notes > 0 ? `, ${plural(summary.notes, "note")}` : "";
  const counts = `${plural(problems, "problem")} (${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}${shownNotes}) in ${plural(summary.files, "file")}${hidden}`;
  lines.push(
    problems === 0
      ? paint(
          "green",
          `no problems in ${plural(summary.files, "file")}${shownNotes ? ` (${plural(summary.notes, "note")})` : hidden}`,
        )
      : paint(summary.errors > 0 ? ["bold", "red"] : ["bold", "yellow"], counts),
  );
  return `${lines.join("\n")}\n`;
};
