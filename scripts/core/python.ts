import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import type { PythonReport, SourceFile } from "./types.ts";

export const PYTHON_LANGS = new Set(["python", "py", "python3"]);

/** Longest a python3 run may take before the sources it has not reached are reported as not run. */
const DEADLINE_MS = 60_000;
/** How many times a compiler that dies (a crash on one source) is restarted after that source. */
const MAX_RESTARTS = 3;

// One interpreter, sources on stdin, one JSON line per source on stdout: compile() checks syntax
// without executing anything. A source that breaks the compiler itself is reported as such.
// A code block (not a .py file) may be a fragment: it passes when it compiles dedented, inside
// an async function (top-level await, return) or inside a class (methods).
const COMPILER = `
import json, sys, textwrap, warnings
warnings.simplefilter("ignore")
sources = json.load(sys.stdin)
start = int(sys.argv[1])
def fragment_compiles(key, code):
    body = textwrap.indent(textwrap.dedent(code), "    ")
    # A caption comment at column 0 above indented lines keeps dedent from working; drop it.
    uncaptioned = textwrap.dedent("\\n".join(line for line in code.split("\\n") if not line.startswith("#")))
    # A decorator shown on its own decorates whatever the reader writes next.
    decorated = textwrap.dedent(code) + "\\ndef __example__(): pass"
    for candidate in (textwrap.dedent(code), uncaptioned, decorated, "async def __example__():\\n" + body, "class __Example__:\\n" + body):
        try:
            compile(candidate, key, "exec", dont_inherit=True)
            return True
        except Exception:
            pass
    return False
for index in range(start, len(sources)):
    key, code, block = sources[index]
    try:
        compile(code, key, "exec", dont_inherit=True)
        out = [index]
    except SyntaxError as e:
        out = [index] if block and fragment_compiles(key, code) else [index, e.lineno or 1, e.offset or 1, e.msg]
    except (RecursionError, MemoryError):
        out = [index, 1, 1, "too deeply nested for Python's compiler"]
    except Exception as e:
        out = [index, 1, 1, str(e)]
    sys.stdout.write(json.dumps(out) + "\\n")
    sys.stdout.flush()
`;

export function pythonKey(file: SourceFile, offset?: number): string {
  return offset === undefined ? file.path : `${file.path}#${offset}`;
}

/** [key, code, is a code block] for every Python file and Python code block. */
export function pythonSources(files: readonly SourceFile[]): [string, string, boolean][] {
  const sources: [string, string, boolean][] = [];
  for (const file of files) {
    if (file.kind === "python" && file.readable) sources.push([pythonKey(file), file.text, false]);
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (PYTHON_LANGS.has(block.lang) && block.closed) sources.push([pythonKey(file, block.offset), block.code, true]);
    }
  }
  return sources;
}

/** The interpreter to use: MARS_PYTHON when set, else python3; "" turns the Python checks off. */
export function pythonExecutable(env: NodeJS.ProcessEnv = process.env): { executable?: string; reason?: string } {
  const configured = env.MARS_PYTHON;
  if (configured === undefined) return { executable: "python3" };
  if (configured.trim() === "") return { reason: "MARS_PYTHON is set to an empty value" };
  return { executable: configured };
}

interface Progress {
  errors: PythonReport["errors"];
  /** Index of the next source without a result. */
  next: number;
}

function absorb(stdout: string, sources: readonly [string, string, boolean][], progress: Progress): void {
  for (const line of stdout.split("\n")) {
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (!Array.isArray(parsed) || typeof parsed[0] !== "number") continue;
    const [index, lineNo, column, message] = parsed as [number, number?, number?, string?];
    const key = sources[index]?.[0];
    if (key === undefined) continue;
    if (lineNo !== undefined) progress.errors.set(key, { line: lineNo, column: column ?? 1, message: String(message) });
    progress.next = Math.max(progress.next, index + 1);
  }
}

function crashed(sources: readonly [string, string, boolean][], progress: Progress): void {
  // The source being compiled when the interpreter died is the one that killed it.
  const key = sources[progress.next]?.[0];
  if (key !== undefined) progress.errors.set(key, { line: 1, column: 1, message: "it crashes Python's compiler" });
  progress.next++;
}

function unavailable(reason: string, count: number): PythonReport {
  return { available: false, reason, sources: count, errors: new Map() };
}

interface Outcome {
  code: number | null;
  error?: string;
  stdout: string;
}

