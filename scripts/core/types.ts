import type { Document, LineCounter } from "yaml";
import type { Node as JsonNode } from "jsonc-parser";
import type { LineIndex } from "./text.ts";
import type { ParseIssue } from "./yaml-text.ts";
import type { DiskIssue } from "./disk.ts";
import type { ProjectIndex } from "./index/index.ts";

/**
 * What a finding means in Claude Code: `error`, it refuses or fails to load the thing, silently
 * drops a component or field, or it is a security hazard; `warning`, it loads but is probably
 * wrong; `note`, a matter of style or portability that never changes the exit code.
 */
export type Severity = "error" | "warning" | "note";

/** 1-based line and column; columns count UTF-16 code units, as editors do. */
export interface Position {
  line: number;
  column: number;
}

export interface Location {
  /** POSIX path relative to the root the user gave. */
  file: string;
  start: Position;
  end?: Position;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  hint?: string;
  /** The other places with the same root cause, when repeats were collapsed into this finding. */
  related?: Location[];
  /** How many places share this finding's root cause (1 + related.length), when more than one. */
  count?: number;
  /** Safe mechanical repairs (`--fix`): this finding's, then those of the places in `related`. */
  fixes?: Fix[];
}

/** Replace `[start, end)` of a file's text (SourceFile.text offsets: UTF-16, after any BOM) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * A repair that changes nothing but what the finding is about: edits to one file's text, the
 * removal of its byte order mark, or a new name for it. `file` is the path the finding uses.
 */
export type Fix =
  | { kind: "edit"; file: string; edits: readonly TextEdit[]; description: string }
  | { kind: "remove-bom"; file: string; description: string }
  | { kind: "rename"; file: string; to: string; description: string };

export type JsonPath = readonly (string | number)[];

/** Where in a file a finding points: a path into its data, or a text offset. */
export type Anchor =
  | { path: JsonPath; part?: "value" | "key" | "missing" }
  | { offset: number; length?: number }
  | { line: number; column?: number };

export type FileKind =
  | "plugin-manifest"
  | "marketplace"
  | "agent"
  | "skill"
  | "command"
  | "output-style"
  | "hooks"
  | "mcp"
  | "lsp"
  | "eval-case"
  | "eval-prompt"
  | "eval-grader"
  | "markdown"
  | "json"
  | "yaml"
  | "python"
  | "text"
  | "binary";

export interface Frontmatter {
  /** Parsed mapping; undefined when the YAML could not be read even leniently. */
  data: Record<string, unknown> | undefined;
  /** The YAML document, for locating keys and values. */
  doc: Document | undefined;
  /** Offset of the YAML text (the character after the opening `---`) in the file text. */
  offset: number;
  /** The raw YAML text between the delimiters. */
  raw: string;
  /** True when the strict parse failed and Claude Code's lenient retry was needed. */
  recovered: boolean;
  /** True when every line is a plain `key: value` (or list item) line, read without the YAML parser. */
  simple?: true;
}

export interface CodeBlock {
  /** Lower-cased first word of the info string ("" when absent, and for indented code). */
  lang: string;
  /** The whole info string after the opening fence. */
  info: string;
  /** False for an indented code block. */
  fenced: boolean;
  /** Offset of the first code line (the line after the opening fence). */
  offset: number;
  /** Offset of the opening fence (or of the first code line when indented). */
  fenceOffset: number;
  /** Offset just after the block's last line (the closing fence when there is one). */
  end: number;
  /** The code, with the fence's indentation and any container markers removed. */
  code: string;
  closed: boolean;
  /** Offset in the file of the first character of each code line. */
  lineStarts: number[];
}

export interface MarkdownLink {
  /** The destination as written (angle brackets removed, escapes kept). */
  target: string;
  offset: number;
  length: number;
  /** An inline link, an image, or a link reference definition (`[x]: target`). */
  kind: "link" | "image" | "definition";
}

