import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pluginCosts } from "../core/budget.ts";
import { loadConfig } from "../core/config.ts";
import { compareFindings, summarize } from "../core/run.ts";
import type { Finding } from "../core/types.ts";
import { validateProjectAsync } from "../core/validate.ts";
import { reporters, type ReporterName } from "../reporters/index.ts";
import { rules } from "../rules/index.ts";
import { activeRules } from "../rules/presets.ts";
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
a marketplace folder, a folder holding both, or a bare agents/, skills/ or commands/ folder.

Options:
  --format <text|json|sarif|github>  output format (default: text)
  --strict                           warnings fail the run too
  --budget                           print the token budget table
  --color / --no-color               force or disable colors (default: on a TTY, off with NO_COLOR)
  -h, --help                         show this help

Exit codes: 0 no errors (under --strict no warnings), 1 findings that fail, 2 usage error or tool failure.
`;

export function useColor(flags: { color?: boolean; "no-color"?: boolean }, io: CliIo, format: string): boolean {
  if (format !== "text") return false;
  if (flags["no-color"]) return false;
  if (flags.color) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== "0";
  return io.isTTY;
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
        budget: { type: "boolean", default: false },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    io.stderr(`mars-validate: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const format = values.format as string;
  if (!(format in reporters)) {
    io.stderr(`mars-validate: unknown format "${format}"; expected text, json, sarif or github\n`);
    return 2;
  }
  const targets = positionals.length > 0 ? positionals : ["."];
  for (const target of targets) {
    const absolute = path.resolve(io.cwd, target);
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
      io.stderr(`mars-validate: "${target}" is not a folder\n`);
      return 2;
    }
  }

  const findings: Finding[] = [];
  let fileCount = 0;
  const budgetSections: string[] = [];
  const budgetJson: unknown[] = [];
  for (const target of targets) {
    const absolute = path.resolve(io.cwd, target);
    const { config, problems } = loadConfig(absolute);
    if (problems.length > 0) {
      io.stderr(`mars-validate: invalid configuration in ${target}:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
      return 2;
    }
    const result = await validateProjectAsync(absolute, { config, rules: await activeRules(config) });
    if (result.crashes.length > 0) {
      const first = result.crashes[0]!;
      io.stderr(`mars-validate: internal error in rule ${first.ruleId}: ${first.message.split("\n")[0]}\n`);
      if (io.env.DEBUG) io.stderr(`${first.message}\n`);
      else io.stderr("Run again with DEBUG=1 for the stack trace, and please report it.\n");
      return 2;
    }
    const prefix = targets.length > 1 ? target.split(path.sep).join("/").replace(/\/+$/, "") : "";
    for (const finding of result.findings) {
      if (prefix) {
        finding.location.file = path.posix.join(prefix, finding.location.file);
        for (const related of finding.related ?? []) related.file = path.posix.join(prefix, related.file);
      }
      findings.push(finding);
    }
    fileCount += result.project.files.length;
    const python = result.project.python;
    if (!python.available && (python.sources ?? 0) > 0)
      io.stderr(
        `mars-validate: info: python3 is not available, so ${python.sources} Python code block(s) and file(s) in ${target} were not compiled\n`,
      );
    if (values.budget) {
      const costs = pluginCosts(result.project);
      budgetSections.push(budgetTable(costs, config.budgets));
      budgetJson.push(
        ...costs.map((c) => ({
          plugin: c.plugin.name,
          alwaysOn: c.alwaysOn,
          components: c.components.map(({ kind, name, alwaysOn, onInvoke, file }) => ({
            kind,
            name,
            file: prefix ? path.posix.join(prefix, file.path) : file.path,
            alwaysOn,
            onInvoke,
          })),
        })),
      );
    }
  }
  findings.sort(compareFindings);
  const summary = summarize(findings, fileCount);
  const color = useColor(values, io, format);
  let output = reporters[format as ReporterName](findings, { rules, summary, color });
  if (values.budget) {
    if (format === "json") {
      const parsedOutput = JSON.parse(output) as Record<string, unknown>;
      parsedOutput.budget = budgetJson;
      output = `${JSON.stringify(parsedOutput, null, 2)}\n`;
    } else if (format === "text") output = `${output}\n${budgetSections.join("\n")}`;
  }
  io.stdout(output);
  const failing = summary.errors > 0 || (values.strict && summary.warnings > 0);
  return failing ? 1 : 0;
}
