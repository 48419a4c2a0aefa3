import { isMainThread, workerData, type MessagePort } from "node:worker_threads";
import { tokenizeBody, type MarkdownBody } from "./markdown-body.ts";

/**
 * The worker side of markdown-workers.ts: it tokenizes Markdown bodies from the end of the
 * list, claiming each file first, and sends each body back. It imports only the tokenizer, so
 * a bundle of this module alone starts quickly in a thread.
 */

export const WORKER_KEY = "marsMarkdownBodies";
export const FREE = 0;
export const LOADER = 1;
export const WORKER = 2;

export interface WorkerJob {
  texts: string[];
  offsets: number[];
  /** Who has each file: FREE, LOADER or WORKER. */
  claims: Int32Array;
  /** [0] counts bodies sent, so the loader can sleep until the next one. */
  sent: Int32Array;
  port: MessagePort;
}

export interface WorkerReply {
  index: number;
  body: MarkdownBody | undefined;
}

function serve(job: WorkerJob): void {
  for (let index = job.texts.length - 1; index >= 0; index--) {
    if (Atomics.compareExchange(job.claims, index, FREE, WORKER) !== FREE) continue;
    let body: MarkdownBody | undefined;
    try {
      body = tokenizeBody(job.texts[index]!, job.offsets[index]!);
    } catch {
      // The loader tokenizes it again and reports the failure the usual way.
      body = undefined;
    }
    job.port.postMessage({ index, body } satisfies WorkerReply);
    Atomics.add(job.sent, 0, 1);
    Atomics.notify(job.sent, 0);
  }
  job.port.close();
}

// In a worker thread started for it, this module serves. A bundle that holds a command as well
// runs that command only on the main thread (see scripts/validate.ts).
const job = isMainThread ? undefined : (workerData as Record<string, WorkerJob | undefined> | null)?.[WORKER_KEY];
if (job) serve(job);
