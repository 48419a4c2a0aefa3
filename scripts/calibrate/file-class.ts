import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";

/** Files Claude Code loads (or that a loaded file points at), then the rest. */
export const COMPONENT_CLASSES = [
  "manifest",
  "agent",
  "skill",
  "command",
  "output-style",
  "hooks",
  "mcp-lsp",
  "skill-resource",
] as const;
export const OTHER_CLASSES = [
  "readme",
  "changelog",
  "docs",
  "other-harness",
  "own-claude",
  "template",
  "other",
] as const;
export type FileClass = (typeof COMPONENT_CLASSES)[number] | (typeof OTHER_CLASSES)[number];

export function isComponentClass(fileClass: FileClass): boolean {
  return (COMPONENT_CLASSES as readonly string[]).includes(fileClass);
}

/** Folders of other coding assistants; Claude Code reads none of them. */
const OTHER_HARNESS_DIRS = new Set([
  ".opencode",
  ".agents",
  ".cursor",
  ".gemini",
  ".codex",
  ".windsurf",
  ".roo",
  ".kiro",
  ".cline",
  ".clinerules",
  ".continue",
  ".qwen",
  ".amazonq",
  ".factory",
  ".augment",
  ".zed",
]);
const TEMPLATE_EXTENSION = /\.(?:j2|jinja2?|tmpl|tpl|hbs|mustache|njk|liquid)$/i;
const CHANGELOG_NAME = /^(?:changelog|changes|history|release[-_ ]?notes|releases|news)(?:[-_.].*)?$/i;
const CHANGELOG_DIR = /^(?:changelogs?|release[-_]?notes|releases)$/i;
const DOCS_DIR = /^(?:docs?|documentation)$/i;

/** Where one plugin's components live, relative to the repository root (POSIX, no trailing slash). */
export interface PluginLayout {
  root: string;
  agents: string[];
  commands: string[];
  skills: string[];
  outputStyles: string[];
  hooks: string[];
  mcpLsp: string[];
}

function asPaths(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === "string").map((v) => v.replace(/^\.\/?/, "").replace(/\/$/, ""));
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function join(root: string, rel: string): string {
  return path.posix.normalize(root === "" ? rel : `${root}/${rel}`).replace(/^\.\/?$/, "");
}

/** Adds the custom component paths a manifest or marketplace entry declares (they replace or add to the defaults). */
function layoutFor(root: string, manifests: Record<string, unknown>[]): PluginLayout {
  const layout: PluginLayout = {
    root,
    agents: [join(root, "agents")],
    commands: [join(root, "commands")],
    skills: [join(root, "skills")],
    outputStyles: [join(root, "output-styles")],
    hooks: [join(root, "hooks")],
    mcpLsp: [join(root, ".mcp.json"), join(root, ".lsp.json")],
  };
  for (const manifest of manifests) {
    layout.agents.push(...asPaths(manifest.agents).map((p) => join(root, p)));
    layout.commands.push(...asPaths(manifest.commands).map((p) => join(root, p)));
    layout.skills.push(...asPaths(manifest.skills).map((p) => join(root, p)));
    layout.outputStyles.push(...asPaths(manifest.outputStyles).map((p) => join(root, p)));
    layout.hooks.push(...asPaths(manifest.hooks).map((p) => join(root, p)));
    layout.mcpLsp.push(...asPaths([manifest.mcpServers, manifest.lspServers].flat()).map((p) => join(root, p)));
  }
  return layout;
}

/**
 * Finds the plugins in a validated folder: folders with `.claude-plugin/plugin.json`, the local
 * sources of every marketplace, and the folder itself when it is neither (a bare plugin).
 */
