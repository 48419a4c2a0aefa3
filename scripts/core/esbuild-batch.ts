import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as Esbuild from "esbuild";
import type { Loader, Message } from "esbuild";

/** One text for esbuild to parse, with the loader that reads it. */
export type ParseRequest = readonly [text: string, loader: Loader];

/** esbuild's syntax errors for each request, in order ([] when it parses). */
export type ParseMany = (requests: readonly ParseRequest[]) => Promise<Message[][]>;

const SHARED_MEMORY = "/dev/shm";
const TMPFS_MAGIC = 0x01021994;
/** The texts of one round take a few megabytes at most; a tmpfs with less room than this is not used. */
const ROOM_NEEDED = 256 * 2 ** 20;

let sharedMemory: boolean | undefined;

/** True when /dev/shm is a tmpfs with room that this process may write to. */
function hasSharedMemory(): boolean {
  if (sharedMemory === undefined)
    try {
      const stats = fs.statfsSync(SHARED_MEMORY);
      fs.accessSync(SHARED_MEMORY, fs.constants.W_OK);
      sharedMemory = stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= ROOM_NEEDED;
    } catch {
      // No /dev/shm (macOS, Windows), or no access to it.
      sharedMemory = false;
    }
  return sharedMemory;
}

/**
 * Where the texts are written: TMPDIR when it is set; else the RAM-backed /dev/shm when it is a
 * tmpfs with room (a thousand small files cost about 10 ms there and 40 to 130 ms on a
 * journaled disk); else the system's temporary folder.
 */
function scratchRoot(env: NodeJS.ProcessEnv): string {
  if (env.TMPDIR) return env.TMPDIR;
  return hasSharedMemory() ? SHARED_MEMORY : os.tmpdir();
}

/**
 * Parses many texts in one esbuild build instead of one `transform` call each. Each call costs
 * this thread about 0.15 ms of option checking, packet encoding and error formatting, and a
 * marketplace asks for over a thousand (wshobson/agents: 1,351 for 523 blocks); one build of the
 * same texts written as files costs a fifth of that, and esbuild parses them on all cores. The
 * build neither bundles nor writes: each file is parsed and printed as `transform` would, so its
 * errors are the ones `transform` reports. When the files cannot be written, or the build fails
 * in a way that is not a list of errors, each text goes through `transform` as before.
 */
export function batchParser(esbuild: typeof Esbuild, tsconfigRaw: string, env: NodeJS.ProcessEnv): ParseMany {
  const one = (text: string, loader: Loader): Promise<Message[]> =>
    esbuild.transform(text, { logLevel: "silent", tsconfigRaw, loader }).then(
      () => [],
      // A failure that lists no errors is esbuild's, not the text's: the text counts as parsed.
      (error: unknown) => errorsOf(error) ?? [],
    );
  const each = (requests: readonly ParseRequest[]) => Promise.all(requests.map(([text, loader]) => one(text, loader)));
  return async (requests) => {
    if (requests.length === 0) return [];
    let dir: string;
    try {
      dir = fs.mkdtempSync(path.join(scratchRoot(env), "mars-validate-"));
    } catch {
      return each(requests);
    }
    try {
      const names = requests.map(([text, loader], index) => {
        const name = `${index}.${loader}`;
        fs.writeFileSync(path.join(dir, name), text);
        return name;
      });
      let errors: Message[] = [];
      try {
        await esbuild.build({
          absWorkingDir: dir,
          entryPoints: names,
          outdir: "out",
          bundle: false,
          write: false,
          logLevel: "silent",
          logLimit: 0,
          tsconfigRaw,
        });
      } catch (error) {
        const listed = errorsOf(error);
        if (!listed) return each(requests);
        errors = listed;
      }
      const byName = new Map(names.map((name, index) => [name, index]));
      const result: Message[][] = requests.map(() => []);
      for (const message of errors) {
        const index = message.location ? byName.get(message.location.file) : undefined;
        // An error of the build rather than of one file: this way of asking cannot be trusted.
        if (index === undefined) return each(requests);
        result[index]!.push(message);
      }
      return result;
    } catch {
      return each(requests);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

function errorsOf(error: unknown): Message[] | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as Message[]) : undefined;
}

/** A `ParseMany` that asks each distinct text once, and can be asked ahead of need. */
export interface SharedParser {
  parse: ParseMany;
  /** Starts parsing these texts now; a later `parse` of them waits for this answer. */
  prefetch(requests: readonly ParseRequest[]): void;
}

/**
 * Keeps every answer by text and loader: a text asked again (the same fragment context of two
 * blocks, or a block's first parse asked while the tree was still being read) is parsed once.
 */
export function sharedParser(parse: ParseMany): SharedParser {
  const answers = new Map<string, Promise<Message[]>>();
  const keyOf = ([text, loader]: ParseRequest) => `${loader}\u0000${text}`;
  const ask: ParseMany = (requests) => {
    const missing = new Map<string, ParseRequest>();
    for (const request of requests) if (!answers.has(keyOf(request))) missing.set(keyOf(request), request);
    if (missing.size > 0) {
      const asked = [...missing.values()];
      const batch = parse(asked);
      asked.forEach((request, index) =>
        answers.set(
          keyOf(request),
          batch.then((all) => all[index]!),
        ),
      );
    }
    return Promise.all(requests.map((request) => answers.get(keyOf(request))!));
  };
  return { parse: ask, prefetch: (requests) => void ask(requests) };
}
