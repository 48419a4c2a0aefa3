import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as Esbuild from "esbuild";
import type { Loader, Message, TransformOptions, TransformResult } from "esbuild";
import { own } from "./own.ts";
import type { SourceFile } from "./types.ts";

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

/** What esbuild says about the script code blocks of a project. */
export interface ScriptReport {
  /**
   * The syntax errors of a block's code under its first loader, or [] when the code parses
   * under any loader or in any of the contexts a fragment stands in; undefined when the block
   * was not checked (it is not a closed script block).
   */
  problems(code: string, lang: string): readonly ScriptMessage[] | undefined;
}

// Not syntax: a block often shows two files, or a "before" and an "after", that declare the same names.
const DUPLICATE_DECLARATION = /has already been declared|Multiple exports with the same name|duplicate key/;

// Decorators as NestJS, Angular and tsoa write them need the legacy flag their tsconfig sets. The
// tsconfig goes as text: esbuild would serialize an object again on each of thousands of calls.
const OPTIONS = {
  logLevel: "silent",
  tsconfigRaw: JSON.stringify({ compilerOptions: { experimentalDecorators: true } }),
} as const;

// Loaded on first use: most trees hold no script examples, and esbuild costs startup time.
let esbuild: typeof Esbuild | undefined;
function load(): typeof Esbuild {
  esbuild ??= createRequire(import.meta.url)("esbuild") as typeof Esbuild;
  return esbuild;
}

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

/**
 * Contexts a script fragment may come from: a function body (top-level `return`/`await`), a
 * class body (methods), a `switch` (`case` clauses), an expression (an object literal or an
 * argument list). A fragment that parses in one of them is a fragment, not an error.
 */
function fragmentContexts(code: string): string[] {
  const body = afterImports(code);
  return [
    `async function __example__() {\n${code}\n}`,
    // A handler's body under the imports it needs: the imports stay at the top, the rest is the body.
    ...(body ? [`${body.imports}\nasync function __example__() {\n${body.rest}\n}`] : []),
    `class __Example__ {\n${code}\n}`,
    `switch (__example__) {\n${code}\n}`,
    `(\n${code}\n)`,
    `({\n${code}\n})`,
    // JSX attributes shown without their element (`renderItem={...}`).
    `<__Example__\n${code}\n/>`,
  ];
}

/** True when a trimmed line ends an import statement: the quoted module name, with or without `;`. */
function endsImport(trimmed: string): boolean {
  const end = trimmed.endsWith(";") ? trimmed.slice(0, -1).trimEnd() : trimmed;
  return end.endsWith("'") || end.endsWith('"');
}

/**
 * A block's leading import statements (comments and blank lines among them) and the code after
 * them, or undefined when the block opens with none or holds nothing else. Read line by line.
 */
function afterImports(code: string): { imports: string; rest: string } | undefined {
  const lines = code.split("\n");
  let inImport = false;
  let end = 0;
  let sawImport = false;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (inImport) inImport = !endsImport(trimmed);
    else if (/^import\b/.test(trimmed)) {
      sawImport = true;
      inImport = !endsImport(trimmed);
    } else if (trimmed !== "" && !trimmed.startsWith("//")) break;
    end = i + 1;
  }
  if (!sawImport || end >= lines.length) return undefined;
  return { imports: lines.slice(0, end).join("\n"), rest: lines.slice(end).join("\n") };
}

/** Most snippets a block shows side by side ("Incorrect" / "Correct"); more is not an example. */
const MAX_SNIPPETS = 8;

/**
 * The snippets of a block that shows several, one after another, separated by a blank line;
 * undefined for a block of one. A snippet of comments only captions the next one.
 */
function snippets(code: string): string[] | undefined {
  const parts = code
    .split(/\n[ \t]*\n/)
    .filter((part) => part.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("//")));
  return parts.length > 1 && parts.length <= MAX_SNIPPETS ? parts : undefined;
}

/**
 * Usage lines of bare JSX (`<Badge variant="x">Hi</Badge>` one after another) are separate
 * statements to a reader; as one script they run together, so they are retried with a `;` each.
 */
function separateMarkup(code: string): string | undefined {
  if (!/^<[A-Za-z>]/m.test(code)) return undefined;
  return code.replace(/^<(?=[A-Za-z>])/gm, ";<");
}

