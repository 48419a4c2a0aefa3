import { countText, visible } from "./escape.ts";
import type { Reporter } from "./types.ts";

// The escaping GitHub's workflow-command parser expects (as in @actions/core), plus every other
// control character, so plugin text cannot end the annotation or drive the log viewer.
// eslint-disable-next-line no-control-regex -- these control characters are what is escaped
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidirectional marks and overrides: they reorder the log line around them (file names keep them). */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeData(value: string): string {
  return value
    .replace(/%/g, "%25")
    .replace(CONTROL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
    .replace(BIDI, encodeURIComponent);
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND = { error: "error", warning: "warning", note: "notice" } as const;

export const githubReporter: Reporter = (findings, { summary, showNotes }) => {
  const lines = findings
    .filter((f) => showNotes || f.severity !== "note")
    .map((finding) => {
      const { file, start, end } = finding.location;
      const properties = [`file=${escapeProperty(file)}`, `line=${start.line}`, `col=${start.column}`];
      if (end) properties.push(`endLine=${end.line}`, `endColumn=${end.column}`);
      properties.push(`title=${escapeProperty(finding.ruleId)}`);
      const files = new Set([file, ...(finding.related ?? []).map((r) => r.file)]).size;
      const count = countText(finding.count, files);
      // visible() first: GitHub turns %0D back into a carriage return, which could hide text in its
      // log view; line breaks stay (an annotation may span lines) and are escaped as %0A below.
      const message = `${visible(finding.message, true)}${finding.hint ? ` (${visible(finding.hint, true)})` : ""}${count ? ` [${count}]` : ""}`;
      return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(message)}`;
    });
  lines.push(`${summary.errors} error(s), ${summary.warnings} warning(s) in ${summary.files} file(s)`);
  return `${lines.join("\n")}\n`;
};
