import type { Summary } from "../core/run.ts";
import type { Finding, RuleMeta } from "../core/types.ts";

export interface ReportContext {
  rules: readonly RuleMeta[];
  summary: Summary;
  color: boolean;
}

/** A reporter only formats: findings in, text out. */
export type Reporter = (findings: readonly Finding[], context: ReportContext) => string;