/**
 * The other ways a block may parse once its first loader failed, in two rounds: first its
 * other loaders, TypeScript in a "js" fence (a labelling slip, not broken code) and its bare
 * JSX lines as separate statements; then each fragment context under every loader. Most
 * blocks that parse at all do so in the first round, so few need the second.
 */
/** A fence's loaders, then TypeScript and TSX, which parse most of what JavaScript fences hold. */
function retryLoaders(loaders: readonly Loader[]): Loader[] {
  return [...new Set<Loader>([...loaders, "ts", "tsx"])];
}

function retries(code: string, loaders: readonly Loader[], round: 1 | 2): [string, Loader][] {
  const all = retryLoaders(loaders);
  const attempts: [string, Loader][] = [];
  if (round === 1) {
    for (const loader of all) if (loader !== loaders[0]) attempts.push([code, loader]);
    const jsx = loaders.find((l) => l === "tsx" || l === "jsx");
    const markup = jsx ? separateMarkup(code) : undefined;
    if (jsx && markup) attempts.push([markup, jsx]);
  } else for (const wrapped of fragmentContexts(code)) for (const loader of all) attempts.push([wrapped, loader]);
  return attempts;
}

const key = (code: string, lang: string) => `${lang}\u0000${code}`;

/** Verdicts by block content (see `scriptContentKey`), kept across runs by the cache. */
export type ScriptVerdicts = Map<string, readonly ScriptMessage[]>;

/** What a verdict depends on: the code and the fence language (which picks the loaders). */
function scriptContentKey(code: string, lang: string): string {
  return createHash("sha1").update(lang).update("\0").update(code).digest("base64url");
}

const isScriptBlock = (block: { closed: boolean; code: string; lang: string }) =>
  block.closed && block.code.trim() !== "" && own(SCRIPT_LOADERS, block.lang) !== undefined;

/** The closed, non-empty script blocks of the linted files, each distinct code and language once. */
export function scriptBlocks(files: readonly SourceFile[]): { code: string; lang: string }[] {
  const seen = new Set<string>();
  const blocks: { code: string; lang: string }[] = [];
  for (const file of files)
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (!isScriptBlock(block)) continue;
      if (seen.has(key(block.code, block.lang))) continue;
      seen.add(key(block.code, block.lang));
      blocks.push({ code: block.code, lang: block.lang });
    }
  return blocks;
}

const attemptWith =
  (transform: (code: string, options: TransformOptions) => Promise<TransformResult>) =>
  (code: string, loader: Loader): Promise<ScriptMessage[]> =>
    transform(code, { ...OPTIONS, loader }).then(
      () => [],
      (error: unknown) => messagesOf(error).filter((m) => !DUPLICATE_DECLARATION.test(m.text)),
    );

/**
 * Retried parses one run may ask for. Real marketplaces ask for about 800 to 2,900 (wshobson/agents,
 * pleaseai/claude-code-plugins), a few hundred at most in one file; a crafted file of thousands of
 * distinct broken blocks would otherwise keep esbuild busy for minutes. Past the budget (the run's,
 * or its file's) a block keeps its first loader's verdict.
 */
const RETRY_BUDGET = 8_000;
const FILE_RETRY_BUDGET = 1_000;

/** Retries left to a run, or to one file within its run's budget. */
class RetryBudget {
  constructor(
    private left: number,
    private readonly run?: RetryBudget,
  ) {}

  /** Takes `count` retries if this budget (and its run's) has them. */
  take(count: number): boolean {
    if (this.left < count || (this.run && this.run.left < count)) return false;
    this.left -= count;
    if (this.run) this.run.left -= count;
    return true;
  }
}

/**
 * A block's verdict: the syntax errors of its first loader, or [] when the code parses another
 * way (see `retries`: first its other loaders, then as a fragment, then snippet by snippet). Each
 * block goes through its rounds on its own, so the retries of an early block run while later
 * files are still parsed.
 */
