import { parseJson, type JsonParse } from "../json.ts";
import type { ScriptReport } from "../scripts.ts";
import type { CodeBlock, Project, SourceFile } from "../types.ts";
import { parseYamlBlock, singleDocument, type ParseIssue, type YamlBlock } from "../yaml-text.ts";
import { buildComponentIndex, type ComponentIndex } from "./components.ts";
import { readMarketplaces, type MarketplaceData } from "./marketplaces.ts";
import { fencedSpans, scanReferences, type Reference } from "./references.ts";
import { TreeIndex } from "./tree.ts";

export type { ComponentIndex } from "./components.ts";
export type { MarketplaceData } from "./marketplaces.ts";
export type { Reference } from "./references.ts";

const NOT_CHECKED: ScriptReport = { problems: () => undefined };

/**
 * What rules share, derived from the project by core: each part is built the first time a rule
 * reads it and then kept, so a part no enabled rule reads costs nothing and none is built
 * twice. Results of external programs (esbuild here, python3 in `Project.python`) are filled in
 * by the pipeline before the rules that declare they need them run. Rules only read.
 */
export class ProjectIndex {
  readonly tree: TreeIndex;
  /** Syntax verdicts of the script code blocks (set by the pipeline when an enabled rule needs them). */
  scripts: ScriptReport = NOT_CHECKED;
  /** Errors of YAML code blocks parsed elsewhere (a worker thread), by code; set by the pipeline. */
  yamlErrors: ReadonlyMap<string, ParseIssue[]> = new Map();
  #components: ComponentIndex | undefined;
  #references: Reference[] | undefined;
  #marketplaces: MarketplaceData[] | undefined;
  readonly #spans = new WeakMap<SourceFile, [number, number][]>();
  readonly #yaml = new WeakMap<CodeBlock, YamlBlock>();
  readonly #yamlValues = new WeakMap<CodeBlock, ReturnType<typeof singleDocument> | null>();
  readonly #json = new WeakMap<CodeBlock, JsonParse>();

  constructor(private readonly project: Project) {
    this.tree = new TreeIndex(project);
  }

  /** What each plugin registers, by runtime id and by the names Claude Code also accepts. */
  get components(): ComponentIndex {
    return (this.#components ??= buildComponentIndex(this.project));
  }

  /** Every reference to a component in the project's Markdown files. */
  get references(): readonly Reference[] {
    return (this.#references ??= scanReferences(this.project, (file) => this.fencedSpans(file)));
  }

  /** Every marketplace (the root's first) with its object entries. */
  get marketplaces(): readonly MarketplaceData[] {
    return (this.#marketplaces ??= readMarketplaces(this.project));
  }

  /** The [start, end) spans of a Markdown file's code blocks, fences included, in file order. */
  fencedSpans(file: SourceFile): [number, number][] {
    let spans = this.#spans.get(file);
    if (!spans) this.#spans.set(file, (spans = fencedSpans(file)));
    return spans;
  }

  /** A YAML code block parsed as a stream of documents. */
  yamlBlock(block: CodeBlock): YamlBlock {
    let parsed = this.#yaml.get(block);
    if (!parsed) this.#yaml.set(block, (parsed = parseYamlBlock(block.code)));
    return parsed;
  }

  /** The errors of a YAML code block parsed as a stream of documents. */
  yamlBlockErrors(block: CodeBlock): ParseIssue[] {
    return this.yamlErrors.get(block.code) ?? this.yamlBlock(block).errors;
  }

  /** The one YAML document of a code block and its value, when it holds exactly one that parses. */
  yamlDocument(block: CodeBlock): ReturnType<typeof singleDocument> {
    let found = this.#yamlValues.get(block);
    if (found === undefined) this.#yamlValues.set(block, (found = singleDocument(this.yamlBlock(block)) ?? null));
    return found ?? undefined;
  }

  /** A JSON code block parsed as a JSON file would be. */
  jsonBlock(block: CodeBlock): JsonParse {
    let parsed = this.#json.get(block);
    if (!parsed) this.#json.set(block, (parsed = parseJson(block.code)));
    return parsed;
  }
}
