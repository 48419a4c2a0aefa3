import fs from "node:fs";
import os from "node:os";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { tokenizeBody, type MarkdownBody } from "./markdown-body.ts";
import { FREE, LOADER, WORKER_KEY, type WorkerJob, type WorkerReply } from "./markdown-worker.ts";
import { markdownBodyOffset, type BodyTokenizer } from "./markdown.ts";

/**
 * Markdown bodies tokenized on a second core. The loader parses files one by one in its own
 * order, synchronously; a worker thread takes the files from the other end of the list. Each
 * file is claimed once, by whichever side reaches it first (a shared array), so no file is
 * tokenized twice and a slow or busy worker only means the loader tokenizes more itself. The
 * worker sends back the tokenized body (code blocks, links, headings, anchors), far smaller than
 * markdown-it's tokens; the frontmatter is parsed by the loader, which needs its YAML document.
 */

/** Below this much Markdown, starting a thread costs more than it saves. */
const MIN_CHARS = 1024 * 1024;
/** How long the loader waits for a file the worker has claimed before tokenizing it itself. */
const MAX_WAIT_MS = 5000;

export interface MarkdownWorkers {
  tokenizer(path: string): BodyTokenizer | undefined;
  stop(): void;
}

/**
 * The module the thread runs: the worker's own small bundle when the source checkout built one
 * beside this bundle (scripts/bin/bundle.js), else this bundle itself, which holds the worker too.
 */
function workerModule(): URL {
  const own = new URL(import.meta.url);
  const small = new URL(own.href.replace(/\.mjs$/, ".markdown-worker.mjs"));
  return fs.existsSync(small) ? small : own;
}

/**
 * A worker tokenizing the given files (by path) from the end of the list while the loader
 * works from the start; `tokenizer(path)` gives the loader a tokenizer that takes the worker's
 * result when the worker has that file. Undefined when a worker would not pay: too little
 * Markdown, one core, or no bundled module a thread can load (the TypeScript sources in tests).
 */
export function startMarkdownWorkers(files: readonly { path: string; text: string }[]): MarkdownWorkers | undefined {
  let chars = 0;
  for (const file of files) chars += file.text.length;
  if (chars < MIN_CHARS || os.availableParallelism() < 2 || !import.meta.url.endsWith(".mjs")) return undefined;
  const texts = files.map((f) => f.text);
  const offsets = texts.map(markdownBodyOffset);
  const indexByPath = new Map(files.map((f, index) => [f.path, index]));
  const claims = new Int32Array(new SharedArrayBuffer(4 * files.length));
  const sent = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const job: WorkerJob = { texts, offsets, claims, sent, port: port2 };
  let worker: Worker;
  try {
    worker = new Worker(workerModule(), { workerData: { [WORKER_KEY]: job }, transferList: [port2] });
  } catch {
    return undefined;
  }
  // A failed worker leaves its claimed files to the loader (after the wait) and the run goes on.
  worker.on("error", () => undefined);
  worker.unref();
  const received = new Map<number, MarkdownBody | undefined>();
  const drain = (): boolean => {
    let any = false;
    for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1)) {
      const reply = message.message as WorkerReply;
      received.set(reply.index, reply.body);
      any = true;
    }
    return any;
  };
  const fromWorker = (index: number): MarkdownBody | undefined => {
    const deadline = Date.now() + MAX_WAIT_MS;
    while (!received.has(index)) {
      const seen = Atomics.load(sent, 0);
      if (drain()) continue;
      if (Date.now() > deadline) return undefined;
      Atomics.wait(sent, 0, seen, 50);
    }
    const body = received.get(index);
    received.delete(index);
    return body;
  };
  return {
    tokenizer(path) {
      const index = indexByPath.get(path);
      if (index === undefined) return undefined;
      return (text, bodyOffset) => {
        if (Atomics.compareExchange(claims, index, FREE, LOADER) === FREE) return tokenizeBody(text, bodyOffset);
        const body = text === texts[index] && bodyOffset === offsets[index] ? fromWorker(index) : undefined;
        return body ?? tokenizeBody(text, bodyOffset);
      };
    },
    stop() {
      // Whatever the worker has not claimed yet is claimed here, so it stops at the next file.
      for (let index = 0; index < claims.length; index++) Atomics.compareExchange(claims, index, FREE, LOADER);
      port1.close();
      void worker.terminate();
    },
  };
}
