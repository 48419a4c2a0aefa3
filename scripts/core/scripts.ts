import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type * as Esbuild from "esbuild";
import type { Loader, Message } from "esbuild";
import { batchParser, sharedParser, type ParseMany, type ParseRequest, type SharedParser } from "./esbuild-batch.ts";
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

// Decorators as NestJS, Angular and tsoa write them need the legacy flag their tsconfig sets.
const TSCONFIG = JSON.stringify({ compilerOptions: { experimentalDecorators: true } });

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
 * argument list), the rest of a method chain. A fragment that parses in one of them is a fragment, not an error.
 */
function fragmentContexts(code: string): string[] {
  const body = afterImports(code);
  return [
    `async function __example__() {\n${code}\n}`,
    // A handler's body, or a class's methods, under the imports they need: the imports stay at the top.
    ...(body
      ? [
          `${body.imports}\nasync function __example__() {\n${body.rest}\n}`,
          `${body.imports}\nclass __Example__ extends __Base__ {\n${body.rest}\n}`,
        ]
      : []),
    // The rest of a method chain (`.where(...)` lines), shown without the query it continues.
    ...(/^\s*\./.test(firstCodeLine(code)) ? [`__example__\n${code}`] : []),
    // A subclass, so a constructor shown alone may call super().
    `class __Example__ extends __Base__ {\n${code}\n}`,
    `switch (__example__) {\n${code}\n}`,
    `(\n${code}\n)`,
    // Entries of a list shown without it (`{ name: 'a' },` one after another).
    `[\n${code}\n]`,
    `({\n${code}\n})`,
    // JSX attributes shown without their element (`renderItem={...}`).
    `<__Example__\n${code}\n/>`,
    // A shape shown as a type ("{ type: \"entry\", agentId: string, title?: string }"); TypeScript loaders only parse it.
    `type __Example__ = ${code}`,
  ];
}

/** The first line that is neither blank nor a `//` comment, or "". */
function firstCodeLine(code: string): string {
  for (const line of code.split("\n")) {
    const trimmed = line.trim();
    if (trimmed !== "" && !trimmed.startsWith("//")) return line;
  }
  return "";
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

/** A script block's identity within one run: its fence language and its code. */
export const scriptKey = (code: string, lang: string) => `${lang}\u0000${code}`;

/** Verdicts by block content (see `scriptContentKey`), kept across runs by the cache. */
export type ScriptVerdicts = Map<string, readonly ScriptMessage[]>;

/** What a verdict depends on: the code and the fence language (which picks the loaders). */
function scriptContentKey(code: string, lang: string): string {
  return createHash("sha1").update(lang).update("\0").update(code).digest("base64url");
}

export const isScriptBlock = (block: { closed: boolean; code: string; lang: string }) =>
  block.closed && block.code.trim() !== "" && own(SCRIPT_LOADERS, block.lang) !== undefined;

/** A distinct script block: its code, its fence language and the first file that shows it. */
export interface ScriptBlock {
  code: string;
  lang: string;
  file: string;
}

/** The closed, non-empty script blocks of the linted files, each distinct code and language once. */
export function scriptBlocks(files: readonly SourceFile[]): ScriptBlock[] {
  const seen = new Set<string>();
  const blocks: ScriptBlock[] = [];
  for (const file of files)
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (!isScriptBlock(block)) continue;
      if (seen.has(scriptKey(block.code, block.lang))) continue;
      seen.add(scriptKey(block.code, block.lang));
      blocks.push({ code: block.code, lang: block.lang, file: file.path });
    }
  return blocks;
}

/**
 * Retried parses one run may ask for: a floor, and more for a tree with more script code. Real
 * marketplaces ask for 1 to 4 retries per distinct block: 1,090 for wshobson/agents' 523 blocks,
 * 17,440 for secondsky/claude-skills' 6,703; a few hundred at most in one file. A crafted file of
 * thousands of distinct broken blocks would otherwise keep esbuild busy for minutes: an input
 * under 1 MiB gets the floor, which keeps it within seconds. Past the budget (the run's, or its
 * file's) a block keeps its first loader's verdict.
 */
