import { createRequire } from "node:module";
import type { Loader, Message } from "esbuild";
import type { Project } from "./types.ts";
import { own } from "./own.ts";

// Loaded on first use: most trees hold no script examples, and esbuild costs startup time.
let esbuild: typeof import("esbuild") | undefined;
function load(): typeof import("esbuild") {
  esbuild ??= createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  return esbuild;
}

/** Loaders to try per fence language; a block passes when any of them parses it (JSX in a "js" fence is common and fine). */
export const SCRIPT_LOADERS: Readonly<Record<string, readonly Loader[]>> = {
  ts: ["ts", "tsx"],
  typescript: ["ts", "tsx"],
  tsx: ["tsx", "ts"],
  js: ["js", "jsx"],
  javascript: ["js", "jsx"],
  jsx: ["jsx", "js"],
  mjs: ["js", "jsx"],
};

export interface ScriptMessage {
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  text: string;
}

// Decorators as NestJS, Angular and tsoa write them need the legacy flag their tsconfig sets.
const OPTIONS = { logLevel: "silent", tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } } as const;

/** esbuild columns count UTF-8 bytes; editors count UTF-16 units. */
function column(location: NonNullable<Message["location"]>): number {
  return Buffer.from(location.lineText, "utf8").subarray(0, location.column).toString("utf8").length + 1;
}

function messagesOf(error: unknown): ScriptMessage[] {
  const messages = (error as { errors?: Message[] }).errors;
  if (!Array.isArray(messages)) return [];
  return messages.map((m) =>
    m.location
      ? { line: m.location.line, column: column(m.location), text: m.text }
      : { line: 1, column: 1, text: m.text },
  );
}

const key = (code: string, loader: Loader) => `${loader}\u0000${code}`;
const caches = new WeakMap<Project, Map<string, ScriptMessage[]>>();

function cacheOf(project: Project): Map<string, ScriptMessage[]> {
  let cache = caches.get(project);
  if (!cache) caches.set(project, (cache = new Map()));
  return cache;
}

/** Syntax errors of a script, from the cache the async pass filled, or checked now. */
export function scriptErrors(project: Project, code: string, loader: Loader): ScriptMessage[] {
  const cache = cacheOf(project);
  const cached = cache.get(key(code, loader));
  if (cached) return cached;
  let messages: ScriptMessage[] = [];
  try {
    load().transformSync(code, { ...OPTIONS, loader });
  } catch (error) {
    messages = messagesOf(error);
  }
  cache.set(key(code, loader), messages);
  return messages;
}

/**
 * Checks every script code block with each of its loaders, all at once: esbuild parses them in
 * parallel, where one synchronous call per block would pay a round trip each.
 */
export async function checkScriptsAhead(project: Project): Promise<void> {
  const cache = cacheOf(project);
  const pending: Promise<void>[] = [];
  for (const file of project.files) {
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (!block.closed || block.code.trim() === "") continue;
      for (const loader of own(SCRIPT_LOADERS, block.lang) ?? []) {
        if (cache.has(key(block.code, loader))) continue;
        cache.set(key(block.code, loader), []);
        pending.push(
          load()
            .transform(block.code, { ...OPTIONS, loader })
            .then(
              () => undefined,
              (error: unknown) => void cache.set(key(block.code, loader), messagesOf(error)),
            ),
        );
      }
    }
  }
  await Promise.all(pending);
}
