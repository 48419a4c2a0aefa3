import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT, tempDir } from "../helpers/repo.ts";

/**
 * Runs the `run:` steps of this repository's composite action.yml the way a GitHub runner does:
 * inputs with their defaults, `${{ }}` values in `env:`, each script through
 * `bash --noprofile --norc -eo pipefail`, step outputs from $GITHUB_OUTPUT, $GITHUB_PATH added to
 * PATH for later steps, and `if:` conditions. `uses:` steps are recorded, not run. An expression
 * this runner does not understand throws, so the action cannot outgrow its test unnoticed.
 * A run can take chosen steps from an earlier run instead of running them again (see `reuse`).
 */

interface ActionStep {
  id?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}

export interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function loadAction(): Action {
  return parse(fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as Action;
}

export interface StepRun {
  step: ActionStep;
  /** What the runner passed to bash, after `${{ }}` evaluation (only for run steps). */
  env?: Record<string, string>;
  skipped: boolean;
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** The lines the step wrote to $GITHUB_PATH (folders later steps find first on PATH). */
  path: string[];
  /** True when the step was not run again but taken from an earlier run (see `reuse`). */
  reused?: boolean;
}

export interface ActionRun {
  /** $RUNNER_TEMP of the run: one job's runs share it. */
  runnerTemp: string;
  steps: StepRun[];
  outputs: Record<string, string>;
  failed: boolean;
}

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
}

const EXPRESSION = /^\$\{\{([^}]*)\}\}$/;

function lookup(context: Context, reference: string): string {
  const parts = reference.split(".");
  const [root, ...rest] = parts;
  let value: unknown =
    root === "inputs"
      ? context.inputs
      : root === "github"
        ? context.github
        : root === "runner"
          ? context.runner
          : root === "steps"
            ? context.steps
            : undefined;
  if (value === undefined) throw new Error(`unsupported context "${reference}"`);
  for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === "string" ? value : "";
}

/** `inputs.x == 'y'`, `steps.a.outputs.b != ''`, `!cancelled()`, joined by `&&`. */
function condition(context: Context, text: string): boolean {
  const inner = (EXPRESSION.exec(text.trim())?.[1] ?? text).trim();
  return inner.split("&&").every((raw) => {
    const term = raw.trim();
    if (term === "!cancelled()" || term === "always()") return true;
    const comparison = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (!comparison) throw new Error(`unsupported condition "${term}"`);
    const equal = lookup(context, comparison[1]!) === comparison[3];
    return comparison[2] === "==" ? equal : !equal;
  });
}

function evaluate(context: Context, value: string): string {
  const match = EXPRESSION.exec(value.trim());
  if (match) return lookup(context, match[1]!.trim());
  if (value.includes("${{")) throw new Error(`unsupported expression in "${value}"`);
  return value;
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  return outputs;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  workspace: string;
  actionPath?: string;
  env?: NodeJS.ProcessEnv;
  /** $RUNNER_TEMP; runs that share one reuse what an earlier run installed there. */
  runnerTemp?: string;
  /**
   * Steps (by id) to take from an earlier run on the same $RUNNER_TEMP instead of running them:
   * their outputs and $GITHUB_PATH entries carry over to the later steps, as they do between the
   * steps of one job. For tests of what the later steps do with their inputs; the earlier step
   * must have succeeded, and every other step runs as usual.
   */
  reuse?: { run: ActionRun; steps: readonly string[] };
}

export function runAction(options: RunActionOptions): ActionRun {
  const action = loadAction();
  const runnerTemp = options.runnerTemp ?? tempDir("mars-runner-temp-");
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, options.inputs[name] ?? spec.default ?? ""]),
  );
  for (const name of Object.keys(options.inputs))
    if (!(name in action.inputs)) throw new Error(`action.yml has no input "${name}"`);
  const context: Context = {
    inputs,
    github: { action_path: options.actionPath ?? REPO_ROOT, workspace: options.workspace },
    runner: { temp: runnerTemp },
    steps: {},
  };
  const extraPath: string[] = [];
  const steps: StepRun[] = [];
  let failed = false;
  if (options.reuse && options.reuse.run.runnerTemp !== runnerTemp)
    throw new Error("a run can reuse steps only of an earlier run on the same $RUNNER_TEMP (one job)");
  for (const id of options.reuse?.steps ?? [])
    if (!action.runs.steps.some((step) => step.id === id)) throw new Error(`action.yml has no step "${id}"`);
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.id && options.reuse?.steps.includes(step.id)) {
      const earlier = stepRun(options.reuse.run, step.id);
      if (earlier.skipped || earlier.code !== 0)
        throw new Error(`step "${step.id}" did not succeed in the run to reuse`);
      context.steps[step.id] = { outputs: earlier.outputs };
      extraPath.unshift(...[...earlier.path].reverse());
      steps.push({ ...earlier, reused: true });
      continue;
    }
    const runs = step.if ? condition(context, step.if) : !failed;
    if (!runs || step.uses) {
      steps.push({ step, skipped: !runs, code: 0, stdout: "", stderr: "", outputs: {}, path: [] });
      continue;
    }
    if (step.shell !== "bash") throw new Error(`step ${step.id ?? index} does not run in bash`);
    const files = Object.fromEntries(
      ["GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV"].map((name) => {
        const file = path.join(runnerTemp, `${name.toLowerCase()}-${process.hrtime.bigint()}`);
        fs.writeFileSync(file, "");
        return [name, file];
      }),
    );
    const script = path.join(runnerTemp, `step-${index}-${process.hrtime.bigint()}.sh`);
    fs.writeFileSync(script, step.run ?? "");
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(context, v)]));
    const base = options.env ?? process.env;
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: options.workspace,
      encoding: "utf8",
      timeout: 300_000,
      env: {
        ...base,
        ...files,
        RUNNER_TEMP: runnerTemp,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_ACTION_PATH: context.github.action_path,
        PATH: [...extraPath, base.PATH ?? ""].join(path.delimiter),
        ...stepEnv,
      },
    });
    if (result.error) throw result.error;
    const outputs = readOutputs(files.GITHUB_OUTPUT!);
    if (step.id) context.steps[step.id] = { outputs };
    const added = fs.readFileSync(files.GITHUB_PATH!, "utf8").split("\n").filter(Boolean);
    extraPath.unshift(...[...added].reverse());
    const code = result.status ?? -1;
    if (code !== 0) failed = true;
    steps.push({
      step,
      env: stepEnv,
      skipped: false,
      code,
      stdout: result.stdout,
      stderr: result.stderr,
      outputs,
      path: added,
    });
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, spec]) => [name, evaluate(context, spec.value)]),
  );
  return { runnerTemp, steps, outputs, failed };
}

/** The run of one step by id. */
export function stepRun(run: ActionRun, id: string): StepRun {
  const found = run.steps.find((s) => s.step.id === id);
  if (!found) throw new Error(`no step "${id}"`);
  return found;
}