const RETRY_BUDGET = 8_000;
const RETRIES_PER_KIB = 8;
const FILE_RETRY_BUDGET = 1_000;

/** The run's retry budget for these blocks (see `RETRY_BUDGET`). */
export function runBudget(blocks: readonly ScriptBlock[]): number {
  let chars = 0;
  for (const block of blocks) chars += block.code.length;
  return Math.max(RETRY_BUDGET, Math.floor((chars / 1024) * RETRIES_PER_KIB));
}

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

/** What esbuild is asked in one round: texts with their loaders. */
type Texts = [string, Loader][];

/** A block's way to its verdict: each step asks for some texts to be parsed and gets their messages. */
type Steps = Generator<Texts, readonly ScriptMessage[], ScriptMessage[][]>;

/**
 * A block's verdict: the syntax errors of its first loader, or [] when the code parses another
 * way (see `retries`: first its other loaders, then as a fragment, then snippet by snippet).
 * The steps of every block are asked together, one esbuild build per round (see `runSteps`).
 */
function* verdictSteps(code: string, lang: string, budget: RetryBudget): Steps {
  const loaders = own(SCRIPT_LOADERS, lang)!;
  const all = retryLoaders(loaders);
  const messages = (yield [[code, loaders[0]!]])[0]!;
  if (messages.length === 0) return messages;
  /**
   * True when one of the texts parses; false, without asking, once the budget is spent. The
   * first `head` texts are asked first and the rest only when none of those parses: most
   * fragments parse in their first context. The round is charged in full up front, so the
   * budget, and with it every verdict, is what asking them all at once gives.
   */
  function* anyParses(texts: Texts, head = texts.length): Generator<Texts, boolean, ScriptMessage[][]> {
    if (!budget.take(texts.length)) return false;
    for (const part of [texts.slice(0, head), texts.slice(head)]) {
      if (part.length === 0) continue;
      if ((yield part).some((m) => m.length === 0)) return true;
    }
    return false;
  }
  if (yield* anyParses(retries(code, loaders, 1))) return [];
  if (yield* anyParses(retries(code, loaders, 2), all.length)) return [];
  // A snippet parses as it is or in one of the contexts a fragment comes from; the first that
  // does not ends the search.
  const parts = snippets(code);
  if (parts === undefined) return messages;
  for (const part of parts) {
    const texts = [part, ...fragmentContexts(part)].flatMap((text) => all.map((l): [string, Loader] => [text, l]));
    if (!(yield* anyParses(texts, all.length))) return messages;
  }
  return [];
}

/** The messages a verdict keeps: every syntax error but a repeated declaration. */
function kept(messages: readonly Message[]): ScriptMessage[] {
  return messagesOf({ errors: messages }).filter((m) => !DUPLICATE_DECLARATION.test(m.text));
}

/**
 * Drives every block's steps together: each round, the texts all unfinished blocks ask for go to
 * esbuild in one request, in block order (so the budgets are spent in a fixed order), and each
 * block gets its answers back. A block is finished after one to about twenty rounds.
 */
async function runSteps(all: readonly Steps[], parse: ParseMany): Promise<(readonly ScriptMessage[])[]> {
  const verdicts: (readonly ScriptMessage[])[] = [];
  let live = all.map((steps, index) => ({ index, steps, step: steps.next() }));
  while (live.length > 0) {
    for (const block of live) if (block.step.done) verdicts[block.index] = block.step.value;
    live = live.filter((block) => !block.step.done);
    if (live.length === 0) break;
    const asked = live.map((block) => block.step.value as Texts);
    const answers = await parse(asked.flat());
    let at = 0;
    live.forEach((block, i) => {
      const count = asked[i]!.length;
      block.step = block.steps.next(answers.slice(at, at + count).map(kept));
      at += count;
    });
  }
  return verdicts;
}

