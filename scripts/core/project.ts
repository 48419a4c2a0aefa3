import path from "node:path";
import type { DiskFile, DiskSnapshot } from "./disk.ts";
import { parseJson } from "./json.ts";
import { discover, marketplaceFolders, type PluginSeed } from "./load/discover.ts";
import { classify, join, kindByExtension, layoutFor, type Layout, under } from "./load/layout.ts";
import { referencedPaths, isChangelog, isTemplate } from "./load/references.ts";
import { ProjectIndex } from "./index/index.ts";
import { parseMarkdown, type BodyTokenizer } from "./markdown.ts";
import { tokenizeBody, type MarkdownBody } from "./markdown-body.ts";
import { parseCache, type ParseResult } from "./parse-cache.ts";
import { LineIndex } from "./text.ts";
import type {
  AgentComponent,
  CommandComponent,
  FileKind,
  LoadReason,
  MarketplaceModel,
  PluginModel,
  Project,
  PythonReport,
  SkillComponent,
  SourceFile,
  ValidatorConfig,
} from "./types.ts";
import { parseYaml, type ParseIssue } from "./yaml-text.ts";

export { manifestPath } from "./load/layout.ts";

const posix = path.posix;

const LOADED_BY_KIND: Partial<Record<FileKind, LoadReason>> = {
  "plugin-manifest": "manifest",
  marketplace: "manifest",
  agent: "component",
  skill: "component",
  command: "component",
  "output-style": "component",
  hooks: "config",
  mcp: "config",
  lsp: "config",
  "eval-case": "eval",
  "eval-prompt": "eval",
  "eval-grader": "eval",
};

type Parser = (text: string, tokenize?: BodyTokenizer) => ParseResult;

function markdownResult(text: string, tokenize: BodyTokenizer = tokenizeBody): ParseResult {
  const parsed = parseMarkdown(text, tokenize);
  const ok = parsed.doc.frontmatter?.data !== undefined || parsed.doc.frontmatterProblem === "missing";
  return { markdown: parsed.doc, issues: parsed.issues, ok };
}

function jsonResult(text: string): ParseResult {
  const parsed = parseJson(text);
  return { json: { value: parsed.value, tree: parsed.tree }, issues: parsed.issues, ok: parsed.ok };
}

const yamlResult =
  (multiDocument: boolean): Parser =>
  (text) => {
    const parsed = parseYaml(text, { multiDocument });
    const yaml = { value: parsed.value, doc: parsed.doc, lineCounter: parsed.lineCounter };
    return { yaml, issues: parsed.issues, ok: parsed.ok };
  };

/** How each kind Claude Code reads as data is parsed; other kinds stay text. Each is pure (the parse cache relies on it). */
const PARSERS: Partial<Record<FileKind, Parser>> = {
  agent: markdownResult,
  skill: markdownResult,
  command: markdownResult,
  "output-style": markdownResult,
  "eval-prompt": markdownResult,
  "eval-grader": markdownResult,
  markdown: markdownResult,
  "plugin-manifest": jsonResult,
  marketplace: jsonResult,
  hooks: jsonResult,
  mcp: jsonResult,
  lsp: jsonResult,
  json: jsonResult,
  "eval-case": yamlResult(false),
  yaml: yamlResult(true),
};

function guarded(parser: Parser, text: string, tokenize?: BodyTokenizer): ParseResult {
  try {
    return parser(text, tokenize);
  } catch (error) {
    // Parsers are guarded individually; this keeps one pathological file from stopping the run.
    const issue: ParseIssue = {
      offset: 0,
      length: 0,
      code: "PARSER_FAILURE",
      severity: "error",
      message: `the file could not be parsed: ${(error as Error).message}`,
    };
    return { issues: [issue], ok: false };
  }
}

/** Markdown bodies tokenized elsewhere (another thread) for the files a build parses. */
export interface BodySource {
  /** Told once, before the first Markdown file is parsed, which ones the build parses and in what order. */
  plan(files: readonly SourceFile[]): unknown;
  /** The body of this file's text from `offset`, when it was tokenized elsewhere. */
  take(path: string, text: string, offset: number): MarkdownBody | undefined;
}

function parse(file: SourceFile, bodies?: BodySource): void {
  const parser = PARSERS[file.kind];
  if (!file.readable || !parser) return;
  const tokenize: BodyTokenizer | undefined = bodies
    ? (text, offset) => bodies.take(file.path, text, offset) ?? tokenizeBody(text, offset)
    : undefined;
  const result = parseCache.resultFor(file, () => guarded(parser, file.text, tokenize));
  if (result.markdown) file.markdown = result.markdown;
  if (result.json) file.json = result.json;
  if (result.yaml) file.yaml = result.yaml;
  file.parseIssues.push(...result.issues);
  file.ok = result.ok;
}

