import os from "node:os";
import type { Worker } from "node:worker_threads";
import { isMainThread, MessageChannel, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { tokenizeBody, type MarkdownBody } from "./markdown-body.ts";
import { markdownBodyOffset } from "./markdown.ts";
import { FROM_SOURCE, startThread } from "./threads.ts";

/**
 * Markdown bodies tokenized on other threads while this one reads frontmatter, JSON and YAML.
 * The build hands over the Markdown files it is about to parse, in the order it will parse them;
 * the workers take them from the end and this thread from the front, each claiming a file in
 * shared memory before tokenizing it, so no file is tokenized twice and the two meet near the
 * middle. Tokenizing is pure: a body from a worker is the body this thread would have made, and
 * a file whose worker result is missing (not claimed yet, still in progress, or failed) is simply
 * tokenized here. Workers are started as threads.ts describes.
 */

const WORKER_ROLE = "mars-markdown-worker";
const FREE = 0;
const TAKEN_BY_WORKER = 1;
const TAKEN_HERE = 2;

interface WorkerData {
  role: typeof WORKER_ROLE;
  port: MessagePort;
}

/**
 * The files of one build: their texts as UTF-8 in shared memory (file `i` from `ends[i - 1]`, or
 * 0, to `ends[i]`), one claim per file, and a count of results posted. Shared bytes cost a copy
 * where cloning the strings cost several times that on this thread.
 */
interface Batch {
  id: number;
  bytes: SharedArrayBuffer;
  ends: number[];
  claims: Int32Array<SharedArrayBuffer>;
  posted: Int32Array<SharedArrayBuffer>;
}

/** A worker's answer for one file: the offset its body starts at, and the body unless tokenizing threw. */
interface Done {
  batch: number;
  job: number;
  offset: number;
  body?: MarkdownBody;
}

/** True in a thread started by `MarkdownPool`, where the module only serves tokenizing requests. */
function isMarkdownWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerData> | null)?.role === WORKER_ROLE;
}

function serve(port: MessagePort): void {
  port.on("message", (batch: Batch) => {
    const { ends, claims, posted } = batch;
    const bytes = Buffer.from(batch.bytes);
    for (let job = ends.length - 1; job >= 0; job--) {
      if (Atomics.compareExchange(claims, job, FREE, TAKEN_BY_WORKER) !== FREE) continue;
      const text = bytes.toString("utf8", job === 0 ? 0 : ends[job - 1], ends[job]);
      const offset = markdownBodyOffset(text);
      const done: Done = { batch: batch.id, job, offset };
      try {
        done.body = tokenizeBody(text, offset);
      } catch {
        // The asking thread tokenizes it again and meets the same error, reported as it always is.
      }
      port.postMessage(done);
      Atomics.add(posted, 0, 1);
      Atomics.notify(posted, 0);
    }
  });
}

if (isMarkdownWorker()) serve((workerData as WorkerData).port);

/** Most worker threads one run starts: past a few, handing texts over costs more than tokenizing them. */
const MAX_THREADS = 3;

/**
 * Markdown under this many characters is tokenized here: starting a thread and handing texts
 * and bodies across costs about as much as tokenizing this much.
 */
export const WORKER_THRESHOLD = 1_000_000;

/**
 * Cores a run keeps for the work it does besides this thread's: V8's optimizing compiler and
 * garbage collector run on threads of their own, and python3 and esbuild check code blocks in
 * processes of their own. On two cores that work kept the second core about two-thirds busy (a
 * 91-plugin marketplace), and a worker only competed with it: the main thread gained less than
 * handing texts over cost. So a worker starts only when a core is left after these.
 */
const CORES_KEPT = 2;

/**
 * How many worker threads a build of this much Markdown should use: none without a spare core,
 * for a little Markdown, or when running from the TypeScript sources (a worker would need its own
 * TypeScript loader, which costs more than it saves); `requested` overrides the choice.
 */
export function markdownThreads(markdownChars: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  if (FROM_SOURCE || markdownChars < WORKER_THRESHOLD) return 0;
  return Math.min(MAX_THREADS, Math.max(0, os.availableParallelism() - CORES_KEPT));
}

function wellFormed(text: string): boolean {
  return (text as { isWellFormed?: () => boolean }).isWellFormed?.() ?? false;
}

