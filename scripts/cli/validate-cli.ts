import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pluginCosts } from "../core/budget.ts";
import { loadConfig } from "../core/config.ts";
import { compareFindings, summarize } from "../core/run.ts";
import { closest } from "../core/text.ts";
import type { Finding, Rule, ValidatorConfig } from "../core/types.ts";
import { cacheFile, treeKey, ValidationCache } from "../core/cache.ts";
import { validateProject, type ValidateOptions } from "../core/validate.ts";
import { reporters, type ReporterName } from "../reporters/index.ts";
import { visible } from "../reporters/escape.ts";
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
a marketplace folder, a folder holding both or a folder of plugins, or a bare agents/,
skills/ or commands/ folder. It lints the files Claude Code reads; secrets are looked for
in every file.

Options:
  --format <text|json|sarif|github>  output format (default: text)
  --strict                           warnings fail the run too
  --notes                            also print note-level (style) findings in text output
  --all-files                        lint every file, not only those Claude Code reads
  --budget                           print the token budget table
  --cache                            answer an unchanged folder from the last run, and keep
                                     python3 and esbuild verdicts by content for the next
  --cache-location <path>            the cache file, or a folder to keep it in
                                     (default: .mars-validate-cache in the working folder)
  --cache-strategy <metadata|content>  how a changed file is told: size, times and inode
                                     (default), or its bytes
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

/** Rule ids the config names that no active rule has: a typo would silently do nothing. */
function unknownRuleIds(config: ValidatorConfig, rules: readonly Rule[]): string[] {
  const ids = rules.map((r) => r.id);
  const known = new Set(ids);
  const named = [...Object.keys(config.rules), ...config.overrides.flatMap((o) => Object.keys(o.rules))];
  return [...new Set(named)]
    .filter((id) => !known.has(id))
    .map((id) => {
      const guess = closest(id, ids);
      return `unknown rule "${visible(id)}" in .mars-validate.json${guess ? `; did you mean "${guess}"?` : ""}`;
    });
}

/** The folders to validate, each once (`d`, `d/` and `./d` are one folder). */
function uniqueTargets(positionals: string[], cwd: string): { target: string; absolute: string }[] {
  const seen = new Set<string>();
  const targets: { target: string; absolute: string }[] = [];
  for (const target of positionals.length > 0 ? positionals : ["."]) {
    const absolute = path.resolve(cwd, target);
    let key = absolute;
    try {
      key = fs.realpathSync(absolute);
    } catch {
      // Reported below as "not a folder".
    }
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push({ target, absolute });
  }
  return targets;
}

/** One folder through the pipeline, with what the cache keeps of the run. */
async function validated(root: string, options: ValidateOptions) {
  const result = await validateProject(root, options);
  const { project } = result;
  // Files read from folders the walk skips (a hook under node_modules) join the cache key.
  const extra = project.allFiles.map((f) => f.path).filter((p) => p.split("/").some((s) => SKIPPED.has(s)));
  return { ...result, files: project.files.length, empty: project.empty, extra };
}

const SKIPPED = new Set(["node_modules", ".git", ".cache"]);

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
  const format = values.format as string;
  if (!Object.hasOwn(reporters, format)) {
    io.stderr(`mars-validate: unknown format "${visible(format)}"; expected text, json, sarif or github\n`);
    return 2;
  }
  const strategy = values["cache-strategy"] as string;
  if (strategy !== "metadata" && strategy !== "content") {
    io.stderr(`mars-validate: unknown cache strategy "${visible(strategy)}"; expected metadata or content\n`);
    return 2;
  }
  const cache = values.cache ? ValidationCache.load(cacheFile(io.cwd, values["cache-location"])) : undefined;
  const targets = uniqueTargets(positionals, io.cwd);
  for (const { target, absolute } of targets) {
    let isDirectory = false;
    try {
      isDirectory = fs.statSync(absolute).isDirectory();
      if (isDirectory) fs.accessSync(absolute, fs.constants.R_OK | fs.constants.X_OK);
    } catch (error) {
      if (isDirectory) {
        io.stderr(`mars-validate: "${visible(target)}" cannot be read (${(error as NodeJS.ErrnoException).code})\n`);
        return 2;
      }
    }
    if (!isDirectory) {
      io.stderr(`mars-validate: "${visible(target)}" is not a folder\n`);
      return 2;
    }
  }

  const findings: Finding[] = [];
  let fileCount = 0;
  let rulesUsed: readonly Rule[] = [];
  const budgetSections: string[] = [];
  const budgetJson: unknown[] = [];
  for (const { target, absolute } of targets) {
    const { config, problems } = loadConfig(absolute);
    if (values["all-files"]) config.files = "all";
    const rules = await activeRules(config);
    problems.push(...unknownRuleIds(config, rules));
    if (problems.length > 0) {
      io.stderr(
        `mars-validate: invalid configuration in ${visible(target)}:\n${problems.map((p) => `  ${p}`).join("\n")}\n`,
      );
      return 2;
    }
    if (rules.length > rulesUsed.length) rulesUsed = rules;
    // The cache file is ours, never part of the folder it speaks about.
    const inside = cache && path.relative(absolute, cache.file);
    if (inside && !inside.startsWith("..") && !path.isAbsolute(inside))
      config.ignore.push(inside.split(path.sep).join("/"), `${inside.split(path.sep).join("/")}.*.tmp`);
    const key = cache && treeKey(absolute, config, rules, io.env, strategy, { allFiles: values["all-files"] });
    const cached = cache && key && !values.budget ? cache.lookup(absolute, key) : undefined;
    const result = cached
      ? { findings: cached.findings, crashes: [], project: undefined, files: cached.files, empty: cached.empty }
      : await validated(absolute, { config, rules, env: io.env, ...(cache ? { known: cache } : {}) });
    if (cache && key && !cached && result.crashes.length === 0 && result.project)
      cache.store(absolute, key, { findings: result.findings, files: result.files, empty: result.empty }, result.extra);
    if (result.crashes.length > 0) {
      const first = result.crashes[0]!;
      io.stderr(`mars-validate: internal error in rule ${first.ruleId}: ${visible(first.message.split("\n")[0]!)}\n`);
      if (io.env.DEBUG) io.stderr(`${first.message}\n`);
      else io.stderr("Run again with DEBUG=1 for the stack trace, and please report it.\n");
      return 2;
    }
    if (result.empty) {
      io.stderr(
        `mars-validate: nothing to validate in "${visible(target)}": no .claude-plugin/plugin.json, .claude-plugin/marketplace.json, agents/, skills/ or commands/\n`,
      );
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
    fileCount += result.files;
    if (values.budget && result.project) {
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
  const saved = cache?.save();
  if (saved && !saved.ok)
    io.stderr(`mars-validate: the cache could not be written to ${visible(cache!.file)} (${saved.reason})\n`);
  const summary = summarize(findings, fileCount);
  const color = useColor(values, io, format);
  let output = reporters[format as ReporterName](findings, {
    rules: rulesUsed,
    summary,
    color,
    showNotes: values.notes,
  });
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
