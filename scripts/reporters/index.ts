import { githubReporter } from "./github.ts";
import { jsonReporter } from "./json.ts";
import { sarifReporter } from "./sarif.ts";
import { textReporter } from "./text.ts";
import type { Reporter } from "./types.ts";

export const reporters = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
} satisfies Record<string, Reporter>;
export type ReporterName = keyof typeof reporters;
