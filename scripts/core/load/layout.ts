import path from "node:path";
import type { FileKind } from "../types.ts";

const posix = path.posix;

/** Strips "./" and a trailing "/" from a manifest path; undefined when it is not a plain relative path. */
export function manifestPath(value: unknown): string | undefined {
  if (typeof value !== "string" || !value.startsWith("./")) return undefined;
  let normalized = posix.normalize(value.slice(2));
  while (normalized.endsWith("/")) normalized = normalized.slice(0, -1);
  if (normalized.startsWith("..") || posix.isAbsolute(normalized)) return undefined;
  return normalized === "." ? "" : normalized;
}

export function join(dir: string, relative: string): string {
  return dir === "" ? relative : relative === "" ? dir : `${dir}/${relative}`;
}

/** The part of `relative` below `root`, or undefined when it lies elsewhere. */
export function under(relative: string, root: string): string | undefined {
  if (root === "") return relative;
  return relative.startsWith(`${root}/`) ? relative.slice(root.length + 1) : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Where Claude Code 2.1.330 looks for a plugin's components, from its defaults and its manifest. */
export interface Layout {
  dir: string;
  /** Agent files the manifest names; undefined means the default `agents/**` scan. */
  agentFiles: Set<string> | undefined;
  commandRoots: string[];
  commandFiles: Set<string>;
  skillRoots: string[];
  outputStyleRoots: string[];
  hookFiles: Set<string>;
  mcpFiles: Set<string>;
  lspFiles: Set<string>;
  monitorFiles: Set<string>;
  evalDir: string;
  /** Default folders the manifest replaced, so their files are not loaded. */
  ignoredDefaults: string[];
}

function stringPaths(value: unknown): string[] {
  return asList(value)
    .map(manifestPath)
    .filter((p): p is string => p !== undefined);
}

export function layoutFor(
  dir: string,
  manifest: Record<string, unknown> | undefined,
  hasDir: (p: string) => boolean,
): Layout {
  const layout: Layout = {
    dir,
    agentFiles: undefined,
    commandRoots: ["commands"],
    commandFiles: new Set(),
    skillRoots: ["skills"],
    outputStyleRoots: ["output-styles"],
    hookFiles: new Set(["hooks/hooks.json"]),
    mcpFiles: new Set([".mcp.json"]),
    lspFiles: new Set([".lsp.json"]),
    monitorFiles: new Set(["monitors/monitors.json"]),
    evalDir: "evals",
    ignoredDefaults: [],
  };
  if (!manifest) return layout;
  if (manifest.agents !== undefined) {
    layout.agentFiles = new Set(stringPaths(manifest.agents));
    if (hasDir(join(dir, "agents"))) layout.ignoredDefaults.push("agents");
  }
  if (manifest.commands !== undefined) {
    const commands = manifest.commands;
    const entries =
      commands !== null && typeof commands === "object" && !Array.isArray(commands)
        ? Object.values(commands as Record<string, unknown>).map((c) =>
            c && typeof c === "object" ? (c as Record<string, unknown>).source : undefined,
          )
        : asList(commands);
    layout.commandRoots = [];
    for (const entry of entries.map(manifestPath)) {
      if (entry === undefined) continue;
      if (entry.endsWith(".md")) layout.commandFiles.add(entry);
      else layout.commandRoots.push(entry);
    }
    if (hasDir(join(dir, "commands")) && !layout.commandRoots.includes("commands"))
      layout.ignoredDefaults.push("commands");
  }
  for (const entry of stringPaths(manifest.skills)) layout.skillRoots.push(entry);
  if (manifest.outputStyles !== undefined) {
    layout.outputStyleRoots = stringPaths(manifest.outputStyles);
    if (hasDir(join(dir, "output-styles")) && !layout.outputStyleRoots.includes("output-styles"))
      layout.ignoredDefaults.push("output-styles");
  }
  for (const entry of stringPaths(manifest.hooks)) layout.hookFiles.add(entry);
  for (const entry of stringPaths(manifest.mcpServers)) if (entry.endsWith(".json")) layout.mcpFiles.add(entry);
  for (const entry of stringPaths(manifest.lspServers)) if (entry.endsWith(".json")) layout.lspFiles.add(entry);
  const experimental = manifest.experimental;
  const experimentalObject =
    experimental && typeof experimental === "object" ? (experimental as Record<string, unknown>) : undefined;
  const monitors = experimentalObject?.monitors ?? manifest.monitors;
  if (typeof monitors === "string") {
    const file = manifestPath(monitors);
    if (file !== undefined) layout.monitorFiles = new Set([file]);
  }
  if (typeof experimentalObject?.evals === "string") {
    let evals = experimentalObject.evals.startsWith("./")
      ? experimentalObject.evals.slice(2)
      : experimentalObject.evals;
    while (evals.endsWith("/")) evals = evals.slice(0, -1);
    if (evals && !evals.split("/").includes("..") && !posix.isAbsolute(evals)) layout.evalDir = evals;
  }
  return layout;
}

export function kindByExtension(relative: string, binary: boolean): FileKind {
  if (binary) return "binary";
  const extension = posix.extname(relative).toLowerCase();
  if (extension === ".md" || extension === ".markdown") return "markdown";
  if (extension === ".json") return "json";
  if (extension === ".yaml" || extension === ".yml") return "yaml";
  if (extension === ".py") return "python";
  return "text";
}

/** True when `relative` (plugin-relative) is a Markdown file under one of `roots`, recursively. */
function inRoots(relative: string, roots: readonly string[]): string | undefined {
  for (const root of roots) {
    const rest = under(relative, root);
    if (rest !== undefined && rest !== "") return root;
  }
  return undefined;
}

/**
 * The component kind Claude Code gives a plugin-relative path, or the kind by extension when it
 * loads the file as no component. `skillFolders` are the plugin-relative folders holding a skill.
 */
export function classify(
  relative: string,
  layout: Layout,
  skillFolders: ReadonlySet<string>,
  byExtension: FileKind,
): FileKind {
  if (byExtension === "binary") return "binary";
  if (relative === ".claude-plugin/plugin.json") return "plugin-manifest";
  if (layout.hookFiles.has(relative)) return "hooks";
  if (layout.mcpFiles.has(relative)) return "mcp";
  if (layout.lspFiles.has(relative)) return "lsp";
  const isMarkdown = byExtension === "markdown" && relative.endsWith(".md");
  if (isMarkdown) {
    if (layout.agentFiles ? layout.agentFiles.has(relative) : under(relative, "agents") !== undefined) return "agent";
    if (
      posix.basename(relative) === "SKILL.md" &&
      skillFolders.has(posix.dirname(relative) === "." ? "" : posix.dirname(relative))
    )
      return "skill";
    if (layout.commandFiles.has(relative)) return "command";
    const commandRoot = inRoots(relative, layout.commandRoots);
    if (commandRoot !== undefined) {
      // A folder holding a SKILL.md inside a commands root is one skill; its other files are not commands.
      let inSkill = false;
      for (
        let folder = posix.dirname(relative);
        folder !== "." && folder !== commandRoot;
        folder = posix.dirname(folder)
      )
        if (skillFolders.has(folder)) inSkill = true;
      if (!inSkill) return "command";
    }
    if (inRoots(relative, layout.outputStyleRoots) !== undefined || layout.outputStyleRoots.includes(relative))
      return "output-style";
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
