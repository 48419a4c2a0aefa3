import os from "node:os";
import { isMainThread, parentPort, workerData, type Worker } from "node:worker_threads";
import { PYTHON_LANGS, startPython, type PythonCompiler, type PythonVerdict, type PythonVerdicts } from "./python.ts";
import {
  checkScripts,
  isScriptBlock,
  ScriptChecker,
  scriptKey,
  type ScriptBlock,
  type ScriptMessage,
  type ScriptReport,
  type ScriptVerdicts,
} from "./scripts.ts";
import { FROM_SOURCE, startThread } from "./threads.ts";
import type { CodeBlock, PythonReport, SourceFile } from "./types.ts";
import { parsedYamlBlock, parseYamlBlock, type ParseIssue } from "./yaml-text.ts";

/**
 * The code-block checks in a worker thread: python3 and esbuild are driven from there, and YAML
 * blocks are parsed there, while this thread parses the tree and runs the other rules. Each check
 * gives what it gives here (they are the same functions, on the same texts); what moves is the
 * work of feeding python3 (whose pipe this thread cannot refill while it parses), esbuild's
 * rounds of retries and the YAML parser: about 0.3 s of this thread on a 91-plugin marketplace.
 * If the thread fails, each check runs here as it does without one.
 */

const ROLE = "mars-checker-worker";

/**
 * Markdown under this many characters is checked on this thread: starting the worker (it loads
 * its own copy of the code) takes longer than the checks of a few plugins.
 */
const CHECKER_THRESHOLD = 400_000;

interface CheckerData {
  role: typeof ROLE;
  env: NodeJS.ProcessEnv;
  /** Start python3 at once (no verdicts known from an earlier run). */
  early: boolean;
  /** Whether python3 is wanted at all. */
  python: boolean;
  known: { python: [string, PythonVerdict][]; scripts: [string, readonly ScriptMessage[]][] };
}

/** The part of a source file the checks read: its Python, and its Python and YAML blocks. */
interface SentFile {
  path: string;
  kind: SourceFile["kind"];
  readable: boolean;
  text: string;
  markdown?: { codeBlocks: Pick<CodeBlock, "lang" | "code" | "closed" | "offset">[] };
}

type ToWorker =
  | { type: "file"; file: SentFile; yaml: string[]; scripts: { code: string; lang: string; closed: true }[] }
  | { type: "python"; files: SentFile[] }
  | { type: "scripts"; blocks: ScriptBlock[] }
  | { type: "yaml-done" };

type FromWorker =
  | { type: "yaml"; results: [string, ParseIssue[]][] }
  | { type: "yaml-done" }
  | { type: "python"; report: PythonReport; known: [string, PythonVerdict][] }
  | {
      type: "scripts";
      verdicts: (readonly ScriptMessage[] | undefined)[];
      known: [string, readonly ScriptMessage[]][];
    };

/**
 * The YAML blocks parsed there: those code-block-syntax reads for their errors alone. An OpenAPI
 * document is parsed on this thread, where openapi-valid reads the document itself.
 */
function yamlToCheck(block: CodeBlock): boolean {
  return parsedYamlBlock(block) && !block.code.includes("openapi");
}

/** A file as the worker needs it, or undefined when it holds nothing to check. */
function sentFile(file: SourceFile): SentFile | undefined {
  const python = file.kind === "python" && file.readable;
  const blocks = (file.markdown?.codeBlocks ?? []).filter((b) => PYTHON_LANGS.has(b.lang));
  if (!python && blocks.length === 0) return undefined;
  return {
    path: file.path,
    kind: file.kind,
    readable: file.readable,
    text: python ? file.text : "",
    markdown: { codeBlocks: blocks.map(({ lang, code, closed, offset }) => ({ lang, code, closed, offset })) },
  };
}

/** The worker's side: answers this thread's requests in the order they come. */
function serve(data: CheckerData): void {
  const port = parentPort!;
  const knownPython: PythonVerdicts = new Map(data.known.python);
  const knownScripts: ScriptVerdicts = new Map(data.known.scripts);
  const scripts = new ScriptChecker(knownScripts, data.env);
  let python: PythonCompiler | undefined;
  if (data.python) python = startPython(data.env, { early: data.early, known: knownPython });
  const post = (message: FromWorker) => port.postMessage(message);
  port.on("message", (message: ToWorker) => {
    if (message.type === "file") {
      python?.offer(message.file as unknown as SourceFile);
      scripts.offer(message.scripts);
      if (message.yaml.length > 0)
        post({ type: "yaml", results: message.yaml.map((code) => [code, parseYamlBlock(code).errors]) });
    } else if (message.type === "yaml-done") post({ type: "yaml-done" });
    else if (message.type === "python") {
      python ??= startPython(data.env, { early: false, known: knownPython });
      void python
        .compile(message.files as unknown as SourceFile[], knownPython)
        .then((report) => post({ type: "python", report, known: [...knownPython] }));
    } else {
      const blocks = message.blocks;
      void scripts.check(blocks).then((report) =>
        post({
          type: "scripts",
          verdicts: blocks.map((b) => report.problems(b.code, b.lang)),
          known: [...knownScripts],
        }),
      );
    }
  });
}

if (!isMainThread && (workerData as Partial<CheckerData> | null)?.role === ROLE) serve(workerData as CheckerData);

/** What a run asks of the checks: the same as it would ask of python3 and esbuild directly. */
export interface CheckerOptions {
  env: NodeJS.ProcessEnv;
  /** Whether python3 and esbuild are wanted (an enabled rule reads their verdicts). */
  python: boolean;
  scripts: boolean;
  known?: { python: PythonVerdicts; scripts: ScriptVerdicts };
}

