import type { RepositoryReport, SeverityCounts } from "./tally.ts";

function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function severities(counts: SeverityCounts): string {
  const parts = [`${counts.errors} errors`, `${counts.warnings} warnings`];
  if (counts.notes > 0) parts.push(`${counts.notes} notes`);
  return parts.join(", ");
}

function table(rows: string[][], indent = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(
    (row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  "),
  );
}

function sumInto(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
}

function byCount(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function renderRepository(report: RepositoryReport, unjudgedLimit: number): string[] {
  const lines = [
    `${report.repository} @ ${report.commit?.slice(0, 12) ?? "(no commit)"}  ${report.target}` +
      (report.exitCode === undefined ? "" : `  exit ${report.exitCode}`),
    `  ${report.findings} findings: ${severities(report)}`,
    "  By rule:",
    ...table(
      report.byRule.map((r) => [r.rule, String(r.findings), `(${severities(r)})`]),
      "    ",
    ),
    "  By file class:",
    ...table(
      report.byClass.map((c) => [
        c.loaded ? "loaded" : "not loaded",
        c.fileClass,
        String(c.findings),
        `(${severities(c)})`,
      ]),
      "    ",
    ),
  ];
  const j = report.judgement;
  if (!j) return lines;
  lines.push(
    `  Ledger: ${j.real} real, ${j.false} false, ${j.debatable} debatable, ${j.unjudged} unjudged; ` +
      `real share ${percent(j.realShare)} of all findings, ${percent(j.realShareOfJudged)} of judged`,
  );
  if (Object.keys(j.falseByRule).length > 0) {
    lines.push("  False positives by rule:");
    lines.push(
      ...table(
        byCount(j.falseByRule).map(([rule, n]) => [rule, String(n)]),
        "    ",
      ),
    );
  }
  if (j.unjudgedGroups.length > 0) {
    const shown = j.unjudgedGroups.slice(0, unjudgedLimit);
    lines.push(`  Unjudged (${j.unjudged} findings in ${j.unjudgedGroups.length} groups; first ${shown.length}):`);
    for (const g of shown) {
      const where =
        g.lines.length > 0 ? `${g.file}:${g.lines.slice(0, 5).join(",")}${g.lines.length > 5 ? ",…" : ""}` : g.file;
      const times = g.lines.length > 1 ? ` ×${g.lines.length}` : "";
      lines.push(`    ${g.rule} ${g.severity} [${g.fileClass}] ${where}${times}: ${g.message}`);
    }
  }
  if (j.missingReal.length > 0) {
    lines.push("  Judged real but no longer reported (recall lost?):");
    for (const m of j.missingReal)
      lines.push(
        `    #${m.index} ${m.rule} ${m.file}${m.ruleSilent ? " (the rule reported nothing: not run?)" : ""}: ${m.why}`,
      );
  }
  if (j.countChanges.length > 0) {
    lines.push("  Class entries whose count changed:");
    for (const c of j.countChanges) lines.push(`    #${c.index} ${c.rule} ${c.files}: ${c.recorded} → ${c.now}`);
  }
  return lines;
}

/** The human-readable report: one block per repository, then the totals table. */
export function renderText(reports: readonly RepositoryReport[], unjudgedLimit: number): string {
  const lines: string[] = [];
  for (const report of reports) lines.push(...renderRepository(report, unjudgedLimit), "");
  const judged = reports.some((r) => r.judgement);
  const header = ["repository", "findings", "errors", "warnings", "exit"];
  if (judged) header.push("real", "false", "debatable", "unjudged", "real share", "errors real");
  const rows = reports.map((r) => {
    const row = [r.repository, String(r.findings), String(r.errors), String(r.warnings), String(r.exitCode ?? "-")];
    const j = r.judgement;
    if (j) {
      const errors = j.bySeverity.error;
      const errorShare = errors ? percent(share(errors.real, r.errors)) : "-";
      row.push(
        String(j.real),
        String(j.false),
        String(j.debatable),
        String(j.unjudged),
        percent(j.realShare),
        errorShare,
      );
    }
    return row;
  });
  lines.push("Summary:", ...table([header, ...rows]));
  if (judged) {
    const falseByRule: Record<string, number> = {};
    const falseByClass: Record<string, number> = {};
    for (const r of reports) {
      if (!r.judgement) continue;
      sumInto(falseByRule, r.judgement.falseByRule);
      sumInto(falseByClass, r.judgement.falseByClass);
    }
    lines.push("", "False positives by rule (all repositories):");
    lines.push(...table(byCount(falseByRule).map(([k, n]) => [k, String(n)])));
    lines.push("", "False positives by class (all repositories):");
    lines.push(...table(byCount(falseByClass).map(([k, n]) => [k, String(n)])));
  }
  return `${lines.join("\n")}\n`;
}
