import { gitOrigin, readOneFile, readTree, type DiskSnapshot, type FileSystem, nodeFileSystem } from "./disk.ts";
import { globMatcher } from "./ignored.ts";
import { MarkdownPool, markdownThreads } from "./markdown-pool.ts";
import { buildProject, type BuildOptions } from "./project.ts";
import { startPython, type PythonVerdicts } from "./python.ts";
import { runRules, type External, type RunResult } from "./run.ts";
import { ScriptChecker, scriptBlocks, type ScriptVerdicts } from "./scripts.ts";
import { CheckerThread, checkerWanted } from "./checker.ts";
import type { ExternalNeed, Project, Rule, SourceFile, ValidatorConfig } from "./types.ts";

export interface ValidateOptions {
  config: ValidatorConfig;
  rules: readonly Rule[];
  fs?: FileSystem;
  /** The environment the CLI was given (MARS_PYTHON); defaults to the process's. */
  env?: NodeJS.ProcessEnv;
  /** Verdicts of python3 and esbuild from earlier runs, by content; new ones are added (the cache keeps them). */
  known?: { python: PythonVerdicts; scripts: ScriptVerdicts };
  /**
   * Worker threads that tokenize Markdown while the tree is parsed (0: none; the environment's
   * MARS_THREADS when not given). By default they start only when the tree holds enough Markdown
   * to pay for them and there is a core to spare. The findings are the same either way.
   */
  threads?: number;
  /**
   * Check code blocks on a worker thread (python3, esbuild, YAML). By default only a large tree
   * gets one, and only when there is a second core and the code runs from a bundle; MARS_THREADS=0
   * turns it off. The findings are the same either way.
   */
  checker?: boolean;
}

/** Builds the project from a snapshot; files the walk skipped are read when a loaded file names them. */
function projectOf(
  root: string,
  snapshot: DiskSnapshot,
  config: ValidatorConfig,
  fsys: FileSystem,
  options: Pick<BuildOptions, "onParsed" | "bodies"> = {},
): Project {
  // A loaded file may name a file the walk skipped (node_modules, .git, .cache): read it then,
  // so a hook hidden there is still checked. The user's own ignore globs stay ignored.
  const userIgnored = globMatcher(config.ignore);
  const readExtra = (relative: string) => {
    if (userIgnored(relative)) return undefined;
    const { file, issues } = readOneFile(root, relative, fsys);
    snapshot.issues.push(...issues);
    return file;
  };
  const project = buildProject(root, snapshot, config, undefined, { readExtra, ...options });
  const origin = gitOrigin(root);
  if (origin) project.gitOrigin = origin;
  return project;
}

/** Reads the tree once into a Project; shared by the validator and the generator. No external program runs. */
export function loadProject(root: string, config: ValidatorConfig, fsys: FileSystem = nodeFileSystem): Project {
  return projectOf(root, readTree(root, config.ignore, fsys), config, fsys);
}

/** What the enabled rules need from external programs. */
function externalNeeds(rules: readonly Rule[], config: ValidatorConfig): Set<ExternalNeed> {
  const needs = new Set<ExternalNeed>();
  for (const rule of rules) if (config.rules[rule.id] !== "off") for (const need of rule.needs ?? []) needs.add(need);
  return needs;
}

// A fence whose language starts with "py" (python, py, python3, any case): an over-estimate,
// checked before parsing, that decides whether python3 is worth starting early.
const PYTHON_FENCE = /[`~]{3}[ \t]*\{?\.?py/i;

function mayHoldPython(snapshot: DiskSnapshot): boolean {
  return snapshot.files.some(
    (file) => file.text !== undefined && (file.path.toLowerCase().endsWith(".py") || PYTHON_FENCE.test(file.text)),
  );
}

/** Worker threads asked for by the caller or by MARS_THREADS (a whole number); undefined leaves it to the tree. */
function requestedThreads(options: ValidateOptions): number | undefined {
  if (options.threads !== undefined) return options.threads;
  const value = (options.env ?? process.env).MARS_THREADS?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** How much Markdown the tree holds, in characters: what decides whether worker threads pay. */
function markdownChars(snapshot: DiskSnapshot): number {
  let chars = 0;
  for (const file of snapshot.files)
    if (file.text !== undefined && file.path.endsWith(".md")) chars += file.text.length;
  return chars;
}

/**
 * The one validation pipeline: read the tree, build the project, start the external programs
 * the enabled rules need (python3 even before parsing, as it is slow to start; esbuild once
 * the code blocks are known), then run every rule once, each rule that needs an external
 * result after it is in.
 */
export async function validateProject(
  root: string,
  options: ValidateOptions,
): Promise<{ project: Project } & RunResult> {
  const fsys = options.fs ?? nodeFileSystem;
  return validateSnapshot(root, readTree(root, options.config.ignore, fsys), options);
}

/** The pipeline on a snapshot already read (from disk, or from memory in tests and fuzzing). */
async function validateSnapshot(
  root: string,
  snapshot: DiskSnapshot,
  options: ValidateOptions,
): Promise<{ project: Project } & RunResult> {
  const needs = externalNeeds(options.rules, options.config);
  const markdown = markdownChars(snapshot);
  const wantsPython = needs.has("python") && mayHoldPython(snapshot);
  // On a large tree the code blocks are checked on a worker thread (see checker.ts).
  const checker =
    needs.size > 0 && checkerWanted(markdown, requestedThreads(options) === 0 ? false : options.checker)
      ? CheckerThread.start({
          env: options.env ?? process.env,
          python: wantsPython,
          scripts: needs.has("scripts"),
          ...(options.known ? { known: options.known } : {}),
        })
      : undefined;
  // With verdicts from earlier runs, most blocks are known: python3 starts only for new ones.
  const python =
    !checker && wantsPython
      ? startPython(options.env, {
          early: options.known === undefined,
          ...(options.known ? { known: options.known.python } : {}),
        })
      : undefined;
  const scripts = !checker && needs.has("scripts") ? new ScriptChecker(options.known?.scripts, options.env) : undefined;
  // Code goes to python3 and esbuild as its file is parsed, so they work while the rest is.
  const onParsed = (file: SourceFile) => {
    if (checker) return checker.offer(file);
    python?.offer(file);
    scripts?.offer(file.markdown?.codeBlocks ?? []);
  };
  const bodies = MarkdownPool.start(markdownThreads(markdown, requestedThreads(options)));
  let project: Project;
  try {
    project = projectOf(root, snapshot, options.config, options.fs ?? nodeFileSystem, {
      onParsed,
      ...(bodies ? { bodies } : {}),
    });
  } catch (error) {
    python?.cancel();
    checker?.close();
    throw error;
  } finally {
    bodies?.close();
  }
  const external: External = {};
  if (checker && needs.has("scripts")) external.scripts = checker.scripts(scriptBlocks(project.files));
  if (scripts) external.scripts = scripts.check(scriptBlocks(project.files));
  if (needs.has("python"))
    // With a checker thread, python3 runs there (when the tree may hold Python) and not here.
    external.python =
      checker && wantsPython
        ? checker.python(project.files)
        : python
          ? python.compile(project.files, options.known?.python)
          : Promise.resolve({ available: true, sources: 0, errors: new Map() });
  if (checker) external.yaml = checker.yaml();
  try {
    return { project, ...(await runRules(project, options.rules, external)) };
  } finally {
    checker?.close();
  }
}