export interface MarkdownHeading {
  text: string;
  /** GitHub's anchor for it (github-slugger, repeats numbered). */
  slug: string;
  level: number;
  offset: number;
}

export interface HtmlComment {
  offset: number;
  text: string;
}

export interface MarkdownDoc {
  frontmatter: Frontmatter | undefined;
  /** Why no frontmatter was read, when there is none. */
  frontmatterProblem?: "missing" | "unterminated" | "language" | "leading-blank" | "leading-comment";
  frontmatterLanguage?: string;
  body: string;
  bodyOffset: number;
  codeBlocks: CodeBlock[];
  links: MarkdownLink[];
  headings: MarkdownHeading[];
  /** Anchors a link's #fragment may name: heading slugs and HTML id/name values. */
  anchors: Set<string>;
  /** Inline code spans, [start, end) offsets with their backticks. */
  codeSpans: [number, number][];
  /** HTML comments standing as blocks of their own. */
  htmlComments: HtmlComment[];
}

interface JsonDoc {
  value: unknown;
  tree: JsonNode | undefined;
}

interface YamlDoc {
  value: unknown;
  doc: Document;
  lineCounter: LineCounter;
}

export interface SourceFile {
  /** POSIX path relative to the root. */
  path: string;
  kind: FileKind;
  /** Text with any UTF-8 BOM removed; offsets and positions refer to it. */
  text: string;
  hasBom: boolean;
  size: number;
  lines: LineIndex;
  /** Index into Project.plugins of the plugin this file belongs to, if any. */
  plugin: number | undefined;
  markdown?: MarkdownDoc;
  json?: JsonDoc;
  yaml?: YamlDoc;
  /** False when the file could not be parsed: schema rules skip it. */
  ok: boolean;
  /** False when the file could not be read as text (binary, too large, unreadable): its text is "". */
  readable: boolean;
  /** Syntax problems met while parsing, offsets in `text`. */
  parseIssues: ParseIssue[];
  /** Set when the file is a link to another file inside the root. */
  linkTarget?: string;
  /** Why Claude Code reads the file; undefined when it never does (README, CHANGELOG, docs, ...). */
  loaded: LoadReason | undefined;
}

/**
 * Why Claude Code (or `claude plugin eval`) reads a file: a manifest, a registered component,
 * a hooks/MCP/LSP/settings config, an eval case, a file inside a skill folder, a program in bin/,
 * or a file that a loaded file links to or runs through ${CLAUDE_PLUGIN_ROOT}.
 */
export type LoadReason = "manifest" | "component" | "config" | "eval" | "skill-resource" | "executable" | "referenced";

interface ComponentRef {
  file: SourceFile;
  /** The plugin-local name (frontmatter name or file/folder name). */
  name: string;
  /** The runtime id `<plugin>:<subfolders…>:<name>`. */
  id: string;
}

export interface AgentComponent extends ComponentRef {
  /** File name without `.md`. */
  fileName: string;
  frontmatterName: string | undefined;
}

export interface SkillComponent extends ComponentRef {
  folder: string;
  frontmatterName: string | undefined;
}

export interface CommandComponent extends ComponentRef {
  fileName: string;
}

export interface PluginModel {
  /** Folder relative to the root ("" for the root itself). */
  dir: string;
  name: string;
  manifest: SourceFile | undefined;
  agents: AgentComponent[];
  skills: SkillComponent[];
  commands: CommandComponent[];
  hooks: SourceFile[];
  mcp: SourceFile[];
  /** Eval folder relative to the plugin dir. */
  evalDir: string;
  /** Folders that the manifest replaced, so their files are not loaded. */
  ignoredDefaults: string[];
  /** The marketplace entry (index) that lists the plugin, if one does. */
  marketplaceEntry: number | undefined;
  /** Folder of the marketplace whose entry lists the plugin. */
  marketplaceDir: string | undefined;
  /** A plugin folder in a marketplace tree that no marketplace lists. */
  unlisted: boolean;
}