/** Where a file's body stands: its index among the planned files. */
interface Planned {
  job: number;
  text: string;
}

export class MarkdownPool {
  readonly #ports: MessagePort[] = [];
  readonly #workers: Worker[] = [];
  readonly #planned = new Map<string, Planned>();
  readonly #results = new Map<number, Done>();
  #batch = 0;
  #claims = new Int32Array(new SharedArrayBuffer(0));
  #posted = new Int32Array(new SharedArrayBuffer(4));
  #live = 0;

  private constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      let worker: Worker;
      try {
        const data: WorkerData = { role: WORKER_ROLE, port: port2 };
        worker = startThread(data, [port2]);
      } catch {
        port1.close();
        break;
      }
      // A worker that fails to start or dies claims nothing more; this thread does its share.
      worker.on("error", () => undefined);
      worker.unref();
      this.#workers.push(worker);
      this.#ports.push(port1);
      this.#live++;
    }
  }

  /** Starts `threads` workers (they load while the tree is read); undefined when none could start. */
  static start(threads: number): MarkdownPool | undefined {
    if (threads <= 0) return undefined;
    const pool = new MarkdownPool(threads);
    return pool.#live > 0 ? pool : undefined;
  }

  /**
   * Hands the workers the Markdown files a build will parse, in the order it will parse them,
   * in place of those of an earlier build; returns how many it handed over.
   */
  plan(files: readonly { path: string; text: string }[]): number {
    this.#planned.clear();
    this.#results.clear();
    this.#batch++;
    // UTF-8 gives back the same text for any string without a lone surrogate half, which is
    // every text decoded from a file; anything else stays here.
    const sent = files.filter((file) => wellFormed(file.text));
    if (sent.length === 0) return 0;
    let size = 0;
    for (const file of sent) size += Buffer.byteLength(file.text);
    const bytes = new SharedArrayBuffer(size);
    const view = Buffer.from(bytes);
    const ends: number[] = [];
    let at = 0;
    sent.forEach((file, job) => {
      at += view.write(file.text, at);
      ends.push(at);
      this.#planned.set(file.path, { job, text: file.text });
    });
    this.#claims = new Int32Array(new SharedArrayBuffer(4 * sent.length));
    this.#posted = new Int32Array(new SharedArrayBuffer(4));
    const batch: Batch = { id: this.#batch, bytes, ends, claims: this.#claims, posted: this.#posted };
    for (const port of this.#ports) port.postMessage(batch);
    return sent.length;
  }

  /** How many files of the current plan the workers have tokenized so far. */
  get tokenized(): number {
    return Atomics.load(this.#posted, 0);
  }

  /**
   * The body a worker tokenized for this file's text from `offset`, or undefined when this thread
   * is to tokenize it (it claims the file first, so no worker starts on it afterwards).
   */
  take(path: string, text: string, offset: number): MarkdownBody | undefined {
    const planned = this.#planned.get(path);
    if (!planned || planned.text !== text) return undefined;
    const job = planned.job;
    if (Atomics.compareExchange(this.#claims, job, FREE, TAKEN_HERE) !== TAKEN_BY_WORKER) return undefined;
    const done = this.#await(job, text.length);
    return done?.offset === offset ? done.body : undefined;
  }

  /** A worker's result for a file it claimed; a short wait for one in progress, then none. */
  #await(job: number, chars: number): Done | undefined {
    // About the time a worker takes for this many characters, so waiting never costs more than
    // tokenizing the file here would.
    const patience = 2 + chars / 10_000;
    const until = performance.now() + patience;
    for (;;) {
      const seen = Atomics.load(this.#posted, 0);
      this.#receive();
      const done = this.#results.get(job);
      if (done) {
        this.#results.delete(job);
        return done;
      }
      const left = until - performance.now();
      if (left <= 0 || Atomics.wait(this.#posted, 0, seen, left) === "timed-out") return undefined;
    }
  }

  #receive(): void {
    for (const port of this.#ports)
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const done = message.message as Done;
        if (done.batch === this.#batch) this.#results.set(done.job, done);
      }
  }

  /** Stops the workers; what they did not hand over is dropped. */
  close(): void {
    for (const port of this.#ports) port.close();
    for (const worker of this.#workers) void worker.terminate();
    this.#results.clear();
    this.#planned.clear();
  }
}
