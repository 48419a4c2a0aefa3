import { readOneFile, readTree, type FileSystem, nodeFileSystem } from "./disk.ts";
import { globMatcher } from "./ignored.ts";
import { buildProject } from "./project.ts";
import { compilePython, compilePythonAsync } from "./python.ts";
import { compareFindings, runRules, type RunResult } from "./run.ts";
import { checkScriptsAhead } from "./scripts.ts";
import type { Project, PythonReport, Rule, ValidatorConfig } from "./types.ts";

export interface ValidateOptions {
  config: ValidatorConfig;
  rules: readonly Rule[];
  fs?: FileSystem;
}

const NOT_YET: () => PythonReport = () => ({ available: false, errors: new Map() });

/** Reads the tree once into a Project; shared by the validator and the generator. */
export function loadProject(
  root: string,
  config: ValidatorConfig,
  fsys: FileSystem = nodeFileSystem,
  options: { python?: boolean } = {},
): Project {
  const snapshot = readTree(root, config.ignore, fsys);
  // A loaded file may name a file the walk skipped (node_modules, .git, .cache): read it then,
  // so a hook hidden there is still checked. Configured ignores stay ignored.
  const userIgnored = globMatcher(config.ignore);
  const readExtra = (relative: string) => {
    if (userIgnored(relative)) return undefined;
    const { file, issues } = readOneFile(root, relative, fsys);
    snapshot.issues.push(...issues);
    return file;
  };
  return buildProject(root, snapshot, config, options.python === false ? NOT_YET : compilePython, { readExtra });
}

export function validateProject(root: string, options: ValidateOptions): { project: Project } & RunResult {
  const project = loadProject(root, options.config, options.fs);
  return { project, ...runRules(project, options.rules) };
}

/**
 * The same result, faster: python3 and esbuild check the code blocks in their own processes,
 * side by side, before the rules read their results.
 */
export async function validateProjectAsync(
  root: string,
  options: ValidateOptions,
): Promise<{ project: Project } & RunResult> {
  const project = loadProject(root, options.config, options.fs, { python: false });
  const python = compilePythonAsync(project.files);
  await checkScriptsAhead(project);
  // python3 keeps compiling on the other core while the rules that do not need it run.
  const first = runRules(
    project,
    options.rules.filter((rule) => !rule.needs?.includes("python")),
  );
  project.python = await python;
  const second = runRules(
    project,
    options.rules.filter((rule) => rule.needs?.includes("python")),
  );
  return {
    project,
    findings: [...first.findings, ...second.findings].sort(compareFindings),
    crashes: [...first.crashes, ...second.crashes],
  };
}