export interface MarketplaceModel {
  file: SourceFile;
  /** Folder holding `.claude-plugin/marketplace.json` ("" for the root). */
  dir: string;
  name: string | undefined;
}

export interface Project {
  /** Absolute path of the root the user gave. */
  root: string;
  /** The files rules lint: what Claude Code reads (every file with `files: "all"`). */
  files: SourceFile[];
  /** Every file read from the tree, for the checks that look everywhere (secrets). */
  allFiles: SourceFile[];
  byPath: ReadonlyMap<string, SourceFile>;
  /** Every path seen on disk (files, not followed links), for existence checks. */
  entries: ReadonlySet<string>;
  /** Folders seen on disk. */
  dirs: ReadonlySet<string>;
  plugins: PluginModel[];
  /** Every marketplace in the tree, the root's first. */
  marketplaces: MarketplaceModel[];
  /** The root's marketplace (or the first nested one). */
  marketplace: MarketplaceModel | undefined;
  /** True when the tree holds no plugin, marketplace or component folder. */
  empty: boolean;
  /** The git "origin" remote URL of the checkout, when there is one. */
  gitOrigin?: string;
  /** Python compile errors keyed by "<path>#<offset>" for code blocks and "<path>" for files. */
  python: PythonReport;
  config: ValidatorConfig;
  /** Problems met while reading the tree (links, sizes, encodings). */
  diskIssues: DiskIssue[];
  /** Set when the root is itself an agents/, skills/ or commands/ folder. */
  componentFolder?: "agents" | "skills" | "commands";
  /** What rules share, derived once by core (component ids, references, parsed code blocks, esbuild verdicts). */
  index: ProjectIndex;
}

export interface PythonReport {
  available: boolean;
  /** Why the Python checks could not run, when they could not. */
  reason?: string;
  /** How many Python blocks and files there were to compile. */
  sources?: number;
  errors: Map<string, { line: number; column: number; message: string }>;
}

export interface BudgetConfig {
  /** Always-on tokens allowed per component. */
  alwaysOnPerComponent: number;
  /** Always-on tokens allowed for a whole plugin. */
  alwaysOnPerPlugin: number;
  /** On-invoke tokens allowed per component kind. */
  onInvoke: { agent: number; skill: number; command: number };
}

export interface ValidatorConfig {
  ignore: string[];
  budgets: BudgetConfig;
  rules: Record<string, Severity | "off">;
  /** Plugin names other than the plugin's own that references may name (the "planets"). */
  externalPlugins: string[];
  /** Built-in rule sets to add to the general rules ("mars-house": this repository's own rules). */
  presets: string[];
  /** "loaded" (default) lints what Claude Code reads; "all" lints every file in the tree. */
  files: "loaded" | "all";
  /** Per-file rule severities; later entries win. */
  overrides: { files: string[]; rules: Record<string, Severity | "off"> }[];
}

export interface ReportInput {
  file: SourceFile | string;
  at?: Anchor;
  message: string;
  hint?: string;
  severity?: Severity;
  related?: Location[];
  /**
   * A key naming the root cause: findings of one rule with the same group collapse into the
   * first one, which lists the others in `related` and counts them.
   */
  group?: string;
  /** A safe mechanical repair for this place (see fix/make.ts for the helpers that build one). */
  fix?: Fix;
}

export interface RuleContext {
  project: Project;
  report(input: ReportInput): void;
}

export interface RuleMeta {
  id: string;
  /** What the rule checks, in one sentence. */
  description: string;
  severity: Severity;
  /** What Claude Code (2.1.330, as observed) does with what the rule reports: why it matters. */
  consequence: string;
}

/** Results an external program produces: python3's compile errors, esbuild's script verdicts. */
export type ExternalNeed = "python" | "scripts";

export interface Rule extends RuleMeta {
  /** Results a rule reads that an external program produces; the pipeline has them ready before the rule runs. */
  needs?: readonly ExternalNeed[];
  check(ctx: RuleContext): void;
}