/** True when a run over this much Markdown should check its code blocks in a worker thread. */
export function checkerWanted(markdownChars: number, requested?: boolean): boolean {
  if (requested !== undefined) return requested;
  return !FROM_SOURCE && markdownChars >= CHECKER_THRESHOLD && os.availableParallelism() >= 2;
}

/** This thread's side: hands the worker the tree's code as it is parsed and gets the verdicts. */
export class CheckerThread {
  readonly #worker: Worker;
  readonly #yaml = new Map<string, ParseIssue[]>();
  readonly #waiting = new Map<FromWorker["type"], (message: FromWorker) => void>();
  /** True once the worker has stopped answering (it failed or exited). */
  #failed = false;
  /** True once the run no longer needs the worker. */
  #closed = false;
  #fellBack = false;
  readonly #onFailure: (() => void)[] = [];

  private constructor(
    worker: Worker,
    private readonly options: CheckerOptions,
  ) {
    this.#worker = worker;
    worker.on("message", (message: FromWorker) => {
      if (message.type === "yaml") for (const [code, errors] of message.results) this.#yaml.set(code, errors);
      else this.#waiting.get(message.type)?.(message);
    });
    const fail = () => {
      if (this.#failed || this.#closed) return;
      this.#failed = true;
      for (const then of this.#onFailure) then();
    };
    worker.on("error", fail);
    worker.on("exit", fail);
  }

  /** Starts the worker (`spawn` stands in for starting a thread in tests); undefined when it cannot start. */
  static start(options: CheckerOptions, spawn: typeof startThread = startThread): CheckerThread | undefined {
    const data: CheckerData = {
      role: ROLE,
      env: { ...options.env },
      early: options.known === undefined,
      python: options.python,
      known: { python: [...(options.known?.python ?? [])], scripts: [...(options.known?.scripts ?? [])] },
    };
    try {
      return new CheckerThread(spawn(data), options);
    } catch {
      return undefined;
    }
  }

  #send(message: ToWorker): void {
    if (!this.#failed) this.#worker.postMessage(message);
  }

  /** Hands over a parsed file's Python (for python3) and YAML blocks (parsed there). */
  offer(file: SourceFile): void {
    const python = this.options.python ? sentFile(file) : undefined;
    const blocks = file.markdown?.codeBlocks ?? [];
    const yaml = blocks.filter(yamlToCheck).map((block) => block.code);
    const scripts = (this.options.scripts ? blocks.filter(isScriptBlock) : []).map(({ code, lang }) => ({
      code,
      lang,
      closed: true as const,
    }));
    if (python || yaml.length > 0 || scripts.length > 0)
      this.#send({
        type: "file",
        file: python ?? { path: file.path, kind: file.kind, readable: false, text: "" },
        yaml,
        scripts,
      });
  }

  /** The answer of type `type`, or `fallback()` run here if the worker stops first. */
  #ask<T>(type: FromWorker["type"], request: ToWorker, read: (message: FromWorker) => T, fallback: () => Promise<T>) {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      this.#waiting.set(type, (message) => {
        done = true;
        resolve(read(message));
      });
      const here = () => {
        this.#fellBack = true;
        fallback().then(resolve, reject);
      };
      this.#onFailure.push(() => {
        if (!done) here();
      });
      if (this.#failed) here();
      else this.#send(request);
    });
  }

  /** python3's verdicts on every Python source of the tree (see `PythonCompiler.compile`). */
  python(files: readonly SourceFile[]): Promise<PythonReport> {
    const known = this.options.known?.python;
    const sent = files.map(sentFile).filter((file): file is SentFile => file !== undefined);
    return this.#ask(
      "python",
      { type: "python", files: sent },
      (message) => {
        const answer = message as Extract<FromWorker, { type: "python" }>;
        if (known) for (const [key, verdict] of answer.known) known.set(key, verdict);
        return answer.report;
      },
      () => startPython(this.options.env, { early: false, ...(known ? { known } : {}) }).compile(files, known),
    );
  }

  /** esbuild's verdicts on the tree's script blocks (see `checkScripts`). */
  scripts(blocks: ScriptBlock[]): Promise<ScriptReport> {
    const known = this.options.known?.scripts;
    return this.#ask(
      "scripts",
      { type: "scripts", blocks },
      (message) => {
        const answer = message as Extract<FromWorker, { type: "scripts" }>;
        if (known) for (const [key, verdict] of answer.known) known.set(key, verdict);
        const verdicts = new Map<string, readonly ScriptMessage[]>();
        blocks.forEach((block, index) => {
          const verdict = answer.verdicts[index];
          if (verdict) verdicts.set(scriptKey(block.code, block.lang), verdict);
        });
        return { problems: (code: string, lang: string) => verdicts.get(scriptKey(code, lang)) };
      },
      () => checkScripts(blocks, known, this.options.env),
    );
  }

  /** The errors of the YAML blocks handed over, by code; blocks missing from it are parsed when read. */
  yaml(): Promise<ReadonlyMap<string, ParseIssue[]>> {
    return this.#ask(
      "yaml-done",
      { type: "yaml-done" },
      () => this.#yaml,
      () => Promise.resolve(this.#yaml),
    );
  }

  /** True when a check ran on this thread because the worker had stopped answering. */
  get fellBack(): boolean {
    return this.#fellBack;
  }

  close(): void {
    this.#closed = true;
    void this.#worker.terminate();
  }
}
