import type { SourceFile } from "./types.ts";
import type { ParseIssue } from "./yaml-text.ts";

/** What parsing adds to a file: the parsed form, whether it parsed, and its syntax problems. */
export interface ParseResult {
  markdown?: SourceFile["markdown"];
  json?: SourceFile["json"];
  yaml?: SourceFile["yaml"];
  ok: boolean;
  issues: readonly ParseIssue[];
}

interface Entry {
  text: string;
  result: ParseResult;
}

export interface ParseCacheLimits {
  /** Most files kept. */
  entries: number;
  /** Most characters of source text kept; parsed forms take a few times this in memory. */
  chars: number;
}

/**
 * Parse results kept across builds in one process, so a build of unchanged content (the
 * generator's rounds, a test that loads the same tree again) parses nothing twice. A result
 * depends only on the file's kind and exact text; the path is part of the key too, so that two
 * files of one project never share parsed objects (the index keys its caches by code block).
 * Results are shared between builds and are never changed after parsing: nothing in core or in
 * the rules writes to a parsed document (test/core/parse-cache.test.ts checks this on a full run).
 * Least recently used entries go first once either limit is passed.
 */
export class ParseCache {
  readonly #entries = new Map<string, Entry>();
  #chars = 0;

  constructor(private readonly limits: ParseCacheLimits) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Whether a result for this file's kind, path and text is kept. */
  has(file: Pick<SourceFile, "path" | "kind" | "text">): boolean {
    return this.#entries.get(`${file.kind}\u0000${file.path}`)?.text === file.text;
  }

  /** The result for this file's kind, path and text, parsing it (with `parse`) only when none is kept. */
  resultFor(file: Pick<SourceFile, "path" | "kind" | "text">, parse: () => ParseResult): ParseResult {
    const key = `${file.kind}\u0000${file.path}`;
    const found = this.#entries.get(key);
    if (found) {
      this.#entries.delete(key);
      if (found.text === file.text) {
        this.#entries.set(key, found);
        return found.result;
      }
      this.#chars -= found.text.length;
    }
    const result = parse();
    if (file.text.length <= this.limits.chars) {
      this.#entries.set(key, { text: file.text, result });
      this.#chars += file.text.length;
      this.#trim();
    }
    return result;
  }

  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
  }

  #trim(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.limits.entries && this.#chars <= this.limits.chars) return;
      this.#entries.delete(key);
      this.#chars -= entry.text.length;
    }
  }
}

/**
 * The process's cache: this repository many times over, or one large marketplace's Markdown
 * (wshobson/agents has 7.5 MB). Parsed forms take several times their text, so at most some tens of MB stay.
 */
export const parseCache = new ParseCache({ entries: 10_000, chars: 8 * 1024 * 1024 });