/** Parses a file the loader left as text (it is not one Claude Code reads) when a caller needs its data. */
export function ensureParsed(file: SourceFile | undefined): SourceFile | undefined {
  if (file && !file.markdown && !file.json && !file.yaml) parse(file);
  return file;
}

function toSource(disk: DiskFile, kind: FileKind, plugin: number | undefined): SourceFile {
  const text = disk.text ?? "";
  let lines: LineIndex | undefined;
  const file: SourceFile = {
    path: disk.path,
    kind,
    text,
    hasBom: disk.hasBom,
    size: disk.size,
    // Built on first use: only files with a finding need positions, and a marketplace has thousands.
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    plugin,
    ok: disk.text !== undefined,
    readable: disk.text !== undefined,
    parseIssues: [],
    loaded: undefined,
  };
  if (disk.linkTarget) file.linkTarget = disk.linkTarget;
  return file;
}

function frontmatterString(file: SourceFile, key: string): string | undefined {
  const value = file.markdown?.frontmatter?.data?.[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** Plugin-relative folders that hold a skill, as Claude Code scans the skill roots and command roots. */
function skillFolders(
  layout: Layout,
  skillFiles: ReadonlySet<string>,
  hasManifestSkills: boolean,
  hasSkillsDir: boolean,
): Set<string> {
  const folders = new Set<string>();
  for (const skillRoot of layout.skillRoots) {
    const absoluteRoot = join(layout.dir, skillRoot);
    if (skillRoot !== "" && skillFiles.has(join(absoluteRoot, "SKILL.md"))) {
      // A SKILL.md directly in a skills root makes that folder one skill; its subfolders are not scanned.
      folders.add(skillRoot);
      continue;
    }
    // skillFiles holds every SKILL.md of the tree, so this runs per plugin and root: one prefix each.
    const prefix = absoluteRoot === "" ? "" : `${absoluteRoot}/`;
    for (const skillFile of skillFiles) {
      if (!skillFile.startsWith(prefix)) continue;
      const rest = skillFile.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash > 0 && rest.slice(slash + 1) === "SKILL.md") folders.add(join(skillRoot, rest.slice(0, slash)));
    }
  }
  // A folder holding SKILL.md inside a commands root is loaded as one skill.
  for (const commandRoot of layout.commandRoots) {
    const absoluteRoot = join(layout.dir, commandRoot);
    const prefix = absoluteRoot === "" ? "" : `${absoluteRoot}/`;
    for (const skillFile of skillFiles) {
      if (!skillFile.startsWith(prefix)) continue;
      const rest = skillFile.slice(prefix.length);
      if (rest.endsWith("/SKILL.md")) folders.add(join(commandRoot, rest.slice(0, -"/SKILL.md".length)));
    }
  }
  // A lone SKILL.md at the root is a one-skill plugin when nothing else declares skills.
  if (!hasSkillsDir && !hasManifestSkills && skillFiles.has(join(layout.dir, "SKILL.md"))) folders.add("");
  return folders;
}

export interface BuildOptions {
  /** Reads files the tree walk skipped (node_modules, .git, .cache) when a loaded file names them. */
  readExtra?: (relative: string) => DiskFile | undefined;
  /** Told of each file once it is parsed, so external checks can start while the rest is parsed. */
  onParsed?: (file: SourceFile) => void;
  /** Markdown bodies tokenized on other threads while this one parses the rest. */
  bodies?: BodySource;
}

/**
 * Builds the loader's view of a tree: which plugins and marketplaces it holds, what Claude Code
 * registers from each, and which other files it reads (skill resources, files that loaded files
 * link to or run through ${CLAUDE_PLUGIN_ROOT}). Only those files are parsed and linted; the rest
 * are kept as text for the checks that look everywhere (secrets).
 */
export function buildProject(
  root: string,
  snapshot: DiskSnapshot,
  config: ValidatorConfig,
  python: (files: SourceFile[]) => PythonReport = () => ({ available: false, errors: new Map() }),
  options: BuildOptions = {},
): Project {
  const diskByPath = new Map(snapshot.files.map((f) => [f.path, f]));
  const hasDir = (p: string) => snapshot.dirs.has(p);
  const byPath = new Map<string, SourceFile>();
  const add = (file: SourceFile): SourceFile => {
    byPath.set(file.path, file);
    return file;
  };

  // Marketplaces first: their entries say where the plugins are.
  const marketplaces: MarketplaceModel[] = [];
  const marketplaceValues = new Map<string, unknown>();
  for (const dir of marketplaceFolders(snapshot)) {
    const disk = diskByPath.get(join(dir, ".claude-plugin/marketplace.json"));
    if (!disk) continue;
    const file = add(toSource(disk, "marketplace", undefined));
    file.loaded = "manifest";
    parse(file);
    const value = file.json?.value as Record<string, unknown> | undefined;
    marketplaceValues.set(dir, value);
    marketplaces.push({ file, dir, name: typeof value?.name === "string" ? value.name : undefined });
  }

  const discovery = discover(root, snapshot, marketplaceValues);
  const base = posix.basename(root.split(path.sep).join("/"));
  const plugins: PluginModel[] = [];
  const layouts: Layout[] = [];
  for (const seed of discovery.seeds) {
    const { plugin, layout } = pluginFor(
      seed,
      plugins.length,
      discovery.componentFolder,
      base,
      diskByPath,
      hasDir,
      add,
    );
    plugins.push(plugin);
    layouts.push(layout);
  }
  // A folder no local entry names is still published when an entry of its name installs it from
  // elsewhere (a git-subdir or URL source pointing back at this repository).
  for (const plugin of plugins)
    if (plugin.unlisted && discovery.remoteEntryNames.has(plugin.name)) plugin.unlisted = false;
  if (discovery.componentFolder) {
    const layout = layouts[0]!;
    const folder = discovery.componentFolder;
    layout.agentFiles = new Set(
      folder === "agents" ? snapshot.files.filter((f) => f.path.endsWith(".md")).map((f) => f.path) : [],
    );
    layout.commandRoots = folder === "commands" ? [""] : [];
    layout.skillRoots = folder === "skills" ? [""] : [];
    layout.outputStyleRoots = [];
  }

  const skillFiles = new Set(snapshot.files.filter((f) => posix.basename(f.path) === "SKILL.md").map((f) => f.path));
  const skillFoldersByPlugin = layouts.map((layout, index) => {
    const manifest = plugins[index]!.manifest?.json?.value as Record<string, unknown> | undefined;
    return skillFolders(layout, skillFiles, manifest?.skills !== undefined, hasDir(join(layout.dir, "skills")));
  });

  const pluginByDir = new Map(plugins.map((p, i) => [p.dir, i]));
  const owner = (relative: string): number | undefined => {
    for (let dir = posix.dirname(relative); ; dir = posix.dirname(dir)) {
      const index = pluginByDir.get(dir === "." ? "" : dir);
      if (index !== undefined) return index;
      if (dir === "." || dir === "/" || dir === "") return undefined;
    }
  };

  // Files a manifest names by path are read even where the walk does not look (node_modules,
  // .git, .cache): Claude Code loads a hook hidden there all the same.
  const diskFiles = [...snapshot.files];
  if (options.readExtra)
    for (const layout of layouts) {
      const named = [
        ...(layout.agentFiles ?? []),
        ...layout.commandFiles,
        ...layout.hookFiles,
        ...layout.mcpFiles,
        ...layout.lspFiles,
        ...layout.monitorFiles,
      ];
      for (const relative of named.map((entry) => join(layout.dir, entry))) {
        if (diskByPath.has(relative)) continue;
        const disk = options.readExtra(relative);
        if (!disk) continue;
        diskByPath.set(relative, disk);
        diskFiles.push(disk);
      }
    }

  // Every file gets its kind; the ones Claude Code reads are parsed now.
  const pending: SourceFile[] = [];
  for (const disk of diskFiles) {
    if (byPath.has(disk.path)) continue;
    const pluginIndex = owner(disk.path);
    // Where a file sits decides its kind, even when it cannot be read: an unreadable or binary
    // agent is still an agent (and is reported as one); other binary files stay binary.
    let kind = kindByExtension(disk.path, false);
    if (pluginIndex !== undefined) {
      const layout = layouts[pluginIndex]!;
      const relative = under(disk.path, layout.dir) ?? disk.path;
      kind = classify(relative, layout, skillFoldersByPlugin[pluginIndex]!, kind);
      if (disk.binary && LOADED_BY_KIND[kind] === undefined) kind = "binary";
      const skillResource = [...skillFoldersByPlugin[pluginIndex]!].some(
        (folder) => folder !== "" && under(relative, folder) !== undefined,
      );
      const experimental = [...layout.workflowRoots, ...layout.themeRoots].some(
        (root) => relative === root || under(relative, root) !== undefined,
      );
      if (relative === "settings.json" || layout.monitorFiles.has(relative))
        pending.push(markLoaded(add(toSource(disk, kind, pluginIndex)), "config"));
      else if (experimental && !LOADED_BY_KIND[kind])
        pending.push(markLoaded(add(toSource(disk, kind, pluginIndex)), "component"));
      else if (LOADED_BY_KIND[kind])
        pending.push(markLoaded(add(toSource(disk, kind, pluginIndex)), LOADED_BY_KIND[kind]!));
      else if (skillResource || under(relative, "bin") !== undefined)
        pending.push(
          markLoaded(add(toSource(disk, kind, pluginIndex)), skillResource ? "skill-resource" : "executable"),
        );
      else add(toSource(disk, kind, pluginIndex));
    } else add(toSource(disk, disk.binary ? "binary" : kind, undefined));
  }

  // Files that loaded files reach (links, ${CLAUDE_PLUGIN_ROOT} paths), followed within the plugin.
  const allFiles = config.files === "all";
  const queue = [...pending];
  const component = (file: SourceFile) => LOADED_BY_KIND[file.kind] !== undefined;
  const bodies = options.bodies;
  if (bodies) bodies.plan(markdownToParse(queue, allFiles ? [...byPath.values()] : [], component));
  for (const file of queue) {
    if (!component(file) && isTemplate(file)) {
      file.loaded = undefined;
      continue;
    }
    parse(file, bodies);
    options.onParsed?.(file);
    if (!component(file) && file.markdown && isTemplate(file)) {
      file.loaded = undefined;
      continue;
    }
    if (file.plugin === undefined) continue;
    const plugin = plugins[file.plugin]!;
    for (const target of referencedPaths(file, plugin.dir)) {
      let next = byPath.get(target.path);
      if (!next && !target.folder && options.readExtra) {
        const disk = options.readExtra(target.path);
        if (disk) {
          const relative = under(disk.path, plugin.dir) ?? disk.path;
          const kind = classify(
            relative,
            layouts[file.plugin]!,
            skillFoldersByPlugin[file.plugin]!,
            kindByExtension(disk.path, disk.binary || disk.text === undefined),
          );
          next = add(toSource(disk, kind, file.plugin));
        }
      }
      // A script's folder brings its code along, not the documentation kept beside it.
      const targets = next
        ? [next]
        : target.folder
          ? filesUnder(byPath, target.path).filter((f) => f.kind !== "markdown")
          : [];
      for (const found of targets) {
        if (found.loaded || found.plugin !== file.plugin || isChangelog(found.path)) continue;
        found.loaded = "referenced";
        queue.push(found);
      }
    }
  }
  if (allFiles)
    for (const file of byPath.values())
      if (!file.loaded && !file.markdown && !file.json && !file.yaml) {
        parse(file, bodies);
        options.onParsed?.(file);
      }

  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  registerComponents(files, plugins, layouts);

  const linted = allFiles ? files : files.filter((f) => f.loaded !== undefined);
  const project = {
    root,
    files: linted,
    allFiles: files,
    byPath,
    entries: new Set(snapshot.files.map((f) => f.path)),
    dirs: snapshot.dirs,
    plugins,
    marketplaces,
    marketplace: marketplaces.find((m) => m.dir === "") ?? marketplaces[0],
    python: { available: false, errors: new Map() },
    config,
    diskIssues: snapshot.issues,
    empty: discovery.empty,
    index: undefined as unknown as ProjectIndex,
  } satisfies Project as Project;
  // The index reads the project it belongs to, so it is attached once the project exists.
  project.index = new ProjectIndex(project);
  if (discovery.componentFolder) project.componentFolder = discovery.componentFolder;
  project.python = python(linted);
  return project;
}

/**
 * The Markdown files a build will parse, in the order it parses them: the loaded files (less
 * those skipped as templates), then with --all-files every other one. Files reached through
 * links are found while parsing, so they are not known yet; nor are those the parse cache holds.
 */
function markdownToParse(
  queue: readonly SourceFile[],
  rest: readonly SourceFile[],
  component: (file: SourceFile) => boolean,
): SourceFile[] {
  const planned: SourceFile[] = [];
  const seen = new Set<SourceFile>();
  const add = (file: SourceFile) => {
    if (seen.has(file) || !file.readable || PARSERS[file.kind] !== markdownResult || parseCache.has(file)) return;
    seen.add(file);
    planned.push(file);
  };
  for (const file of queue) if (component(file) || !isTemplate(file)) add(file);
  for (const file of rest) if (!file.loaded) add(file);
  return planned;
}

function markLoaded(file: SourceFile, reason: LoadReason): SourceFile {
  file.loaded = reason;
  return file;
}

function filesUnder(byPath: ReadonlyMap<string, SourceFile>, dir: string): SourceFile[] {
  const found: SourceFile[] = [];
  const prefix = `${dir}/`;
  for (const [key, file] of byPath) if (key.startsWith(prefix)) found.push(file);
  return found;
}

function pluginFor(
  seed: PluginSeed,
  index: number,
  componentFolder: string | undefined,
  base: string,
  diskByPath: ReadonlyMap<string, DiskFile>,
  hasDir: (p: string) => boolean,
  add: (file: SourceFile) => SourceFile,
): { plugin: PluginModel; layout: Layout } {
  const manifestDisk = diskByPath.get(join(seed.dir, ".claude-plugin/plugin.json"));
  let manifest: SourceFile | undefined;
  if (manifestDisk) {
    manifest = add(toSource(manifestDisk, "plugin-manifest", index));
    manifest.loaded = "manifest";
    parse(manifest);
  }
  const manifestValue = manifest?.json?.value;
  const manifestObject =
    manifestValue && typeof manifestValue === "object" && !Array.isArray(manifestValue)
      ? (manifestValue as Record<string, unknown>)
      : undefined;
  const manifestName =
    typeof manifestObject?.name === "string" && manifestObject.name ? manifestObject.name : undefined;
  const fallbackName = seed.dir === "" ? (componentFolder ? "plugin" : base || "plugin") : posix.basename(seed.dir);
  const layout = layoutFor(seed.dir, manifestObject, hasDir);
  const plugin: PluginModel = {
    dir: seed.dir,
    name: manifestName ?? seed.entryName ?? fallbackName,
    manifest,
    agents: [],
    skills: [],
    commands: [],
    hooks: [],
    mcp: [],
    evalDir: layout.evalDir,
    ignoredDefaults: layout.ignoredDefaults,
    marketplaceEntry: seed.entry,
    marketplaceDir: seed.marketplaceDir,
    unlisted: seed.unlisted,
  };
  return { plugin, layout };
}

/** Adds each agent, skill and command file to its plugin under the id Claude Code registers. */
function registerComponents(files: readonly SourceFile[], plugins: PluginModel[], layouts: readonly Layout[]): void {
  for (const file of files) {
    if (file.plugin === undefined) continue;
    const plugin = plugins[file.plugin]!;
    const layout = layouts[file.plugin]!;
    const relative = under(file.path, plugin.dir) ?? file.path;
    if (file.kind === "agent") {
      const fileName = posix.basename(relative, ".md");
      const afterRoot = layout.agentFiles ? "" : (under(relative, "agents") ?? relative);
      const segments = afterRoot
        ? posix
            .dirname(afterRoot)
            .split("/")
            .filter((s) => s && s !== ".")
        : [];
      const frontmatterName = frontmatterString(file, "name");
      const name = frontmatterName?.trim() || fileName;
      plugin.agents.push({
        file,
        fileName,
        frontmatterName,
        name,
        id: [plugin.name, ...segments, name].join(":"),
      } satisfies AgentComponent);
    } else if (file.kind === "skill") {
      const dir = posix.dirname(relative);
      const folder = dir === "." ? plugin.name : posix.basename(dir);
      const frontmatterName = frontmatterString(file, "name");
      plugin.skills.push({
        file,
        folder,
        frontmatterName,
        name: folder,
        id: `${plugin.name}:${folder.replace(/[^\w-]/g, "-")}`,
      } satisfies SkillComponent);
    } else if (file.kind === "command") {
      const fileName = posix.basename(relative, ".md");
      // A file the manifest lists by path is named by its file name alone ("./commands/fix.md" is
      // plugin:fix); a file found under a listed or default folder keeps its subfolders as segments.
      const root = layout.commandRoots.find((r) => under(relative, r) !== undefined);
      const listed = root === undefined && layout.commandFiles.has(relative);
      const inner = root === undefined ? (listed ? fileName : relative) : under(relative, root)!;
      const segments = posix
        .dirname(inner)
        .split("/")
        .filter((s) => s && s !== ".");
      plugin.commands.push({
        file,
        fileName,
        name: fileName,
        id: [plugin.name, ...segments, fileName].join(":"),
      } satisfies CommandComponent);
    } else if (file.kind === "hooks") plugin.hooks.push(file);
    else if (file.kind === "mcp") plugin.mcp.push(file);
  }
}
