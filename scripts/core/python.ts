import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import type { PythonReport, SourceFile } from "./types.ts";

export const PYTHON_LANGS = new Set(["python", "py", "python3"]);

/** Longest a python3 run may take before the sources it has not reached are reported as not run. */
const DEADLINE_MS = 60_000;
/** How many times a compiler that dies (a crash on one source) is restarted after that source. */
const MAX_RESTARTS = 3;

// One interpreter, one JSON line per source on stdin ([index, key, code, is a block]) and one
// per source on stdout: compile() checks syntax without executing anything. Sources are
// compiled as they arrive, so they can be sent while the tree is still being parsed. A source
// that breaks the compiler itself is reported as such.
// A code block (not a .py file) may be a fragment: it passes when it compiles dedented, inside
// an async function (top-level await, return) or inside a class (methods).
const COMPILER = `
import json, re, sys, textwrap, warnings
warnings.simplefilter("ignore")
# Before 3.12 (PEP 701) an f-string could not hold a backslash, a comment or its own quote in a
# replacement field; code written for 3.12+ does, so an older compiler's f-string verdict is no evidence.
OLD_FSTRINGS = sys.version_info < (3, 12)
# A notebook's magics and shell escapes (%timeit, !pip install) are IPython, not Python.
MAGIC = re.compile(r"^([ \\t]*)[%!](?!=)")
# [tool_name], [Generated script]: a slot the reader fills in, where code would stand.
SLOT_LINE = re.compile(r"^([ \\t]*)\\[[A-Za-z][\\w .-]{0,60}\\][ \\t]*$")
SLOT = re.compile(r"\\[([A-Za-z_][A-Za-z0-9]*_[\\w]{0,40})\\]")
HEADER = re.compile(r"^[ \\t]*(?:async[ \\t]+def|def|class)[ \\t]")
# An API reference lists a method as a call with its parameters' types and its return type
# ("api.get_task(task_id: str) -> Task"): a signature, which reads as Python once it is a def.
CALL_LINE = re.compile(r"^([ \\t]*)[A-Za-z_][\\w.]*\\(", re.M)
def filled(code):
    lines = []
    for line in code.split("\\n"):
        slot = SLOT_LINE.match(line) or MAGIC.match(line)
        lines.append(slot.group(1) + "pass" if slot else SLOT.sub(lambda m: m.group(1), line))
    return "\\n".join(lines)
def stubbed(code):
    # A signature listing shows headers without their bodies: each gets ": ..." where its colon goes.
    lines, depth, header = code.split("\\n"), 0, False
    for index, line in enumerate(lines):
        if not header and HEADER.match(line):
            header, depth = True, 0
        if header:
            depth += line.count("(") + line.count("[") - line.count(")") - line.count("]")
            if depth <= 0:
                header = False
                code_part, comment = split_comment(line)
                if not code_part.rstrip().endswith(":"):
                    lines[index] = code_part.rstrip() + ": ..." + comment
    return "\\n".join(lines)
def split_comment(line):
    # "load_env(path) -> dict  # Load a file": the stub's colon goes before the comment.
    if "#" not in line:
        return line, ""
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char == '"' or char == "'":
            quote = char
        elif char == "#":
            return line[:index], line[index:]
    return line, ""
# A failing compile costs about half a millisecond (the parser's second pass for its message), so
# the fragment readings of one file's blocks get a budget, as script blocks do; past it, a block
# is judged as written.
FILE_BUDGET = 1000
spent = {}
def fragment_compiles(key, code):
    file = key.split("#", 1)[0]
    if spent.get(file, 0) >= FILE_BUDGET:
        return False
    # The block as given already failed: a candidate equal to it, or to another, is not compiled again.
    tried = {code}
    code = filled(code)
    dedented = textwrap.dedent(code)
    body = textwrap.indent(dedented, "    ")
    # A caption comment at column 0 above indented lines keeps dedent from working; drop it.
    uncaptioned = textwrap.dedent("\\n".join(line for line in code.split("\\n") if not line.startswith("#")))
    # A decorator shown on its own decorates whatever the reader writes next.
    decorated = dedented + "\\ndef __example__(): pass"
    signatures = stubbed(CALL_LINE.sub(lambda m: m.group(1) + "def __signature__(", dedented))
    for candidate in (dedented, stubbed(dedented), signatures, uncaptioned, decorated, "async def __example__():\\n" + body, "class __Example__:\\n" + body):
        if candidate in tried:
            continue
        tried.add(candidate)
        spent[file] = spent.get(file, 0) + 1
        try:
            compile(candidate, key, "exec", dont_inherit=True)
            return True
        except Exception:
            pass
    return False
for line in sys.stdin:
    if not line.strip():
        continue
    index, key, code, block = json.loads(line)
    try:
        compile(code, key, "exec", dont_inherit=True)
        out = [index]
    except SyntaxError as e:
        if OLD_FSTRINGS and (e.msg or "").startswith("f-string"):
            out = [index]
        elif block and (e.msg or "").startswith("from __future__ imports must occur"):
            # A block that shows two files ("before", then "after" with its own __future__ import).
            out = [index]
        else:
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
function pythonSources(files: readonly SourceFile[]): [string, string, boolean][] {
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
function pythonExecutable(env: NodeJS.ProcessEnv = process.env): { executable?: string; reason?: string } {
  const configured = env.MARS_PYTHON;
  if (configured === undefined) return { executable: "python3" };
  if (configured.trim() === "") return { reason: "MARS_PYTHON is set to an empty value" };
  return { executable: configured };
}

/** A source as sent to python3: its index in the order sent is its id in the results. */
interface Sent {
  key: string;
  code: string;
  block: boolean;
  /** Its content key (see `pythonContentKey`). */
  content: string;
}

/** Reads the result lines: the verdict of each source python3 reached, by index. */
function absorb(stdout: string, results: Map<number, PythonVerdict>): void {
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
    results.set(index, lineNo === undefined ? null : { line: lineNo, column: column ?? 1, message: String(message) });
  }
}

function unavailable(reason: string, count: number): PythonReport {
  return { available: false, reason, sources: count, errors: new Map() };
}

interface Outcome {
  code: number | null;
  error?: string;
  stdout: string;
}

/** One python3 process: sources are sent as they are known, and `finish` closes its input. */
interface Compiler {
  /** Indexes of the sources sent to this process, in order. */
  readonly order: number[];
  send(index: number, source: Sent): void;
  finish(): Promise<Outcome>;
  stop(): void;
}

/**
 * One python3 process, started before its sources are known: the interpreter starts up (which
 * can take longer than compiling) while the tree is still being parsed, and compiles each source
 * as it arrives. Sources go through stdin while stdout is read, so no pipe can stall; nothing
 * is written to disk, and no timer outlives the child.
 */
function startCompiler(executable: string): Compiler {
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
  const child = spawn(executable, ["-I", "-S", "-c", COMPILER], { stdio: ["pipe", "pipe", "ignore"] });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => void (stdout += chunk));
  child.stdin.on("error", () => undefined);
  child.on("error", (error: NodeJS.ErrnoException) => done({ code: null, error: error.code ?? error.message }));
  child.on("close", (code) => done({ code }));
  const order: number[] = [];
  return {
    order,
    send(index, source) {
      order.push(index);
      if (!settled) child.stdin.write(`${JSON.stringify([index, source.key, source.code, source.block])}\n`);
    },
    finish() {
      timer = setTimeout(() => {
        child.kill("SIGKILL");
        done({ code: null, error: "timed out" });
      }, DEADLINE_MS);
      timer.unref();
      child.stdin.end();
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
function pythonContentKey(code: string, block: boolean): string {
  return createHash("sha1")
    .update(block ? "block\0" : "file\0")
    .update(code)
    .digest("base64url");
}

/** A python3 started ahead of time; `offer` hands it sources early, `compile` the rest, `cancel` ends it unused. */
export interface PythonCompiler {
  /**
   * Sends a parsed file's Python sources ahead of `compile`, so python3 works while the rest of
   * the tree is parsed. Only a speed-up: `compile` decides which sources count.
   */
  offer(file: SourceFile): void;
  /** Compiles what `known` has no verdict for, and adds the new verdicts to it. */
  compile(files: readonly SourceFile[], known?: PythonVerdicts): Promise<PythonReport>;
  cancel(): void;
}

/**
 * Starts python3 now (or, with `early` false, once it is offered something `known` has no
 * verdict for), to compile the Python code blocks and .py files it is given later.
 * Reports why it could not (no interpreter, a crash, a time-out) instead of failing.
 */
export function startPython(
  env: NodeJS.ProcessEnv = process.env,
  options: { early: boolean; known?: PythonVerdicts } = { early: true },
): PythonCompiler {
  const { executable, reason } = pythonExecutable(env);
  let first = executable && options.early ? startCompiler(executable) : undefined;
  /** Every source sent to python3, in order (its index is its id). */
  const sent: Sent[] = [];
  /** Where each source was sent, by key and content. */
  const sentAt = new Map<string, number>();
  const sendTo = (compiler: Compiler, source: Sent) => {
    const index = sent.push(source) - 1;
    sentAt.set(`${source.content}\0${source.key}`, index);
    compiler.send(index, source);
  };
  let offering = executable !== undefined;
  return {
    cancel: () => first?.stop(),
    offer(file) {
      if (!offering) return;
      for (const [key, code, block] of pythonSources([file])) {
        const content = pythonContentKey(code, block);
        if (options.known?.has(content) || sentAt.has(`${content}\0${key}`)) continue;
        first ??= startCompiler(executable!);
        sendTo(first, { key, code, block, content });
      }
    },
    async compile(files, known = new Map()) {
      offering = false;
      const all = pythonSources(files);
      const errors: PythonReport["errors"] = new Map();
      const wanted: Sent[] = [];
      for (const [key, code, block] of all) {
        const content = pythonContentKey(code, block);
        const verdict = known.get(content);
        if (verdict) errors.set(key, verdict);
        if (verdict === undefined) wanted.push({ key, code, block, content });
      }
      if (wanted.length === 0) {
        first?.stop();
        return { available: true, sources: all.length, errors };
      }
      if (!executable) return unavailable(reason!, all.length);
      // The sources offered already are in python3's hands; the others follow them.
      const indexOf = new Map<Sent, number>();
      for (const source of wanted) {
        let index = sentAt.get(`${source.content}\0${source.key}`);
        if (index === undefined) {
          first ??= startCompiler(executable);
          sendTo(first, source);
          index = sent.length - 1;
        }
        indexOf.set(source, index);
      }
      const wantedIndexes = new Set(indexOf.values());
      const results = new Map<number, PythonVerdict>();
      const report = (): PythonReport["errors"] => {
        const found = new Map(errors);
        for (const source of wanted) {
          const verdict = results.get(indexOf.get(source)!);
          if (verdict) found.set(source.key, verdict);
        }
        return found;
      };
      let compiler = first!;
      first = undefined;
      for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
        const outcome = await compiler.finish();
        if (outcome.error && results.size === 0 && !outcome.stdout)
          return unavailable(`${executable} could not be started (${outcome.error})`, all.length);
        absorb(outcome.stdout, results);
        const pending = compiler.order.filter((index) => !results.has(index) && wantedIndexes.has(index));
        if (outcome.code === 0 || pending.length === 0) break;
        if (outcome.error)
          return { ...unavailable(`${executable} did not finish (${outcome.error})`, all.length), errors: report() };
        // The source being compiled when the interpreter died is the one that killed it.
        const killer = compiler.order.find((index) => !results.has(index))!;
        results.set(killer, { line: 1, column: 1, message: "it crashes Python's compiler" });
        const rest = pending.filter((index) => index !== killer);
        if (rest.length === 0 || attempt === MAX_RESTARTS) break;
        compiler = startCompiler(executable);
        for (const index of rest) compiler.send(index, sent[index]!);
      }
      // Only sources python3 got to have a verdict to keep.
      for (const source of wanted) {
        const index = indexOf.get(source)!;
        if (results.has(index)) known.set(source.content, results.get(index)!);
      }
      return { available: true, sources: all.length, errors: report() };
    },
  };
}
