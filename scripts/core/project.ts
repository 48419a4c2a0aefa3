import path from "node:path";
import type { DiskFile, DiskSnapshot } from "./disk.ts";
import { parseJson } from "./json.ts";
import { parseMarkdown } from "./markdown.ts";
import { LineIndex } from "./text.ts";
import type {
  AgentComponent,
  CommandComponent,
  FileKind,
  PluginModel,
  Project,
  PythonReport,
  SkillComponent,
  SourceFile,
  ValidatorConfig,
} from "./types.ts";
import { parseYaml } from "./yaml-text.ts";

const posix = path.posix;

/** Strips "./" and a trailing "/" from a manifest path; undefined when it is not a plain relative path. */
export function manifestPath(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith("./")) return undefined;
  const normalized = posix.normalize(value.slice(2)).replace(/\/+$/, "");
  if (normalized.startsWith("..") || posix.isAbsolute(normalized)) return undefined;
  return normalized === "." ? "" : normalized;
}

function join(dir: string, relative: string): string {
  return dir === "" ? relative : relative === "" ? dir : `${dir}/${relative}`;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function kindByExtension(file: DiskFile): FileKind {
  if (file.binary || file.text === undefined) return "binary";
  const extension = posix.extname(file.path).toLowerCase();
  if (extension === ".md" || extension === ".markdown") return "markdown";
  if (extension === ".json") return "json";
  if (extension === ".yaml" || extension === ".yml") return "yaml";
  if (extension === ".py") return "python";
  return "text";
}

interface Layout {
  dir: string;
  agentFiles: Set<string> | undefined;
  commandRoots: string[];
  commandFiles: Set<string>;
  skillRoots: string[];
  hookFiles: Set<string>;
  mcpFiles: Set<string>;
  evalDir: string;
  ignoredDefaults: string[];
}

function layoutFor(dir: string, manifest: Record<string, unknown> | undefined, hasDir: (p: string) => boolean): Layout {
  const layout: Layout = {
    dir,
    agentFiles: undefined,
    commandRoots: ["commands"],
    commandFiles: new Set(),
    skillRoots: ["skills"],
    hookFiles: new Set(["hooks/hooks.json"]),
    mcpFiles: new Set([".mcp.json"]),
    evalDir: "evals",
    ignoredDefaults: [],
  };
  if (!manifest) return layout;
  if (manifest.agents !== undefined) {
    layout.agentFiles = new Set(
      asList(manifest.agents)
        .map(manifestPath)
        .filter((p): p is string => p !== undefined),
    );
    if (hasDir(join(dir, "agents"))) layout.ignoredDefaults.push("agents");
  }
  if (manifest.commands !== undefined) {
    const entries =
      manifest.commands !== null && typeof manifest.commands === "object" && !Array.isArray(manifest.commands)
        ? Object.values(manifest.commands as Record<string, unknown>).map((c) =>
            c && typeof c === "object" ? (c as Record<string, unknown>).source : undefined,
          )
        : asList(manifest.commands);
    layout.commandRoots = [];
    for (const entry of entries.map(manifestPath)) {
      if (entry === undefined) continue;
      if (entry.endsWith(".md")) layout.commandFiles.add(entry);
      else layout.commandRoots.push(entry);
    }
    if (hasDir(join(dir, "commands")) && !layout.commandRoots.includes("commands"))
      layout.ignoredDefaults.push("commands");
  }
  for (const entry of asList(manifest.skills).map(manifestPath)) if (entry !== undefined) layout.skillRoots.push(entry);
  for (const entry of asList(manifest.hooks).map(manifestPath)) if (entry !== undefined) layout.hookFiles.add(entry);
  for (const entry of asList(manifest.mcpServers).map(manifestPath))
    if (entry?.endsWith(".json")) layout.mcpFiles.add(entry);
  const experimental = manifest.experimental;
  if (
    experimental &&
    typeof experimental === "object" &&
    typeof (experimental as Record<string, unknown>).evals === "string"
  ) {
    const evals = String((experimental as Record<string, unknown>).evals)
      .replace(/^\.\//, "")
      .replace(/\/+$/, "");
    if (evals && !evals.includes("..") && !posix.isAbsolute(evals)) layout.evalDir = evals;
  }
  return layout;
}

function under(relative: string, root: string): string | undefined {
  if (root === "") return relative;
  return relative.startsWith(`${root}/`) ? relative.slice(root.length + 1) : undefined;
}

function classify(relative: string, layout: Layout, skillFolders: Set<string>, byExtension: FileKind): FileKind {
  if (byExtension === "binary") return "binary";
  if (relative === ".claude-plugin/plugin.json") return "plugin-manifest";
  if (layout.hookFiles.has(relative)) return "hooks";
  if (layout.mcpFiles.has(relative)) return "mcp";
  if (relative === ".lsp.json") return "lsp";
  const isMarkdown = byExtension === "markdown";
  if (isMarkdown) {
    if (layout.agentFiles ? layout.agentFiles.has(relative) : /^agents\/.+\.md$/.test(relative)) return "agent";
    if (posix.basename(relative) === "SKILL.md" && skillFolders.has(posix.dirname(relative))) return "skill";
    if (layout.commandFiles.has(relative)) return "command";
    for (const root of layout.commandRoots) {
      const rest = under(relative, root);
      if (rest === undefined || !rest.endsWith(".md")) continue;
      let folder = posix.dirname(relative);
      let inSkill = false;
      for (; folder !== "." && folder !== root; folder = posix.dirname(folder))
        if (skillFolders.has(folder)) inSkill = true;
      if (!inSkill) return "command";
    }
    if (/^output-styles\/.+\.md$/.test(relative)) return "output-style";
  }
  const inEvals = under(relative, layout.evalDir);
  if (inEvals !== undefined) {
    const name = posix.basename(relative);
    if (name === "case.yaml") return "eval-case";
    if (name === "prompt.md") return "eval-prompt";
    if (isMarkdown && posix.basename(posix.dirname(relative)) === "graders") return "eval-grader";
  }
  return byExtension;
}

function parse(file: SourceFile): void {
  try {
    switch (file.kind) {
      case "agent":
      case "skill":
      case "command":
      case "output-style":
      case "eval-prompt":
      case "eval-grader":
      case "markdown": {
        const parsed = parseMarkdown(file.text);
        file.markdown = parsed.doc;
        file.parseIssues.push(...parsed.issues);
        file.ok = parsed.doc.frontmatter?.data !== undefined || parsed.doc.frontmatterProblem === "missing";
        break;
      }
      case "plugin-manifest":
      case "marketplace":
      case "hooks":
      case "mcp":
      case "lsp":
      case "json": {
        const parsed = parseJson(file.text);
        file.json = { value: parsed.value, tree: parsed.tree };
        file.parseIssues.push(...parsed.issues);
        file.ok = parsed.ok;
        break;
      }
      case "eval-case":
      case "yaml": {
        const parsed = parseYaml(file.text, { multiDocument: file.kind === "yaml" });
        file.yaml = { value: parsed.value, doc: parsed.doc, lineCounter: parsed.lineCounter };
        file.parseIssues.push(...parsed.issues);
        file.ok = parsed.ok;
        break;
      }
      default:
        break;
    }
  } catch (error) {
    // Parsers are guarded individually; this keeps one pathological file from stopping the run.
    file.ok = false;
    file.parseIssues.push({
      offset: 0,
      length: 0,
      code: "PARSER_FAILURE",
      severity: "error",
      message: `the file could not be parsed: ${(error as Error).message}`,
    });
  }
}

function toSource(disk: DiskFile, kind: FileKind, plugin: number | undefined): SourceFile {
  const text = disk.text ?? "";
  const file: SourceFile = {
    path: disk.path,
    kind,
    text,
    hasBom: disk.hasBom,
    size: disk.size,
    lines: new LineIndex(text),
    plugin,
    ok: disk.text !== undefined,
    parseIssues: [],
  };
  if (disk.linkTarget) file.linkTarget = disk.linkTarget;
  return file;
}

function frontmatterString(file: SourceFile, key: string): string | undefined {
  const value = file.markdown?.frontmatter?.data?.[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

interface PluginSeed {
  dir: string;
  entry: number | undefined;
  entryName: string | undefined;
}

function marketplaceSeeds(file: SourceFile | undefined, hasDir: (p: string) => boolean): PluginSeed[] {
  const value = file?.json?.value as Record<string, unknown> | undefined;
  if (!value || !Array.isArray(value.plugins)) return [];
  const metadata = value.metadata as Record<string, unknown> | undefined;
  const pluginRoot =
    typeof metadata?.pluginRoot === "string"
      ? manifestPath(metadata.pluginRoot.startsWith("./") ? metadata.pluginRoot : `./${metadata.pluginRoot}`)
      : undefined;
  const seeds: PluginSeed[] = [];
  value.plugins.forEach((entry, index) => {
    if (!entry || typeof entry !== "object") return;
    const source = (entry as Record<string, unknown>).source;
    if (typeof source !== "string") return;
    const dir = source.startsWith("./")
      ? manifestPath(source)
      : pluginRoot !== undefined && !source.includes("/") && !source.includes("..")
        ? join(pluginRoot, source)
        : undefined;
    if (dir === undefined || !(dir === "" || hasDir(dir))) return;
    const name = (entry as Record<string, unknown>).name;
    seeds.push({ dir, entry: index, entryName: typeof name === "string" ? name : undefined });
  });
  return seeds;
}

export function buildProject(
  root: string,
  snapshot: DiskSnapshot,
  config: ValidatorConfig,
  python: (files: SourceFile[]) => PythonReport,
): Project {
  const diskByPath = new Map(snapshot.files.map((f) => [f.path, f]));
  const hasDir = (p: string) => snapshot.dirs.has(p);
  const files: SourceFile[] = [];

  const marketplaceDisk = diskByPath.get(".claude-plugin/marketplace.json");
  let marketplaceFile: SourceFile | undefined;
  if (marketplaceDisk) {
    marketplaceFile = toSource(
      marketplaceDisk,
      marketplaceDisk.text === undefined ? "binary" : "marketplace",
      undefined,
    );
    parse(marketplaceFile);
    files.push(marketplaceFile);
  }

  const seeds = new Map<string, PluginSeed>();
  if (diskByPath.has(".claude-plugin/plugin.json")) seeds.set("", { dir: "", entry: undefined, entryName: undefined });
  for (const seed of marketplaceSeeds(marketplaceFile, hasDir)) {
    const existing = seeds.get(seed.dir);
    if (existing) existing.entry ??= seed.entry;
    if (existing) existing.entryName ??= seed.entryName;
    else seeds.set(seed.dir, seed);
  }
  const base = posix.basename(root.split(path.sep).join("/"));
  let componentFolder: Project["componentFolder"];
  if (seeds.size === 0 && !marketplaceFile) {
    if (base === "agents" || base === "skills" || base === "commands") componentFolder = base;
    seeds.set("", { dir: "", entry: undefined, entryName: undefined });
  }

  const plugins: PluginModel[] = [];
  const layouts: Layout[] = [];
  const orderedSeeds = [...seeds.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));
  for (const seed of orderedSeeds) {
    const manifestDisk = diskByPath.get(join(seed.dir, ".claude-plugin/plugin.json"));
    let manifest: SourceFile | undefined;
    if (manifestDisk) {
      manifest = toSource(manifestDisk, manifestDisk.text === undefined ? "binary" : "plugin-manifest", plugins.length);
      parse(manifest);
      files.push(manifest);
    }
    const manifestValue = manifest?.json?.value;
    const manifestObject =
      manifestValue && typeof manifestValue === "object" && !Array.isArray(manifestValue)
        ? (manifestValue as Record<string, unknown>)
        : undefined;
    const manifestName =
      typeof manifestObject?.name === "string" && manifestObject.name ? manifestObject.name : undefined;
    const fallbackName = seed.dir === "" ? (componentFolder ? "plugin" : base || "plugin") : posix.basename(seed.dir);
    layouts.push(layoutFor(seed.dir, manifestObject, hasDir));
    plugins.push({
      dir: seed.dir,
      name: manifestName ?? seed.entryName ?? fallbackName,
      manifest,
      agents: [],
      skills: [],
      commands: [],
      hooks: [],
      mcp: [],
      evalDir: layouts[layouts.length - 1]!.evalDir,
      ignoredDefaults: layouts[layouts.length - 1]!.ignoredDefaults,
      marketplaceEntry: seed.entry,
    });
  }

  if (componentFolder) {
    const layout = layouts[0]!;
    layout.agentFiles = new Set(
      componentFolder === "agents" ? snapshot.files.filter((f) => f.path.endsWith(".md")).map((f) => f.path) : [],
    );
    layout.commandRoots = componentFolder === "commands" ? [""] : [];
    layout.skillRoots = componentFolder === "skills" ? [""] : [];
  }

  const skillFiles = new Set(snapshot.files.filter((f) => posix.basename(f.path) === "SKILL.md").map((f) => f.path));
  const skillFoldersByPlugin = layouts.map((layout) => {
    const folders = new Set<string>();
    for (const skillRoot of layout.skillRoots) {
      const absoluteRoot = join(layout.dir, skillRoot);
      if (skillFiles.has(join(absoluteRoot, "SKILL.md")) && skillRoot !== "") {
        // A SKILL.md directly in a skills root makes that folder one skill; its subfolders are not scanned.
        folders.add(skillRoot);
        continue;
      }
      for (const skillFile of skillFiles) {
        const rest = under(skillFile, absoluteRoot);
        if (rest === undefined) continue;
        const match = /^([^/]+)\/SKILL\.md$/.exec(rest);
        if (match) folders.add(join(skillRoot, match[1]!));
      }
    }
    return folders;
  });

  const pluginByDir = new Map(plugins.map((p, i) => [p.dir, i]));
  const owner = (relative: string): number | undefined => {
    for (let dir = posix.dirname(relative); ; dir = posix.dirname(dir)) {
      const index = pluginByDir.get(dir === "." ? "" : dir);
      if (index !== undefined) return index;
      if (dir === "." || dir === "/" || dir === "") return undefined;
    }
  };

  const done = new Set(files.map((f) => f.path));
  for (const disk of snapshot.files) {
    if (done.has(disk.path)) continue;
    const pluginIndex = owner(disk.path);
    const byExtension = kindByExtension(disk);
    let kind: FileKind = byExtension;
    if (pluginIndex !== undefined) {
      const layout = layouts[pluginIndex]!;
      const relative = layout.dir === "" ? disk.path : disk.path.slice(layout.dir.length + 1);
      kind = classify(relative, layout, skillFoldersByPlugin[pluginIndex]!, byExtension);
    }
    const file = toSource(disk, kind, pluginIndex);
    parse(file);
    files.push(file);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  for (const file of files) {
    if (file.plugin === undefined) continue;
    const plugin = plugins[file.plugin]!;
    const layout = layouts[file.plugin]!;
    const relative = plugin.dir === "" ? file.path : file.path.slice(plugin.dir.length + 1);
    if (file.kind === "agent") {
      const fileName = posix.basename(relative, ".md");
      const afterRoot = layout.agentFiles ? "" : relative.replace(/^agents\//, "");
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
      const folder = posix.basename(posix.dirname(relative));
      const frontmatterName = frontmatterString(file, "name");
      plugin.skills.push({
        file,
        folder,
        frontmatterName,
        name: folder,
        id: `${plugin.name}:${folder.replace(/[^A-Za-z0-9_-]/g, "-")}`,
      } satisfies SkillComponent);
    } else if (file.kind === "command") {
      const fileName = posix.basename(relative, ".md");
      const root = layout.commandRoots.find((r) => under(relative, r) !== undefined) ?? "";
      const inner = under(relative, root) ?? relative;
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

  const project: Project = {
    root,
    files,
    byPath: new Map(files.map((f) => [f.path, f])),
    entries: new Set(snapshot.files.map((f) => f.path)),
    dirs: snapshot.dirs,
    plugins,
    marketplace: marketplaceFile
      ? {
          file: marketplaceFile,
          name:
            typeof (marketplaceFile.json?.value as Record<string, unknown> | undefined)?.name === "string"
              ? String((marketplaceFile.json!.value as Record<string, unknown>).name)
              : undefined,
        }
      : undefined,
    python: { available: false, errors: new Map() },
    config,
    diskIssues: snapshot.issues,
  };
  if (componentFolder) project.componentFolder = componentFolder;
  project.python = python(files);
  return project;
}
