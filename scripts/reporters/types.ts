import type { Summary } from "../core/run.ts";
import type { Finding, RuleMeta } from "../core/types.ts";

interface ReportContext {
  rules: readonly RuleMeta[];
  summary: Summary;
  color: boolean;
  /** Print note-level findings in text and annotation output (JSON and SARIF always hold them). */
  showNotes?: boolean;
}

/** A reporter only formats: findings in, text out. */
export type Reporter = (findings: readonly Finding[], context: ReportContext) => string;
