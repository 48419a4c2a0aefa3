import path from "node:path";
import type { DiskSnapshot } from "../disk.ts";
import { join, manifestPath } from "./layout.ts";

const posix = path.posix;

const PLUGIN_MANIFEST = ".claude-plugin/plugin.json";
const MARKETPLACE = ".claude-plugin/marketplace.json";

/** A folder Claude Code would load as a plugin, and how this tree came to name it. */
export interface PluginSeed {
  dir: string;
  /** The marketplace (by its folder) and entry index that list it. */
  marketplaceDir?: string;
  entry?: number;
  entryName?: string;
  /** A plugin folder inside a marketplace tree that no marketplace lists. */
  unlisted: boolean;
}

export interface Discovery {
  /** Folders holding `.claude-plugin/marketplace.json`, the root first. */
  marketplaceDirs: string[];
  seeds: PluginSeed[];
  /** Set when the root is itself an agents/, skills/ or commands/ folder. */
  componentFolder?: "agents" | "skills" | "commands";
  /** True when the root holds nothing Claude Code would load. */
  empty: boolean;
  /**
   * The names of entries that install from elsewhere (a git-subdir, GitHub, URL or npm source): one
   * may point back at a folder of this tree, which is then published though no local entry names it.
   */
  remoteEntryNames: Set<string>;
}

function manifestDir(manifest: string, file: string): string {
  const dir = manifest.slice(0, -file.length);
  return dir.endsWith("/") ? dir.slice(0, -1) : dir;
}

/** The folders of every `file` (a `.claude-plugin/...` path) in the tree, shallowest first. */
function foldersHolding(snapshot: DiskSnapshot, file: string): string[] {
  const found: string[] = [];
  for (const entry of snapshot.files)
    if (entry.path === file || entry.path.endsWith(`/${file}`)) found.push(manifestDir(entry.path, file));
  return found.sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : 1));
}

function entryDir(value: Record<string, unknown>, entry: Record<string, unknown>): string | undefined {
  const source = entry.source;
  if (typeof source !== "string") return undefined;
  if (source === "." || source === "./") return "";
  if (source.startsWith("./")) return manifestPath(source);
  const metadata = value.metadata as Record<string, unknown> | undefined;
  const root = typeof metadata?.pluginRoot === "string" ? metadata.pluginRoot : undefined;
  if (root === undefined || source.includes("/") || source.includes("..")) return undefined;
  const base = manifestPath(root.startsWith("./") ? root : `./${root}`);
  return base === undefined ? undefined : join(base, source);
}

function insideAny(dir: string, dirs: Iterable<string>): boolean {
  for (const other of dirs) if (other !== dir && (other === "" || dir.startsWith(`${other}/`))) return true;
  return false;
}

/**
 * Which plugins and marketplaces the tree holds, as Claude Code would find them: the root's own
 * plugin, the local entries of every marketplace (nested ones too), plugin folders that no
 * marketplace lists, or, for a tree with neither, a manifest-less plugin at the root.
 * `marketplaces` maps a marketplace folder to its parsed JSON value.
 */
export function discover(root: string, snapshot: DiskSnapshot, marketplaces: ReadonlyMap<string, unknown>): Discovery {
  const marketplaceDirs = [...marketplaces.keys()];
  const seeds = new Map<string, PluginSeed>();
  const remoteEntryNames = new Set<string>();
  const hasDir = (p: string) => snapshot.dirs.has(p);
  const files = new Set(snapshot.files.map((f) => f.path));
  if (files.has(PLUGIN_MANIFEST)) seeds.set("", { dir: "", unlisted: false });

  for (const marketplaceDir of marketplaceDirs) {
    const value = marketplaces.get(marketplaceDir) as Record<string, unknown> | undefined;
    if (!value || typeof value !== "object" || !Array.isArray(value.plugins)) continue;
    value.plugins.forEach((entry: unknown, index: number) => {
      if (!entry || typeof entry !== "object") return;
      const { name: entryName, source } = entry as Record<string, unknown>;
      if (typeof entryName === "string" && source !== null && typeof source === "object")
        remoteEntryNames.add(entryName);
      const relative = entryDir(value, entry as Record<string, unknown>);
      if (relative === undefined) return;
      const dir = join(marketplaceDir, relative);
      if (!(dir === "" || hasDir(dir))) return;
      const name = (entry as Record<string, unknown>).name;
      const existing = seeds.get(dir);
      if (existing) {
        existing.marketplaceDir ??= marketplaceDir;
        existing.entry ??= index;
        existing.entryName ??= typeof name === "string" ? name : undefined;
        return;
      }
      const seed: PluginSeed = { dir, marketplaceDir, entry: index, unlisted: false };
      if (typeof name === "string") seed.entryName = name;
      seeds.set(dir, seed);
    });
  }

  // Plugin folders below the root that nothing names yet: a marketplace that forgot them, or a
  // folder of plugins with no marketplace. Folders inside a plugin (its examples, its fixtures)
  // are that plugin's files, not plugins of their own.
  for (const dir of foldersHolding(snapshot, PLUGIN_MANIFEST)) {
    if (seeds.has(dir) || insideAny(dir, seeds.keys()) || isTestData(dir)) continue;
    seeds.set(dir, { dir, unlisted: marketplaceDirs.length > 0 });
  }

  const discovery: Discovery = { marketplaceDirs, seeds: [], empty: false, remoteEntryNames };
  if (seeds.size === 0 && marketplaceDirs.length === 0) {
    const base = posix.basename(root.split(path.sep).join("/"));
    if (base === "agents" || base === "skills" || base === "commands") discovery.componentFolder = base;
    const looksLikePlugin =
      discovery.componentFolder !== undefined ||
      ["agents", "skills", "commands", "output-styles", "hooks", ".claude-plugin"].some(hasDir) ||
      files.has("SKILL.md") ||
      files.has(".mcp.json");
    if (looksLikePlugin) seeds.set("", { dir: "", unlisted: false });
    else discovery.empty = true;
  }
  discovery.seeds = [...seeds.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  return discovery;
}

const TEST_DATA = new Set([
  "test",
  "tests",
  "__tests__",
  "fixture",
  "fixtures",
  "__fixtures__",
  "testdata",
  "test-data",
  "test-fixtures",
  "spec",
]);

/** Folders of test data: their manifests are deliberately broken or partial, and nobody installs them. */
export function isTestData(dir: string): boolean {
  return dir.split("/").some((segment) => TEST_DATA.has(segment));
}

/** Marketplace folders in the tree: the root's first, then nested ones (not in test data), shallowest first. */
export function marketplaceFolders(snapshot: DiskSnapshot): string[] {
  return foldersHolding(snapshot, MARKETPLACE).filter((dir) => dir === "" || !isTestData(dir));
}
