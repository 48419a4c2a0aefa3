import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../core/config.ts";
import { locate } from "../core/locate.ts";
import { loadProject } from "../core/validate.ts";
import { shortDiff } from "../generate/diff.ts";
import { catalogApplies, generate } from "../generate/generate.ts";
import { writeAll, type WriteFs } from "../generate/write.ts";
import { rules } from "../rules/index.ts";
import type { CliIo } from "./validate-cli.ts";

const USAGE = `Usage: npm run build [-- --check] [--root <dir>]

Writes every derived part of the plugin (orchestrator roster and workflows, commands,
manifests, README inventory) from scripts/catalog. With --check it writes nothing, prints each
drifted file with a short diff and exits 1 on drift.
`;

/** Runs the generator; returns the exit code. */
export function runBuildCli(argv: string[], io: CliIo, fsys?: WriteFs): number {
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
  if (!fs.existsSync(root)) {
    io.stderr(`build: ${root} does not exist\n`);
    return 2;
  }
  const { config, problems } = loadConfig(root);
  if (problems.length) {
    io.stderr(`build: invalid configuration:\n${problems.join("\n")}\n`);
    return 2;
  }
  const project = loadProject(root, config);
  if (!catalogApplies(project)) {
    io.stderr("build: this folder is not the mars plugin (no scripts/catalog and plugin.json named mars)\n");
    return 2;
  }
  const generation = generate(project, { rules });
  if (generation.refusals.length > 0) {
    for (const refusal of generation.refusals) {
      const file = project.byPath.get(refusal.file);
      const where =
        file && refusal.offset !== undefined
          ? locate(file, { offset: refusal.offset })
          : { file: refusal.file, start: { line: 1, column: 1 } };
      io.stderr(`${where.file}:${where.start.line}:${where.start.column}  error  ${refusal.message}\n`);
    }
    io.stderr(
      `build: refused; nothing was written (${generation.refusals.length} problem${generation.refusals.length === 1 ? "" : "s"})\n`,
    );
    return 1;
  }
  const drifted = generation.files.filter((f) => f.before !== f.after);
  if (values.check) {
    for (const file of drifted)
      io.stdout(`${file.path} is out of date\n${shortDiff(file.before ?? "", file.after)}\n\n`);
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
      drifted.map((f) => ({ path: f.path, content: f.after })),
      fsys,
    );
  } catch (error) {
    io.stderr(`build: ${(error as Error).message}\n`);
    return 2;
  }
  for (const file of drifted) io.stdout(`wrote ${file.path}\n`);
  return 0;
}
