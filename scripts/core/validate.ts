import { gitOrigin, readOneFile, readTree, type FileSystem, nodeFileSystem } from "./disk.ts";
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
  /** The environment the CLI was given (MARS_PYTHON); defaults to the process's. */
  env?: NodeJS.ProcessEnv;
}

const NOT_NEEDED: () => PythonReport = () => ({ available: false, reason: "not needed", errors: new Map() });

/** Reads the tree once into a Project; shared by the validator and the generator. */
export function loadProject(
  root: string,
  config: ValidatorConfig,
  fsys: FileSystem = nodeFileSystem,
  options: { python?: boolean; env?: NodeJS.ProcessEnv } = {},
): Project {
  const snapshot = readTree(root, config.ignore, fsys);
  // A loaded file may name a file the walk skipped (node_modules, .git, .cache): read it then,
  // so a hook hidden there is still checked. The user's own ignore globs stay ignored.
  const userIgnored = globMatcher(config.ignore);
  const readExtra = (relative: string) => {
    if (userIgnored(relative)) return undefined;
    const { file, issues } = readOneFile(root, relative, fsys);
    snapshot.issues.push(...issues);
    return file;
  };
  const python = options.python === false ? NOT_NEEDED : (files: Project["files"]) => compilePython(files, options.env);
  const project = buildProject(root, snapshot, config, python, { readExtra });
  const origin = gitOrigin(root);
  if (origin) project.gitOrigin = origin;
  return project;
}

/** Rules that run with this config and need a result an external program produces. */
function enabledNeeding(rules: readonly Rule[], config: ValidatorConfig, need: "python"): boolean {
  return rules.some((rule) => rule.needs?.includes(need) && config.rules[rule.id] !== "off");
}

export function validateProject(root: string, options: ValidateOptions): { project: Project } & RunResult {
  const python = enabledNeeding(options.rules, options.config, "python");
  const project = loadProject(root, options.config, options.fs, { python, env: options.env });
  return { project, ...runRules(project, options.rules) };
}

/**
 * The same result, faster: python3 (only when an enabled rule needs it and there is Python to
 * compile) and esbuild check code in their own processes while the other rules run.
 */
export async function validateProjectAsync(
  root: string,
  options: ValidateOptions,
): Promise<{ project: Project } & RunResult> {
  const project = loadProject(root, options.config, options.fs, { python: false });
  const needsPython = enabledNeeding(options.rules, options.config, "python");
  const python = needsPython ? compilePythonAsync(project.files, options.env) : undefined;
  if (options.config.rules["code-block-syntax"] !== "off" && options.rules.some((r) => r.id === "code-block-syntax"))
    await checkScriptsAhead(project);
  const first = runRules(
    project,
    options.rules.filter((rule) => !rule.needs?.includes("python")),
  );
  if (!python) return { project, ...first };
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
