import { parseArgs } from "node:util";
import { fix, init, validate, ValidateError, type ValidateOptions } from "../api.ts";
import type { Severity } from "../core/types.ts";
import { reporters, type ReporterName } from "../reporters/index.ts";
import { jsonText, visible } from "../reporters/escape.ts";
import { budgetTable } from "./budget-table.ts";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

const USAGE = `Usage: mars-validate [PATH ...] [options]

Validates Claude Code plugins and marketplaces. PATH (default ".") may be a plugin folder,
a marketplace folder, a folder holding both or a folder of plugins, or a bare agents/,
skills/ or commands/ folder. It lints the files Claude Code reads; secrets are looked for
in every file. Paths are reported relative to the current folder (or to PATH, when PATH
lies outside it).

Options:
  --format <text|json|sarif|github>  output format (default: text)
  --strict                           warnings fail the run too
  --notes                            also print note-level (style) findings in text output
  --all-files                        lint every file, not only those Claude Code reads
  --budget                           print the token budget table
  --config <file>                    read this config file instead of PATH/.mars-validate.json
  --rule <id>=<severity>             set a rule's severity: error, warning, note or off (repeatable)
  --fix                              apply the safe mechanical fixes, then report what is left
  --fix-dry-run                      print the fixes as a unified diff and change nothing
  --init                             write a starter .mars-validate.json into PATH (never overwrites)
  --cache                            answer an unchanged folder from the last run, and keep
                                     python3 and esbuild verdicts by content for the next
  --cache-location <path>            the cache file, or a folder to keep it in
                                     (default: .mars-validate-cache in the working folder)
  --cache-strategy <metadata|content>  how a changed file is told: size, times and inode
                                     (default), or its bytes
  --color / --no-color               force or disable colors (default: on a TTY, off with NO_COLOR)
  -h, --help                         show this help

Fixes are listed on stderr. Every rule has a page: docs/rules/<rule-id>.md.

Exit codes: 0 no errors (under --strict no warnings), 1 findings that fail (with --fix-dry-run:
there is something to fix), 2 usage error or tool failure.
`;

const SEVERITIES = new Set(["error", "warning", "note", "off"]);

function useColor(flags: { color?: boolean; "no-color"?: boolean }, io: CliIo, format: string): boolean {
  if (format !== "text") return false;
  if (flags["no-color"]) return false;
  if (flags.color) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== "0";
  return io.isTTY;
}

class UsageError extends Error {}

/** `--rule id=severity` (or `id:severity`), each once. */
function parseRules(values: readonly string[]): Record<string, Severity | "off"> {
  const rules: Record<string, Severity | "off"> = {};
  for (const value of values) {
    const at = value.search(/[=:]/);
    const id = at < 0 ? value : value.slice(0, at).trim();
    const severity = at < 0 ? "" : value.slice(at + 1).trim();
    if (!id || !SEVERITIES.has(severity))
      throw new UsageError(`--rule takes <rule-id>=<error|warning|note|off>, not "${visible(value)}"`);
    rules[id] = severity as Severity | "off";
  }
  return rules;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : /(s|x|sh|ch)$/.test(word) ? "es" : "s"}`;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);
}

/** Runs the validator CLI and returns its exit code; it never throws for bad input. */
export async function runValidateCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        strict: { type: "boolean", default: false },
        notes: { type: "boolean", default: false },
        "all-files": { type: "boolean", default: false },
        budget: { type: "boolean", default: false },
        config: { type: "string" },
        rule: { type: "string", multiple: true, default: [] },
        fix: { type: "boolean", default: false },
        "fix-dry-run": { type: "boolean", default: false },
        init: { type: "boolean", default: false },
        cache: { type: "boolean", default: false },
        "cache-location": { type: "string" },
        "cache-strategy": { type: "string", default: "metadata" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    io.stderr(`mars-validate: ${visible((error as Error).message)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const format = values.format;
  try {
    if (!Object.hasOwn(reporters, format))
      throw new UsageError(`unknown format "${visible(format)}"; expected text, json, sarif or github`);
    if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix and --fix-dry-run exclude each other");
    if (values.init) {
      if (positionals.length > 1) throw new UsageError("--init takes one folder");
      const written = init(positionals[0] ?? ".", { cwd: io.cwd });
      io.stdout(`wrote ${visible(written)}\n`);
      return 0;
    }
    const strategy = values["cache-strategy"];
    if (strategy !== "metadata" && strategy !== "content")
      throw new UsageError(`unknown cache strategy "${visible(strategy)}"; expected metadata or content`);
    const options: ValidateOptions = {
      cwd: io.cwd,
      env: io.env,
      strict: values.strict,
      allFiles: values["all-files"],
      budget: values.budget,
      rules: parseRules(values.rule),
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values.cache
        ? {
            cache: {
              strategy,
              ...(values["cache-location"] !== undefined ? { location: values["cache-location"] } : {}),
            },
          }
        : {}),
    };
    if (values["fix-dry-run"]) {
      const outcome = await fix(positionals, { ...options, write: false });
      reportFixes(io, outcome, "would fix");
      io.stdout(outcome.diff);
      io.stderr(
        outcome.changes.length > 0
          ? `mars-validate: ${plural(outcome.applied.length, "fix")} in ${plural(outcome.changes.length, "file")}; nothing was written (--fix writes them)\n`
          : "mars-validate: nothing to fix\n",
      );
      return outcome.changes.length > 0 ? 1 : 0;
    }
    if (values.fix) {
      const outcome = await fix(positionals, options);
      reportFixes(io, outcome, "fixed");
      if (outcome.applied.length > 0)
        io.stderr(
          `mars-validate: ${plural(outcome.applied.length, "fix")} written in ${plural(outcome.changes.length, "file")}\n`,
        );
    }
    const result = await validate(positionals, options);
    if (result.cacheProblem) io.stderr(`mars-validate: ${visible(result.cacheProblem)}\n`);
    let output = reporters[format as ReporterName](result.findings, {
      rules: result.rules,
      summary: result.summary,
      color: useColor(values, io, format),
      showNotes: values.notes,
    });
    if (result.budget) {
      if (format === "json") {
        const report = JSON.parse(output) as Record<string, unknown>;
        report.budget = result.budget.map(({ limits: _limits, ...rest }) => rest);
        output = jsonText(`${JSON.stringify(report, null, 2)}\n`);
      } else if (format === "text") output = `${output}\n${budgetTable(result.budget)}`;
    }
    try {
      io.stdout(output);
    } catch (error) {
      try {
        io.stderr(`mars-validate: the report could not be written (${visible(errorCode(error))})\n`);
      } catch {
        // The exit code says it.
      }
      return 2;
    }
    return result.failed ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`mars-validate: ${error.message}\n`);
      return 2;
    }
    if (!(error instanceof ValidateError)) throw error;
    io.stderr(`mars-validate: ${visible(error.message, true)}\n`);
    if (error.reason === "internal") {
      if (io.env.DEBUG) io.stderr(`${error.stack ?? ""}\n`);
      else io.stderr("Run again with DEBUG=1 for the stack trace, and please report it.\n");
    }
    return 2;
  }
}

function reportFixes(io: CliIo, outcome: Awaited<ReturnType<typeof fix>>, verb: string): void {
  for (const applied of outcome.applied)
    io.stderr(
      `${verb} ${visible(applied.file)}:${applied.line}:${applied.column}  ${applied.ruleId}  ${visible(applied.fix.description)}\n`,
    );
  for (const refused of outcome.refused) io.stderr(`not fixed: ${visible(refused.file)}: ${visible(refused.reason)}\n`);
}