function verdictOf(
  attempt: ReturnType<typeof attemptWith>,
  code: string,
  lang: string,
  budget: RetryBudget,
): Promise<readonly ScriptMessage[]> {
  const loaders = own(SCRIPT_LOADERS, lang)!;
  const all = retryLoaders(loaders);
  /** True when one of the texts parses; false, without asking, once the budget is spent. */
  const anyParses = async (texts: [string, Loader][]) => {
    if (!budget.take(texts.length)) return false;
    return (await Promise.all(texts.map(([text, loader]) => attempt(text, loader)))).some((m) => m.length === 0);
  };
  // A snippet parses as it is or in one of the contexts a fragment comes from; the first that
  // does not ends the round.
  const eachSnippetParses = async () => {
    const parts = snippets(code);
    if (parts === undefined) return false;
    for (const part of parts) {
      const texts = [part, ...fragmentContexts(part)].flatMap((text) => all.map((l): [string, Loader] => [text, l]));
      if (!(await anyParses(texts))) return false;
    }
    return true;
  };
  return attempt(code, loaders[0]!).then(async (messages) => {
    if (messages.length === 0) return messages;
    const parses =
      (await anyParses(retries(code, loaders, 1))) ||
      (await anyParses(retries(code, loaders, 2))) ||
      (await eachSnippetParses());
    return parses ? [] : messages;
  });
}

/** Verdicts already asked of esbuild, by block (see `ScriptPrefetch`). */
type Prefetched = Map<string, Promise<readonly ScriptMessage[]>>;

/**
 * Asks esbuild for the verdict of each script block as its file is parsed: the requests go out
 * at once and esbuild parses them in its own process while the rest of the tree is parsed here.
 * Only a speed-up: `checkScripts` decides which blocks count.
 */
export class ScriptPrefetch {
  readonly parses: Prefetched = new Map();
  #attempt: ReturnType<typeof attemptWith> | undefined;
  #unavailable = false;
  readonly #budget = new RetryBudget(RETRY_BUDGET);

  constructor(private readonly known: ScriptVerdicts = new Map()) {}

  offer(file: SourceFile): void {
    if (this.#unavailable) return;
    let fileBudget: RetryBudget | undefined;
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (!isScriptBlock(block) || this.parses.has(key(block.code, block.lang))) continue;
      if (this.known.size > 0 && this.known.has(scriptContentKey(block.code, block.lang))) continue;
      try {
        this.#attempt ??= attemptWith(load().transform);
      } catch {
        // esbuild is missing or broken: checkScripts finds that out again and leaves the blocks unchecked.
        this.#unavailable = true;
        return;
      }
      fileBudget ??= new RetryBudget(FILE_RETRY_BUDGET, this.#budget);
      this.parses.set(key(block.code, block.lang), verdictOf(this.#attempt, block.code, block.lang, fileBudget));
    }
  }
}

/**
 * Checks every script block with esbuild: the requests go out at once and esbuild parses them in
 * parallel in its own process, where one synchronous call per attempt would pay a round trip
 * each. Only the blocks whose first loader fails are retried.
 */
export async function checkScripts(
  all: readonly { code: string; lang: string }[],
  known: ScriptVerdicts = new Map(),
  prefetched: Prefetched = new Map(),
): Promise<ScriptReport> {
  const verdicts = new Map<string, readonly ScriptMessage[]>();
  const contentKeys = new Map(
    all.map((block) => [key(block.code, block.lang), scriptContentKey(block.code, block.lang)]),
  );
  const blocks = all.filter((block) => {
    const verdict = known.get(contentKeys.get(key(block.code, block.lang))!);
    if (verdict) verdicts.set(key(block.code, block.lang), verdict);
    return verdict === undefined;
  });
  let transform: (typeof Esbuild)["transform"] | undefined;
  try {
    if (blocks.length > 0) transform = load().transform;
  } catch {
    // esbuild is missing or broken: the blocks stay unchecked (undefined), never reported as errors.
  }
  if (transform) {
    const attempt = attemptWith(transform);
    const budget = new RetryBudget(RETRY_BUDGET);
    const found = await Promise.all(
      blocks.map(
        (block) => prefetched.get(key(block.code, block.lang)) ?? verdictOf(attempt, block.code, block.lang, budget),
      ),
    );
    blocks.forEach((block, index) => {
      verdicts.set(key(block.code, block.lang), found[index]!);
      known.set(contentKeys.get(key(block.code, block.lang))!, found[index]!);
    });
  }
  return { problems: (code, lang) => verdicts.get(key(code, lang)) };
}
