import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { catalog } from "../catalog/index.ts";
import { loadConfig } from "../core/config.ts";
import { isIgnored } from "../core/ignored.ts";
import { locate } from "../core/locate.ts";
import type { Project } from "../core/types.ts";
import { loadProject } from "../core/validate.ts";
import { shortDiff } from "../generate/diff.ts";
import { printable, printableLines } from "../generate/files.ts";
import { catalogApplies, generate, generatedPaths, type Refusal } from "../generate/generate.ts";
import { guardTargets, structureProblems, type TargetProblem } from "../generate/guard.ts";
import { notThisRepository } from "../generate/root.ts";
import { removeStaleTemps, writeAll, type WriteFs } from "../generate/write.ts";
import { rules } from "../rules/index.ts";
import type { CliIo } from "./validate-cli.ts";

const USAGE = `Usage: npm run build [-- --check] [--root <dir>]

Writes every derived part of the plugin (orchestrator roster and workflows, commands,
manifests, README inventory) from scripts/catalog. With --check it writes nothing, prints each
drifted file with a short diff and exits 1 on drift.

Exit codes: 0 done (or up to date), 1 drift (--check) or refused (nothing written),
2 usage error, not this repository, or a failed write (of the files or of this report).
`;

/** Output that may fail (a full disk, a closed pipe): the failure is kept, not thrown. */
function outputOf(io: CliIo): { io: CliIo; failure: () => string | undefined } {
  let failure: string | undefined;
  const guard =
    (write: (text: string) => void) =>
    (text: string): void => {
      if (failure !== undefined) return;
      try {
        write(text);
      } catch (error) {
        failure = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      }
    };
  return { io: { ...io, stdout: guard(io.stdout), stderr: guard(io.stderr) }, failure: () => failure };
}

function fromRefusal(project: Project, refusal: Refusal): TargetProblem {
  const file = project.byPath.get(refusal.file);
  if (!file || refusal.offset === undefined || refusal.offset < 0)
    return { file: refusal.file, message: refusal.message };
  const where = locate(file, { offset: refusal.offset });
  return { file: refusal.file, line: where.start.line, column: where.start.column, message: refusal.message };
}

function refuse(io: CliIo, problems: readonly TargetProblem[]): number {
  for (const problem of problems)
    io.stderr(
      `${printable(problem.file)}:${problem.line ?? 1}:${problem.column ?? 1}  error  ${printable(problem.message)}\n`,
    );
  io.stderr(`build: refused; nothing was written (${problems.length} problem${problems.length === 1 ? "" : "s"})\n`);
  return 1;
}

function build(argv: string[], io: CliIo, fsys: WriteFs | undefined): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        check: { type: "boolean", default: false },
        root: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr(`build: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const root = path.resolve(io.cwd, values.root ?? ".");
  const wrongRoot = notThisRepository(root);
  if (wrongRoot) {
    io.stderr(`build: ${wrongRoot}; nothing was read\n`);
    return 2;
  }
  const realRoot = fs.realpathSync(root);
  const structure = structureProblems(realRoot, generatedPaths(catalog));
  if (structure.length > 0) return refuse(io, structure);
  if (!values.check)
    for (const stale of removeStaleTemps(root, generatedPaths(catalog)))
      io.stdout(`removed ${printable(stale)}, left behind by a build that was killed\n`);
  const { config, problems } = loadConfig(root);
  if (problems.length) {
    io.stderr(`build: invalid configuration:\n${printableLines(problems.join("\n"))}\n`);
    return 2;
  }
  // The generator needs no Python compile results: python3 is not run.
  const project = loadProject(root, config);
  if (!catalogApplies(project)) {
    io.stderr("build: this folder is not the mars plugin (no scripts/catalog and plugin.json named mars)\n");
    return 2;
  }
  const generation = generate(project, { rules });
  if (generation.refusals.length > 0)
    return refuse(
      io,
      generation.refusals.map((r) => fromRefusal(project, r)),
    );
  const guarded = guardTargets(realRoot, generation.files, {
    ignored: (file) => isIgnored(project, file),
    writing: !values.check,
  });
  if (guarded.length > 0) return refuse(io, guarded);
  const drifted = generation.files.filter((f) => f.before !== f.after);
  if (values.check) {
    for (const file of drifted)
      io.stdout(`${file.path} is out of date\n${printableLines(shortDiff(file.before ?? "", file.after))}\n\n`);
    io.stdout(
      drifted.length
        ? `${drifted.length} generated file${drifted.length === 1 ? " is" : "s are"} out of date: run npm run build\n`
        : `all ${generation.files.length} generated files are up to date\n`,
    );
    return drifted.length ? 1 : 0;
  }
  if (drifted.length === 0) {
    io.stdout(`all ${generation.files.length} generated files are up to date\n`);
    return 0;
  }
  try {
    writeAll(
      root,
      drifted.map((f) => ({ path: f.path, content: f.after, before: f.before })),
      fsys,
    );
  } catch (error) {
    io.stderr(`build: ${printable((error as Error).message)}\n`);
    return 2;
  }
  for (const file of drifted) io.stdout(`wrote ${file.path}\n`);
  return 0;
}

/** Runs the generator; returns the exit code. A report that cannot be written is exit 2. */
export function runBuildCli(argv: string[], io: CliIo, fsys?: WriteFs): number {
  const output = outputOf(io);
  const code = build(argv, output.io, fsys);
  const failure = output.failure();
  if (failure === undefined) return code;
  try {
    io.stderr(`build: the report could not be written (${printable(failure)})\n`);
  } catch {
    // The exit code says it.
  }
  return 2;
}