/**
 * One python3 process, started before its sources are known: the interpreter starts up (which
 * can take longer than compiling) while the tree is still being parsed, and waits on stdin.
 * Sources go through stdin while stdout is read, so no pipe can stall; nothing is written to
 * disk, and no timer outlives the child.
 */
function startCompiler(executable: string, start: number): { run(input: string): Promise<Outcome>; stop(): void } {
  let stdout = "";
  let settle: (outcome: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const done = (value: { code: number | null; error?: string }) => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    settle({ ...value, stdout });
  };
  // -S: compile() needs no site packages, and importing them is most of python3's start-up.
  const child = spawn(executable, ["-I", "-S", "-c", COMPILER, String(start)], { stdio: ["pipe", "pipe", "ignore"] });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => void (stdout += chunk));
  child.stdin.on("error", () => undefined);
  child.on("error", (error: NodeJS.ErrnoException) => done({ code: null, error: error.code ?? error.message }));
  child.on("close", (code) => done({ code }));
  return {
    run(input) {
      timer = setTimeout(() => {
        child.kill("SIGKILL");
        done({ code: null, error: "timed out" });
      }, DEADLINE_MS);
      timer.unref();
      child.stdin.end(input);
      return outcome;
    },
    stop() {
      child.stdin.destroy();
      child.kill("SIGKILL");
    },
  };
}

/** One compile result: the error, or null when the source compiles. */
export type PythonVerdict = { line: number; column: number; message: string } | null;

/** Verdicts by source content (see `pythonContentKey`), kept across runs by the cache. */
export type PythonVerdicts = Map<string, PythonVerdict>;

/** What a verdict depends on: the code, and whether it is a block (blocks may be fragments). */
export function pythonContentKey(code: string, block: boolean): string {
  return createHash("sha1")
    .update(block ? "block\0" : "file\0")
    .update(code)
    .digest("base64url");
}

/** A python3 started ahead of time; `compile` hands it the sources, `cancel` ends it unused. */
export interface PythonCompiler {
  /** Compiles what `known` has no verdict for, and adds the new verdicts to it. */
  compile(files: readonly SourceFile[], known?: PythonVerdicts): Promise<PythonReport>;
  cancel(): void;
}

/**
 * Starts python3 now (or, with `early` false, once there is something it has no verdict for),
 * to compile the Python code blocks and .py files it is given later.
 * Reports why it could not (no interpreter, a crash, a time-out) instead of failing.
 */
export function startPython(env: NodeJS.ProcessEnv = process.env, options = { early: true }): PythonCompiler {
  const { executable, reason } = pythonExecutable(env);
  let first = executable && options.early ? startCompiler(executable, 0) : undefined;
  return {
    cancel: () => first?.stop(),
    async compile(files, known = new Map()) {
      const all = pythonSources(files);
      const errors: PythonReport["errors"] = new Map();
      const contentKeys = new Map(all.map(([key, code, block]) => [key, pythonContentKey(code, block)]));
      const sources = all.filter(([key]) => {
        const verdict = known.get(contentKeys.get(key)!);
        if (verdict) errors.set(key, verdict);
        return verdict === undefined;
      });
      if (sources.length === 0) {
        first?.stop();
        return { available: true, sources: all.length, errors };
      }
      if (!executable) return unavailable(reason!, all.length);
      const input = JSON.stringify(sources);
      const progress: Progress = { errors: new Map(), next: 0 };
      for (let attempt = 0; attempt <= MAX_RESTARTS && progress.next < sources.length; attempt++) {
        const compiler = first ?? startCompiler(executable, progress.next);
        first = undefined;
        const outcome = await compiler.run(input);
        if (outcome.error && progress.next === 0 && !outcome.stdout)
          return unavailable(`${executable} could not be started (${outcome.error})`, all.length);
        absorb(outcome.stdout, sources, progress);
        if (outcome.code === 0 || progress.next >= sources.length) break;
        if (outcome.error)
          return {
            ...unavailable(`${executable} did not finish (${outcome.error})`, all.length),
            errors: new Map([...errors, ...progress.errors]),
          };
        crashed(sources, progress);
      }
      // Only sources python3 got to have a verdict to keep.
      for (const [key] of sources.slice(0, progress.next)) {
        const error = progress.errors.get(key) ?? null;
        known.set(contentKeys.get(key)!, error);
        if (error) errors.set(key, error);
      }
      for (const [key, error] of progress.errors) errors.set(key, error);
      return { available: true, sources: all.length, errors };
    },
  };
}

/** Compiles every Python code block and .py file in one go (python3 started now). */
export function compilePython(
  files: readonly SourceFile[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonReport> {
  return startPython(env).compile(files);
}
