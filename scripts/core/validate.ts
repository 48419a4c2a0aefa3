import { readTree, type FileSystem, nodeFileSystem } from "./disk.ts";
import { buildProject } from "./project.ts";
import { compilePython } from "./python.ts";
import { runRules, type RunResult } from "./run.ts";
import type { Project, Rule, ValidatorConfig } from "./types.ts";

export interface ValidateOptions {
  config: ValidatorConfig;
  rules: readonly Rule[];
  fs?: FileSystem;
}

/** Reads the tree once into a Project; shared by the validator and the generator. */
export function loadProject(root: string, config: ValidatorConfig, fsys: FileSystem = nodeFileSystem): Project {
  const snapshot = readTree(root, config.ignore, fsys);
  return buildProject(root, snapshot, config, compilePython);
}

export function validateProject(root: string, options: ValidateOptions): { project: Project } & RunResult {
  const project = loadProject(root, options.config, options.fs);
  return { project, ...runRules(project, options.rules) };
}