/** Script blocks whose first parse is asked ahead, in groups of this many, while the tree is read. */
const PREFETCH_GROUP = 256;

/**
 * Checks every script block with esbuild, all blocks' parses of one round in one build (see
 * `batchParser`). Blocks can be offered while the tree is still being read: their first parse
 * goes out in groups, so esbuild works meanwhile (a marketplace of 3,500 script blocks spent half
 * a second on that round alone). Each block's retries are charged to the file it first appears
 * in and to the run. Blocks with a verdict from an earlier run (the cache) are not asked again.
 */
export class ScriptChecker {
  #parser: SharedParser | undefined;
  #unavailable = false;
  readonly #offered = new Set<string>();
  #group: ParseRequest[] = [];

  constructor(
    private readonly known: ScriptVerdicts = new Map(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The shared parser, or undefined when esbuild is missing or broken (the blocks stay unchecked). */
  #parserOrNone(): SharedParser | undefined {
    if (this.#parser || this.#unavailable) return this.#parser;
    try {
      this.#parser = sharedParser(batchParser(load(), TSCONFIG, this.env));
    } catch {
      this.#unavailable = true;
    }
    return this.#parser;
  }

  /** Asks for the first parse of a file's script blocks ahead of `check` (only a speed-up). */
  offer(blocks: readonly { code: string; lang: string; closed: boolean }[]): void {
    for (const block of blocks) {
      if (!isScriptBlock(block) || this.#offered.has(scriptKey(block.code, block.lang))) continue;
      this.#offered.add(scriptKey(block.code, block.lang));
      if (this.known.size > 0 && this.known.has(scriptContentKey(block.code, block.lang))) continue;
      this.#group.push([block.code, own(SCRIPT_LOADERS, block.lang)![0]!]);
    }
    if (this.#group.length >= PREFETCH_GROUP) this.#flush();
  }

  #flush(): void {
    const group = this.#group;
    this.#group = [];
    if (group.length > 0) this.#parserOrNone()?.prefetch(group);
  }

  /** The verdicts of these blocks (see `verdictSteps`); unchecked (undefined) without esbuild. */
  async check(all: readonly ScriptBlock[]): Promise<ScriptReport> {
    this.#flush();
    const known = this.known;
    const verdicts = new Map<string, readonly ScriptMessage[]>();
    const contentKeys = new Map(
      all.map((block) => [scriptKey(block.code, block.lang), scriptContentKey(block.code, block.lang)]),
    );
    const blocks = all.filter((block) => {
      const verdict = known.get(contentKeys.get(scriptKey(block.code, block.lang))!);
      if (verdict) verdicts.set(scriptKey(block.code, block.lang), verdict);
      return verdict === undefined;
    });
    const parser = blocks.length > 0 ? this.#parserOrNone() : undefined;
    if (parser) {
      const run = new RetryBudget(runBudget(blocks));
      const files = new Map<string, RetryBudget>();
      const budgetOf = (file: string) => {
        let budget = files.get(file);
        if (!budget) files.set(file, (budget = new RetryBudget(FILE_RETRY_BUDGET, run)));
        return budget;
      };
      const found = await runSteps(
        blocks.map((block) => verdictSteps(block.code, block.lang, budgetOf(block.file))),
        parser.parse,
      );
      blocks.forEach((block, index) => {
        verdicts.set(scriptKey(block.code, block.lang), found[index]!);
        known.set(contentKeys.get(scriptKey(block.code, block.lang))!, found[index]!);
      });
    }
    return { problems: (code, lang) => verdicts.get(scriptKey(code, lang)) };
  }
}

/** Checks every script block with esbuild (see `ScriptChecker`), none offered ahead. */
export function checkScripts(
  all: readonly ScriptBlock[],
  known: ScriptVerdicts = new Map(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScriptReport> {
  return new ScriptChecker(known, env).check(all);
}
