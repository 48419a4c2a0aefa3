import { createRequire } from "node:module";
import type { GraphQLError as GraphqlError, parse as GraphqlParse } from "graphql";
import { parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import { PYTHON_LANGS, pythonKey } from "../../core/python.ts";
import { SCRIPT_LOADERS } from "../../core/scripts.ts";
import type { CodeBlock, Project, Rule, SourceFile } from "../../core/types.ts";
import { MAX_YAML_BLOCK, yamlSyntaxErrors, type ParseIssue } from "../../core/yaml-text.ts";
import { isToolName } from "../../core/tool-names.ts";
import { lenientFrontmatter } from "../../core/markdown.ts";
import { blockLineOffset, blockOffset, codeBlocks, lineColumn } from "./blocks.ts";
import { cutByInnerFence, openerWithInfo, unclosedCause } from "./nested-fence.ts";
import {
  commentedLanguage,
  elides,
  evidentLanguage,
  evidentLine,
  leavesValueSlot,
  listsSignatures,
  placeholderNear,
  showsAlternatives,
  smartQuoteAt,
} from "./examples.ts";
import { own } from "../../core/own.ts";

/** Labels whose code holds JSX, where an angle-bracketed word may be a tag left open by mistake. */
const JSX_LABELS = new Set(["jsx", "tsx"]);

interface Problem {
  /** 1-based line and column in the block's code, or an offset into it. */
  at: { line: number; column: number } | { offset: number };
  message: string;
  /** Only strict JSON rejects it (a trailing comma): readers of the example still see valid data. */
  minor?: true;
}

// A column-0 "// path/to/file.json" line captions the JSON value below it; a block may hold several.
const CAPTION_LINE = /^\/\/.*$/;
// Files whose readers accept comments and trailing commas (TypeScript, VS Code, Turborepo, ESLint, Biome).
const JSONC_FILES =
  /(?:^|[\s/])(?:tsconfig[\w.-]*\.json|jsconfig[\w.-]*\.json|\.vscode\/|devcontainer\.json|[\w.-]*\.code-workspace|turbo\.json|\.eslintrc(?:\.json)?|biome\.jsonc?)/;

/** "EndOfFileExpected" → "end of file expected". */
function words(code: string): string {
  return code
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace("invalid comment token", "comments are not allowed")
    .replace("invalid symbol", "unexpected character");
}

/** The block split at caption lines; each part keeps its offsets (everything else blanked). */
function jsonSegments(code: string): { text: string; caption: string }[] {
  const lines = code.split("\n");
  const segments: { from: number; to: number; caption: string }[] = [];
  let caption = "";
  let current: { from: number; to: number; caption: string } | undefined;
  for (const [index, line] of lines.entries()) {
    if (CAPTION_LINE.test(line)) {
      if (current) {
        segments.push(current);
        current = undefined;
        caption = "";
      }
      caption += `${line}\n`;
      continue;
    }
    if (!current) current = { from: index, to: index, caption };
    current.to = index;
  }
  if (current) segments.push(current);
  return segments
    .map((segment) => ({
      caption: segment.caption,
      text: lines
        .map((line, index) => (index >= segment.from && index <= segment.to ? line : " ".repeat(line.length)))
        .join("\n"),
    }))
    .filter((segment) => segment.text.trim() !== "");
}

function jsonProblems(code: string, comments: boolean): Problem[] {
  // Examples marked good/bad (✅, ❌) show a fragment of a file, not a file.
  if (ANNOTATION.test(code) || showsAlternatives(code)) return [];
  for (const segment of jsonSegments(code)) {
    // Documentation annotates JSON with // comments, which a reader drops; a missing or trailing
    // comma is what breaks a copied file (trailing commas are fine in JSONC files).
    const lenient = comments || JSONC_FILES.test(segment.caption);
    const problems = lenient ? jsoncProblems(segment.text) : annotatedJsonProblems(segment.text);
    if (problems.length === 0 || jsonFragment(segment.text)) continue;
    // Vendored API docs are full of these; a copy fails only in a strict parser, so it is a note.
    if (!lenient && jsoncProblems(segment.text).length === 0)
      return problems.map((problem) => ({
        ...problem,
        message: "a trailing comma, which strict JSON rejects",
        minor: true,
      }));
    return problems;
  }
  return [];
}

const ANNOTATION = /[\u2705\u274c\u2714\u2716\u2717\u2713]/;

/** JSON read as strictly as a file, except that comments are allowed. */
function annotatedJsonProblems(code: string): Problem[] {
  const errors: ParseError[] = [];
  try {
    parseTree(code, errors, { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return [];
  }
  const first = errors[0];
  return first ? [{ at: { offset: first.offset }, message: words(printParseErrorCode(first.error)) }] : [];
}

/**
 * A JSON block that is a piece of a document: properties without their braces, or several
 * values one after another (a request and its response).
 */
function jsonFragment(code: string): boolean {
  const trimmed = code.trim();
  // The start of a value left open for the reader (or the model: "begin your response with") to
  // go on from: it ends after "{", "[", ",", ":" or an opening quote, and is broken nowhere before its end.
  if (/(?:[,{[:]|:\s*")$/.test(trimmed) && openPrefix(code)) return true;
  const untrailed = code.replace(/,\s*$/, "");
  // Items of an array, or properties of an object, without their brackets (a comma after the
  // last one is the cut, not a mistake; one inside still is).
  if (annotatedJsonProblems(`[${untrailed}\n]`).length === 0) return true;
  if (trimmed.startsWith('"') && annotatedJsonProblems(`{${untrailed}\n}`).length === 0) return true;
  return jsonSequence(code);
}

/** True when strict JSON fails only at the end of the text: the text is the start of a value. */
function openPrefix(code: string): boolean {
  const errors: ParseError[] = [];
  try {
    parseTree(code, errors, { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return false;
  }
  const end = code.trimEnd().length;
  return errors.length > 0 && errors.every((error) => error.offset >= end - 1);
}

/** True when a script block holds JSON values (a request and its response), comments allowed. */
function holdsJson(code: string): boolean {
  const trimmed = code.replace(/^[ \t]*\/\/.*$/gm, "").trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return false;
  return jsoncProblems(code).length === 0 || jsonSequence(code);
}

/** True when the text is two or more JSON values one after another, each valid. */
function jsonSequence(code: string): boolean {
  let rest = code;
  let values = 0;
  for (let guard = 0; guard < 50 && rest.trim() !== ""; guard++) {
    const errors: ParseError[] = [];
    parseTree(rest, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
    const first = errors[0];
    if (!first) return values > 0;
    if (first.error !== 9 /* EndOfFileExpected */ || first.offset === 0) return false;
    values++;
    rest = rest.slice(first.offset);
  }
  return false;
}

function jsoncProblems(code: string): Problem[] {
  const errors: ParseError[] = [];
  try {
    parseTree(code, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
  } catch {
    return [];
  }
  const first = errors[0];
  return first ? [{ at: { offset: first.offset }, message: words(printParseErrorCode(first.error)) }] : [];
}

// Helm and Jinja templates are labelled yaml by convention but are YAML only once rendered.
// Scanned line by line: a regex looking for "}}" after every "{{" is quadratic on a line of braces.
function hasTemplateAction(code: string): boolean {
  if (code.includes("{%")) return true;
  for (const line of code.split("\n")) {
    const open = line.indexOf("{{");
    if (open !== -1 && line.includes("}}", open + 2)) return true;
  }
  return false;
}

/** True when the block's first line of content names a Claude Code tool as a key or a call. */
function sketchesToolCall(code: string): boolean {
  const first = code.split("\n").find((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
  const name = first === undefined ? undefined : /^([A-Za-z]\w{0,40})[ \t]*[:(]/.exec(first)?.[1];
  return name !== undefined && isToolName(name);
}

/** `---`, or a sentinel such as `---agent-result---` (the name bounded, so each line costs little). */
const DOCUMENT_MARKER_LINE = /^-{3,}[ \t]*(?:[A-Za-z][\w -]{0,60}?-{3,}[ \t]*)?$/gm;

function yamlProblems(code: string, parse: () => ParseIssue[]): Problem[] {
  if (hasTemplateAction(code)) return [];
  const problems = parse().map((issue) => ({
    at: { offset: issue.offset } as const,
    message: issue.message,
  }));
  if (problems.length === 0) return problems;
  // "AskUserQuestion:" or "Task(" first: a sketch of a tool call for Claude to make, not a YAML file.
  if (sketchesToolCall(code)) return [];
  // A block that shows a whole component file (frontmatter, then Markdown) is YAML only up to the
  // closing ---; frontmatter is read as Claude Code reads it, with its lenient retry.
  const frontmatter = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(code);
  // Without one, document markers are dropped, and so are sentinel lines that frame an agent's
  // report format ("---agent-result---" … "---end-agent-result---"): markers, not YAML.
  const yamlPart = frontmatter ? frontmatter[1]! : code.replace(DOCUMENT_MARKER_LINE, "");
  // Read plain first: the lenient retry quotes values such as "|", which breaks a valid block scalar.
  if (yamlSyntaxErrors(yamlPart).length === 0 || yamlSyntaxErrors(lenientFrontmatter(yamlPart)).length === 0) return [];
  // A block of frontmatter alternatives (one "description:" line per pattern, one of them a block
  // scalar) holds lines the retry would read and a block scalar it would break: each pattern on
  // its own is read by Claude Code, so the block is read line by line, block scalars kept.
  if (BLOCK_SCALAR_LINE.test(yamlPart) && yamlSyntaxErrors(lenientKeepingBlockScalars(yamlPart)).length === 0)
    return [];
  return problems;
}

/** `description: |`, `notes: >-`: a key whose value is the indented block below it. */
const BLOCK_SCALAR_LINE = /^[\w-]+:[ \t]+[>|][-+\d]*[ \t]*$/m;

function lenientKeepingBlockScalars(yaml: string): string {
  return yaml
    .split("\n")
    .map((line) => (BLOCK_SCALAR_LINE.test(line) ? line : lenientFrontmatter(line)))
    .join("\n");
}

function scriptProblems(project: Project, code: string, lang: string): Problem[] {
  // Core checked every script block with esbuild before the rules ran, fragments and all.
  const messages = project.index.scripts.problems(code, lang) ?? [];
  return messages.map((m) => ({ at: { line: m.line, column: m.column }, message: m.text }));
}

// Loaded on first use, and only its parser: all of graphql-js takes six times as long to load.
let graphql: { parse: typeof GraphqlParse; GraphQLError: typeof GraphqlError } | undefined;

function graphqlProblems(code: string): Problem[] {
  graphql ??= {
    parse: (createRequire(import.meta.url)("graphql/language/parser") as { parse: typeof GraphqlParse }).parse,
    GraphQLError: (
      createRequire(import.meta.url)("graphql/error/GraphQLError") as { GraphQLError: typeof GraphqlError }
    ).GraphQLError,
  };
  const { GraphQLError } = graphql;
  try {
    graphql.parse(code, { noLocation: true });
    return [];
  } catch (error) {
    const location = error instanceof GraphQLError ? error.locations?.[0] : undefined;
    const message = (error as Error).message.replace(/^Syntax Error: /, "");
    return [{ at: location ? { line: location.line, column: location.column } : { line: 1, column: 1 }, message }];
  }
}

/**
 * Errors that say more about the checker than the example: top-level `await` (valid in asyncio
 * REPLs and notebooks, where such usage lines run), and syntax newer than the local python3
 * (PEP 695 `type X = ...` and `class C[T]:`, Python 3.12).
 */
function pythonFalseAlarm(code: string, error: { line: number; column: number; message: string }): boolean {
  const line = code.split("\n")[error.line - 1] ?? "";
  const topLevel = !/^\s/.test(line);
  if (error.message === "'await' outside function") return true;
  // A body elided with a comment (`def f():\n    # ...`) is an outline, not a mistake.
  if (error.message.startsWith("expected an indented block")) return true;
  if (topLevel && /^'async (with|for)' outside async function$/.test(error.message)) return true;
  return /^\s*type\s+\w+\s*(?:\[[^\]]*\]\s*)?=|^\s*(class|def)\s+\w+\s*\[/.test(line);
}

/** A line that says it is a syntax error ("# SyntaxError!") is a deliberate counter-example. */
// A verdict label on a line of its own ("CORRECT ✓", "# ❌ Wrong"): the example is marked good or bad.
const VERDICT_LINE = /^[\s#/*-]*[A-Za-z' ]{0,30}[\u2705\u274c\u2713\u2714\u2716\u2717\u2718]+[\s:A-Za-z'()-]*$/;

// A verdict mark before a line of code ("✅ const id = env.DO.idFromString(s)"): an annotated example.
const VERDICT_PREFIX = /^[\s#/*-]*[\u2705\u274c\u2713\u2714\u2716\u2717\u2718]\ufe0f?\s/;

function deliberate(code: string, line: number): boolean {
  const text = code.split("\n")[line - 1] ?? "";
  return /syntax\s?error|invalid syntax/i.test(text) || VERDICT_LINE.test(text) || VERDICT_PREFIX.test(text);
}

const LANGUAGE_NAMES: Record<string, string> = {
  json: "JSON",
  jsonc: "JSONC",
  yaml: "YAML",
  yml: "YAML",
  graphql: "GraphQL",
  gql: "GraphQL",
};

function languageName(lang: string): string {
  const known = own(LANGUAGE_NAMES, lang);
  if (known) return known;
  if (PYTHON_LANGS.has(lang)) return "Python";
  if (lang === "ts" || lang === "typescript") return "TypeScript";
  if (lang === "tsx") return "TSX";
  if (lang === "jsx") return "JSX";
  return "JavaScript";
}

/**
 * Code examples are checked up to this size. A reader copies examples of a few KiB; parsing a
 * crafted block of most of a MiB costs seconds (YAML builds an error per stray quote).
 */
const MAX_CHECKED_BLOCK = MAX_YAML_BLOCK;

function problemsOf(project: Project, file: SourceFile, block: CodeBlock): Problem[] {
  const lang = block.lang;
  // "AskUserQuestion({ … })" first: a sketch of a tool call for Claude to make, not a JSON file.
  if ((lang === "json" || lang === "jsonc") && sketchesToolCall(block.code)) return [];
  if (lang === "json") return jsonProblems(block.code, false);
  if (lang === "jsonc") return jsonProblems(block.code, true);
  if (lang === "yaml" || lang === "yml") return yamlProblems(block.code, () => project.index.yamlBlockErrors(block));
  if (lang === "graphql" || lang === "gql") return graphqlProblems(block.code);
  if (own(SCRIPT_LOADERS, lang)) return scriptProblems(project, block.code, lang);
  if (PYTHON_LANGS.has(lang)) {
    // Without python3 the rule reports once that Python blocks were not checked.
    if (!project.python.available) return [];
    const error = project.python.errors.get(pythonKey(file, block.offset));
    if (!error || pythonFalseAlarm(block.code, error)) return [];
    return [{ at: { line: error.line, column: error.column }, message: error.message }];
  }
  return [];
}

export const codeBlockSyntax: Rule = {
  id: "code-block-syntax",
  needs: ["python", "scripts"],
  // Claude Code never runs fenced code, so a broken example does not stop the plugin; it is an
  // example Claude may copy. Repositories that gate on runnable examples raise this to "error".
  severity: "warning",
  description:
    'Code examples that are complete parse as their language (json, yaml, TypeScript/JavaScript, GraphQL, Python), hold no typographic quotes, and every fence is closed; elided (...), templated ({{x}}, <name>, [name], $ARGUMENTS), signature-listing, type-sketch ("a" | "b"), tool-call sketch (AskUserQuestion: …) and fragment examples are accepted, and a JSON trailing comma alone is a note.',
  consequence:
    "Claude Code never runs fenced code, but Claude copies examples: a broken one becomes broken code in the user's project. An unclosed fence turns the rest of the file into one code block for every Markdown reader.",
  check({ project, report }) {
    let pythonNotRun = false;
    for (const { file, block } of codeBlocks(project.files)) {
      if (
        PYTHON_LANGS.has(block.lang) &&
        !project.python.available &&
        project.python.reason !== "not needed" &&
        !pythonNotRun
      ) {
        pythonNotRun = true;
        report({
          file,
          at: { offset: block.fenceOffset },
          severity: "note",
          message: `Python code blocks were not checked: ${project.python.reason ?? "python3 is not available"}`,
          hint: "install python3 (or set MARS_PYTHON) to check them",
        });
      }
      // An unclosed fence with nothing after it (a stray fence on the last line) hides nothing.
      if (!block.closed && block.code.trim() !== "") {
        const cause = unclosedCause(file, block);
        const line = (offset: number) => file.lines.position(offset).line;
        // Every fence one slip leaves unclosed is one finding: fixing the slip fixes them all.
        const group = cause && `unclosed|${file.path}|${cause.at}`;
        if (cause?.kind === "html") {
          report({
            file,
            group,
            at: { offset: cause.offset, length: 3 },
            // Claude reads the raw text, where the fences pair up: only rendered views break.
            severity: "note",
            message: `this fence follows the tag line "${cause.tag.slice(0, 40)}" (line ${line(cause.tagOffset)}) with no blank line between, so Markdown reads it as part of an HTML block and it opens no code block; the fence meant to close it opens one instead, and from line ${line(block.fenceOffset)} the rest of the file renders as code (Claude reads the raw text and is not affected)`,
            hint: `put a blank line between "${cause.tag.slice(0, 40)}" and the fence`,
          });
          continue;
        }
        if (cause?.kind === "dedent") {
          report({
            file,
            group,
            at: { offset: cause.block.fenceOffset, length: 3 },
            // As above: the raw text pairs up; rendered views break.
            severity: "note",
            message: `this code block ends at line ${line(cause.offset)}, whose "${cause.line.trim().slice(0, 30)}" is indented less than the fence: it ends the list item or quote holding the block, and the block with it, so the fence meant to close the block opens one instead and later fences pair with the wrong ones (Claude reads the raw text and is not affected)`,
            hint: "indent every line of the block at least as deep as its fence",
          });
          continue;
        }
        if (cause) {
          const open = `the fence at line ${line(block.fenceOffset)} is never closed: the rest of the file renders as code`;
          const shown = cause.kind === "glued" ? cause.line.trim() : "";
          report({
            file,
            group,
            at: cause.kind === "nested" ? { offset: cause.outer.fenceOffset, length: 3 } : { offset: cause.offset },
            message:
              cause.kind === "nested"
                ? `this code block holds a fence of its own ("${cause.opener}", line ${line(cause.offset)}) whose closing fence ends this block instead, so every later fence pairs with the wrong one and ${open}`
                : `a fence at the end of a line of text ("…${shown.slice(-40)}") opens no code block, so the fence meant to close it opens one instead, every later fence pairs with the wrong one and ${open}`,
            hint:
              cause.kind === "nested"
                ? "open and close the outer block with more backticks than any fence inside it (````markdown … ```` around a block that holds ```)"
                : "put the fence on a line of its own",
            related: [{ file: file.path, start: file.lines.position(block.fenceOffset) }],
          });
          continue;
        }
        report({
          file,
          at: { offset: block.fenceOffset, length: 3 },
          message: "code fence is never closed: the rest of the file renders as code",
          hint: "add the closing fence line (the same characters as the opening one)",
        });
        continue;
      }
      if (!block.closed || block.code.trim() === "") continue;
      if (block.code.length > MAX_CHECKED_BLOCK) {
        report({
          file,
          at: { offset: block.fenceOffset, length: 3 },
          severity: "note",
          message: `"${block.lang || "plain"}" code block of ${Math.round(block.code.length / 1024)} KiB is too large to check (limit ${MAX_CHECKED_BLOCK / 1024} KiB)`,
        });
        continue;
      }
      let problems: Problem[];
      try {
        problems = problemsOf(project, file, block);
      } catch {
        // A parser failing on its own is not evidence against the example.
        continue;
      }
      const name = languageName(block.lang);
      const script = own(SCRIPT_LOADERS, block.lang) !== undefined;
      for (const problem of problems.slice(0, 1)) {
        const line = "offset" in problem.at ? lineColumn(block.code, problem.at.offset).line : problem.at.line;
        if (deliberate(block.code, line)) continue;
        const family = PYTHON_LANGS.has(block.lang) ? "python" : script ? "script" : undefined;
        if (family && cutByInnerFence(file, block, family)) {
          report({
            file,
            at: { offset: block.fenceOffset, length: 3 },
            message: `this "${block.lang}" block is closed at line ${file.lines.position(block.end).line} by a fence line inside its code (in a string that shows Markdown), so the rest of its code renders as text and the block does not parse: ${problem.message}`,
            hint: `fence the block with more backticks than the fence inside it (\`\`\`\`${block.lang} … \`\`\`\`)`,
          });
          continue;
        }
        // "```python" inside a python block: the block before it was never closed, and a fence with
        // a language cannot close one, so prose and the next example were read as this block's code.
        const failing = block.code.split("\n")[line - 1] ?? "";
        if (block.fenced && openerWithInfo(failing)) {
          report({
            file,
            at: { offset: block.fenceOffset, length: 3 },
            message: `this "${block.lang}" block is not closed before the fence "${failing.trim().slice(0, 30)}" at line ${file.lines.position(block.lineStarts[line - 1] ?? block.offset).line}, which cannot close it (a fence with a language only opens one), so the text between is read as its code and the block runs on to line ${file.lines.position(block.end).line}`,
            hint: "add the closing fence (```) where this example ends",
          });
          continue;
        }
        const smart = smartQuoteAt(block.code, line);
        // An elided or templated example is not meant to parse; smart quotes never are.
        if (
          !smart &&
          (placeholderNear(block.code, line, script) ||
            (script &&
              (elides(block.code) ||
                listsSignatures(block.code) ||
                (!JSX_LABELS.has(block.lang) && leavesValueSlot(block.code)))) ||
            // "[...]" anywhere in JSON: the block is a cut of a document, not the document.
            ((block.lang === "json" || block.lang === "jsonc") && elides(block.code)))
        )
          continue;
        const evident = smart
          ? undefined
          : (evidentLanguage(block.code, block.lang) ??
            (script && holdsJson(block.code) ? "JSON" : undefined) ??
            evidentLine(block.code.split("\n")[line - 1] ?? "", block.lang) ??
            commentedLanguage(block.code, line, block.lang));
        if (evident) {
          report({
            file,
            at: { offset: block.fenceOffset, length: 3 + block.lang.length },
            severity: "note",
            group: `label|${file.path}`,
            message: `code block labelled "${block.lang}" holds ${evident}`,
            hint: "label the fence with the language it holds, so readers and highlighters read it right",
          });
          continue;
        }
        const offset =
          "offset" in problem.at
            ? blockOffset(file, block, problem.at.offset)
            : blockLineOffset(file, block, problem.at.line, problem.at.column);
        report({
          file,
          at: { offset },
          ...(problem.minor ? { severity: "note" as const } : {}),
          // Typographic quotes come from one editor pass over the file: one finding for its blocks.
          ...(smart ? { group: `typographic|${file.path}` } : {}),
          message: smart
            ? `"${block.lang}" code block has typographic quotes (“ ” ‘ ’) in code, so it does not parse as ${name}: ${problem.message}`
            : `"${block.lang}" code block does not parse as ${name}: ${problem.message}`,
          hint: smart
            ? "replace them with straight quotes (' and \"), in this block and in the file's others like it: smart quotes from an editor or word processor break every copy of the example"
            : `fix the example, or label the fence with what it really holds (e.g. "text" for an outline with placeholders)`,
        });
      }
    }
  },
};
