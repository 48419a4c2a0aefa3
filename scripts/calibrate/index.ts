// `npm run calibrate -- PATH... [--ledger FILE] [--json]`: how much of what the validator prints
// on real repositories is real, per rule and per file class, judged against a ledger.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findPlugins } from "./file-class.ts";
import { loadLedger } from "./ledger.ts";
import { renderText } from "./render.ts";
import { identifyRepository } from "./repository.ts";
import { tallyRepository, type RepositoryReport } from "./tally.ts";
import { readSavedReport, runValidator } from "./validator.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const USAGE = `Usage: npm run calibrate -- PATH... [options]

Runs mars-validate over each PATH (a plugin or marketplace checkout) and prints its findings per
rule and per file class (files Claude Code loads versus README, changelogs, docs/, other
harnesses' folders, the repository's own .claude/, templates and the rest).

Options:
  --ledger FILE         match every finding to a ledger of judged findings and print the real
                        share, false positives per rule and the findings nobody has judged yet
  --json                print one JSON document instead of text
  --bin FILE            the validator to run (default: this checkout's scripts/bin/mars-validate.js)
  --validator-arg ARG   pass ARG to the validator (repeatable)
  --from DIR            read saved reports DIR/<folder name of PATH>.json instead of running
  --unjudged N          how many unjudged groups to print per repository (default 20)
  -h, --help            show this help

A folder named owner+name is taken to be the GitHub repository owner/name.`;

function fail(message: string): never {
  process.stderr.write(`calibrate: ${message}\n`);
  process.exit(2);
}

function main(): void {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        ledger: { type: "string" },
        json: { type: "boolean", default: false },
        bin: { type: "string", default: path.join(ROOT, "scripts/bin/mars-validate.js") },
        "validator-arg": { type: "string", multiple: true, default: [] },
        from: { type: "string" },
        unjudged: { type: "string", default: "20" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length === 0) fail("give at least one PATH (see --help)");
  const unjudgedLimit = Number(values.unjudged);
  if (!Number.isInteger(unjudgedLimit) || unjudgedLimit < 0) fail("--unjudged takes a whole number");
  if (values.ledger && !fs.existsSync(values.ledger)) fail(`no ledger at ${values.ledger}`);
  const ledger = values.ledger ? loadLedger(values.ledger) : undefined;

  const reports: RepositoryReport[] = [];
  for (const target of positionals) {
    if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) fail(`${target} is not a folder`);
    const identity = identifyRepository(target);
    let run;
    try {
      run = values.from
        ? readSavedReport(path.join(values.from, `${path.basename(path.resolve(target))}.json`))
        : runValidator(values.bin, target, values["validator-arg"]);
    } catch (error) {
      fail((error as Error).message);
    }
    reports.push(
      tallyRepository(
        { ...identity, target, exitCode: run.exitCode, findings: run.findings, plugins: findPlugins(target) },
        ledger,
      ),
    );
  }
  process.stdout.write(
    values.json ? `${JSON.stringify({ repositories: reports }, null, 2)}\n` : renderText(reports, unjudgedLimit),
  );
}

main();
