import { spawn, spawnSync } from "node:child_process";
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

/** Compiles every Python code block and .py file; reports why it could not instead of failing. */
export function compilePython(files: readonly SourceFile[], env: NodeJS.ProcessEnv = process.env): PythonReport {
  const sources = pythonSources(files);
  if (sources.length === 0) return { available: true, sources: 0, errors: new Map() };
  const { executable, reason } = pythonExecutable(env);
  if (!executable) return unavailable(reason!, sources.length);
  const input = JSON.stringify(sources);
  const progress: Progress = { errors: new Map(), next: 0 };
  for (let attempt = 0; attempt <= MAX_RESTARTS && progress.next < sources.length; attempt++) {
    const result = spawnSync(executable, ["-I", "-c", COMPILER, String(progress.next)], {
      input,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: DEADLINE_MS,
    });
    if (result.error && progress.next === 0 && !result.stdout)
      return unavailable(
        `${executable} could not be started (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`,
        sources.length,
      );
    absorb(result.stdout ?? "", sources, progress);
    if (result.status === 0 || progress.next >= sources.length) break;
    if (result.error)
      return {
        ...unavailable(
          `${executable} did not finish (${(result.error as NodeJS.ErrnoException).code})`,
          sources.length,
        ),
        errors: progress.errors,
      };
    crashed(sources, progress);
  }
  return { available: true, sources: sources.length, errors: progress.errors };
}

/**
 * The same without blocking: python3 compiles on the other core while the rules that do not
 * need it run. Sources go through stdin while stdout is read, so no pipe can stall; nothing is
 * written to disk, and no timer outlives the child.
 */
export async function compilePythonAsync(
  files: readonly SourceFile[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonReport> {
  const sources = pythonSources(files);
  if (sources.length === 0) return { available: true, sources: 0, errors: new Map() };
  const { executable, reason } = pythonExecutable(env);
  if (!executable) return unavailable(reason!, sources.length);
  const input = JSON.stringify(sources);
  const progress: Progress = { errors: new Map(), next: 0 };
  for (let attempt = 0; attempt <= MAX_RESTARTS && progress.next < sources.length; attempt++) {
    const outcome = await new Promise<{ code: number | null; error?: string; stdout: string }>((resolve) => {
      let stdout = "";
      let settled = false;
      const done = (value: { code: number | null; error?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...value, stdout });
      };
      const child = spawn(executable, ["-I", "-c", COMPILER, String(progress.next)], {
        stdio: ["pipe", "pipe", "ignore"],
      });
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        done({ code: null, error: "timed out" });
      }, DEADLINE_MS);
      timer.unref();
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => void (stdout += chunk));
      child.stdin.on("error", () => undefined);
      child.on("error", (error: NodeJS.ErrnoException) => done({ code: null, error: error.code ?? error.message }));
      child.on("close", (code) => done({ code }));
      child.stdin.end(input);
    });
    if (outcome.error && progress.next === 0 && !outcome.stdout)
      return unavailable(`${executable} could not be started (${outcome.error})`, sources.length);
    absorb(outcome.stdout, sources, progress);
    if (outcome.code === 0 || progress.next >= sources.length) break;
    if (outcome.error)
      return {
        ...unavailable(`${executable} did not finish (${outcome.error})`, sources.length),
        errors: progress.errors,
      };
    crashed(sources, progress);
  }
  return { available: true, sources: sources.length, errors: progress.errors };
}