export function findPlugins(dir: string): PluginLayout[] {
  const manifests = new Map<string, Record<string, unknown>[]>();
  const add = (root: string, manifest: Record<string, unknown>) => {
    const list = manifests.get(root) ?? [];
    list.push(manifest);
    manifests.set(root, list);
  };
  const found = fg.sync(["**/.claude-plugin/plugin.json", "**/.claude-plugin/marketplace.json"], {
    cwd: dir,
    dot: true,
    ignore: ["**/node_modules/**", "**/.git/**"],
  });
  let hasMarketplace = false;
  for (const rel of found) {
    const json = readJson(path.join(dir, rel)) ?? {};
    const owner = path.posix.dirname(path.posix.dirname(rel)).replace(/^\.$/, "");
    if (rel.endsWith("plugin.json")) {
      add(owner, json);
      continue;
    }
    hasMarketplace = true;
    const metadata = json.metadata as Record<string, unknown> | undefined;
    const pluginRoot = typeof metadata?.pluginRoot === "string" ? asPaths(metadata.pluginRoot)[0] : undefined;
    for (const entry of Array.isArray(json.plugins) ? json.plugins : []) {
      if (!entry || typeof entry !== "object") continue;
      const source = (entry as Record<string, unknown>).source;
      if (typeof source !== "string") continue;
      const rel = source.startsWith(".") || !pluginRoot ? source : `${pluginRoot}/${source}`;
      add(join(owner, asPaths(rel)[0] ?? ""), entry as Record<string, unknown>);
    }
  }
  if (!hasMarketplace && !manifests.has("")) add("", {});
  return [...manifests].map(([root, list]) => layoutFor(root, list));
}

function within(file: string, dir: string): boolean {
  return dir === "" || file === dir || file.startsWith(`${dir}/`);
}

function componentClass(file: string, plugins: readonly PluginLayout[]): FileClass | undefined {
  const base = path.posix.basename(file);
  if (
    /^\.claude-plugin\/(?:plugin|marketplace)\.json$/.test(file) ||
    /\/\.claude-plugin\/(?:plugin|marketplace)\.json$/.test(file)
  )
    return "manifest";
  const owners = plugins.filter((p) => within(file, p.root)).sort((a, b) => b.root.length - a.root.length);
  for (const plugin of owners) {
    const isMarkdown = file.endsWith(".md");
    if (plugin.mcpLsp.includes(file)) return "mcp-lsp";
    if (plugin.hooks.some((h) => within(file, h))) return "hooks";
    for (const dir of plugin.skills) {
      if (!within(file, dir)) continue;
      const rest = file.slice(dir === "" ? 0 : dir.length + 1).split("/");
      if (rest.length === 2 && rest[1] === "SKILL.md") return "skill";
      if (rest.length === 1 && rest[0] === "SKILL.md") return "skill";
      return "skill-resource";
    }
    if (isMarkdown && plugin.agents.some((d) => within(file, d))) return "agent";
    if (isMarkdown && plugin.commands.some((d) => within(file, d))) return base === "SKILL.md" ? "skill" : "command";
    if (isMarkdown && plugin.outputStyles.some((d) => within(file, d))) return "output-style";
    if (file === join(plugin.root, "SKILL.md")) return "skill";
  }
  return undefined;
}

/** Sorts a file the validator reported on into what Claude Code loads and what it never reads. */
export function classifyFile(file: string, plugins: readonly PluginLayout[]): FileClass {
  const segments = file.split("/");
  const dirs = segments.slice(0, -1);
  const base = segments[segments.length - 1] ?? "";
  if (TEMPLATE_EXTENSION.test(base)) return "template";
  if (dirs.some((d) => OTHER_HARNESS_DIRS.has(d))) return "other-harness";
  if (dirs.includes(".claude")) return "own-claude";
  const component = componentClass(file, plugins);
  if (component && component !== "skill-resource") return component;
  if (CHANGELOG_NAME.test(base) || dirs.some((d) => CHANGELOG_DIR.test(d))) return "changelog";
  if (/^readme(?:\.|$)/i.test(base)) return "readme";
  if (component) return component;
  if (dirs.some((d) => DOCS_DIR.test(d))) return "docs";
  if (dirs.some((d) => /^templates?$/i.test(d))) return "template";
  return "other";
}
