import { locate } from "../../core/locate.ts";
import { isIgnored } from "../../core/ignored.ts";
import { manifestPath } from "../../core/project.ts";
import type { MarketplaceData } from "../../core/index/index.ts";
import type { JsonPath, Location, Project, SourceFile } from "../../core/types.ts";

/** The characters of a plugin id part (`name@marketplace`), checked when the install record is read. */
export const PLUGIN_ID = /^[A-Za-z0-9][-A-Za-z0-9._]*$/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The Claude Code version this validator targets. */
export const TARGET_VERSION = "2.1.330";

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The parsed object of a JSON file, or undefined when it did not parse to an object. */
export function jsonObject(file: SourceFile | undefined): Record<string, unknown> | undefined {
  if (!file || !file.ok || !file.json) return undefined;
  return asObject(file.json.value);
}

export function joinPath(dir: string, relative: string): string {
  return dir === "" ? relative : relative === "" ? dir : `${dir}/${relative}`;
}

/** What is on disk at a root-relative path: a file, a folder, nothing, or "unknown" where the snapshot did not look. */
export function entryAt(project: Project, relative: string): "file" | "dir" | "unknown" | undefined {
  if (relative === "" || project.dirs.has(relative)) return "dir";
  if (project.entries.has(relative)) return "file";
  // Links that were reported but not read (outside the root, looping) still exist on disk.
  if (project.diskIssues.some((issue) => issue.path === relative && issue.kind !== "too-many-entries")) return "file";
  if (isIgnored(project, relative) || project.diskIssues.some((issue) => issue.kind === "too-many-entries"))
    return "unknown";
  return undefined;
}

/** A kebab-case spelling of a name, for hints. */
export function kebab(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, ""); // runs are single hyphens by now
}

const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export interface NameProblem {
  severity: "error" | "warning" | "note";
  message: string;
  hint: string;
}

/** Shows control, format (bidi, zero-width) and unusual space characters as \uXXXX, so a message cannot hide or reorder text. */
export function escapeInvisible(text: string): string {
  return [...text]
    .map((c) =>
      /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(c) || (/\p{Zs}/u.test(c) && c !== " ")
        ? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`
        : c,
    )
    .join("");
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * The worst problem of a plugin name (plugin.json `name`, a marketplace entry name, or a folder name):
 * characters outside the plugin-id set break `name@marketplace`; anything not kebab-case is refused
 * by the Claude.ai marketplace sync.
 */
export function pluginNameProblem(name: string, label: string): NameProblem | undefined {
  if (name === "") return undefined;
  const shown = escapeInvisible(name);
  const suggestion = kebab(name);
  const instead = suggestion && suggestion !== name ? `, e.g. "${suggestion}"` : "";
  const control = [...name].find((c) => /\p{Cc}/u.test(c) || BIDI.test(c));
  if (control !== undefined) {
    return {
      severity: "error",
      message: `${label} "${shown}" contains the control or text-direction character ${codePoint(control)}`,
      hint: `Claude Code rejects such names; use kebab-case${instead}`,
    };
  }
  if (/\s/.test(name)) {
    return {
      severity: "error",
      message: `${label} "${shown}" contains ${name.includes(" ") ? "a space" : "whitespace"}`,
      hint: `Claude Code refuses such names; use kebab-case${instead}`,
    };
  }
  const nonAscii = [...name].find((c) => c.charCodeAt(0) > 0x7e);
  if (nonAscii !== undefined) {
    return {
      severity: "error",
      message: `${label} "${shown}" contains the non-ASCII character "${escapeInvisible(nonAscii)}"`,
      hint: `the install id name@marketplace allows only ASCII letters, digits, ".", "_" and "-"; use kebab-case${instead}`,
    };
  }
  if (!PLUGIN_ID.test(name)) {
    const bad = /^[A-Za-z0-9]/.test(name) ? [...name].find((c) => !/[-A-Za-z0-9._]/.test(c)) : undefined;
    const what = bad !== undefined ? `contains "${bad}"` : `starts with "${name[0]}"`;
    return {
      severity: "error",
      message: `${label} "${shown}" ${what}, which the plugin id name@marketplace does not allow`,
      hint: `Claude Code cannot install it from a marketplace; use ASCII letters, digits, ".", "_" and "-", starting with a letter or digit${instead}`,
    };
  }
  if (!KEBAB.test(name)) {
    return {
      severity: "note",
      message: `${label} "${shown}" is not kebab-case`,
      hint: `Claude Code accepts it, but the Claude.ai marketplace sync requires kebab-case${instead}`,
    };
  }
  return undefined;
}

/** Names Claude Code 2.1.330 reserves for Anthropic's marketplaces (`marketplace add` refuses them from other sources). */
export const OFFICIAL_MARKETPLACES: ReadonlySet<string> = new Set([
  "claude-code-marketplace",
  "claude-code-plugins",
  "claude-plugins-official",
  "anthropic-marketplace",
  "anthropic-plugins",
  "agent-skills",
  "anthropic-agent-skills",
  "life-sciences",
  "knowledge-work-plugins",
  "claude-for-legal",
  "claude-for-financial-services",
  "financial-services-plugins",
  "first-party-plugins",
  "claude-tag-plugins",
  "claude-community",
  "claude-plugins-community",
  "healthcare",
  "anthropic-plugin-directory",
  "claude-plugin-directory",
]);

/** Official marketplaces whose plugin names are Anthropic's own (no impersonation check on their entries). */
const ANTHROPIC_CATALOGS = new Set(
  [...OFFICIAL_MARKETPLACES].filter(
    (n) =>
      ![
        "claude-community",
        "claude-plugins-community",
        "anthropic-plugin-directory",
        "claude-plugin-directory",
      ].includes(n),
  ),
);

export function isAnthropicCatalog(marketplaceName: unknown): boolean {
  return typeof marketplaceName === "string" && ANTHROPIC_CATALOGS.has(marketplaceName.toLowerCase());
}

/**
 * Whether a marketplace with a reserved official name is Anthropic's own: "yes" when the
 * checkout's origin is a GitHub repository of the anthropics organization (the only source
 * `claude plugin marketplace add` accepts such a name from), "no" for any other known origin,
 * "unknown" without one. Every rule that judges reserved or impersonating names asks this.
 */
export function anthropicOwned(project: Project): "yes" | "no" | "unknown" {
  const origin = project.gitOrigin;
  if (!origin) return "unknown";
  if (/^(?:https?:\/\/|ssh:\/\/git@|git@)github\.com[:/]anthropics\//i.test(origin)) return "yes";
  // A clone of a local folder or mirror says nothing about where the marketplace is published.
  return REMOTE_URL.test(origin) ? "no" : "unknown";
}

/** A network remote: a URL with a scheme other than file:, or scp-like user@host:path. */
const REMOTE_URL = /^(?:(?!file:)[a-z][a-z0-9+.-]*:\/\/|[^\s/@:]+@[^\s/:]+:)/i;

/** "official" next to "claude" or "anthropic", in either order. */
export const OFFICIAL_BESIDE = /official[^a-z0-9]*(anthropic|claude)|(?:anthropic|claude)[^a-z0-9]*official/i;

/** Alphanumeric runs of a name. */
function nameTokens(name: string): string[] {
  return name.split(/[^a-z0-9]+/i).filter((t) => t !== "");
}

/** The concatenations of a name's first 1, 2, … tokens, up to a length, as Claude Code scans them. */
export function* tokenPrefixes(name: string, limit: number): Generator<{ joined: string; isWhole: boolean }> {
  const tokens = nameTokens(name);
  let joined = "";
  for (const [index, token] of tokens.entries()) {
    joined += token;
    yield { joined, isWhole: index === tokens.length - 1 };
    if (joined.length > limit) return;
  }
}

const MARKS = ["claude", "anthropic", "anthropics"];
const RESERVED_LEADS = new Set(["claude", "anthropic", "anthropics", "ccplugin"]);
const RESERVED_WHOLE = new Set(["claude", "anthropic", "anthropics", "claudecode", "claudemods"]);

/** Claude Code 2.1.330's check that a third-party plugin name does not pass as one of Anthropic's own. */
export function pluginImpersonation(name: string, label: string): NameProblem | undefined {
  if (/[^\x20-\x7e]/.test(name)) return undefined; // already refused as a plugin id
  const lower = name.toLowerCase();
  const tokens = nameTokens(lower);
  const reserved =
    [...tokenPrefixes(lower, 10)].some(({ joined, isWhole }) =>
      (isWhole ? RESERVED_WHOLE : RESERVED_LEADS).has(joined),
    ) ||
    OFFICIAL_BESIDE.test(lower) ||
    OFFICIAL_BESIDE.test(tokens.join(""));
  if (reserved) {
    return {
      severity: "error",
      message: `${label} "${name}" passes as one of Anthropic's own plugins, so \`claude plugin validate\` fails on it (a local marketplace still installs it)`,
      hint: 'Claude Code reserves plugin names that start with "claude-", "anthropic-", "anthropics-" or "cc-plugin-", are "claude", "anthropic", "anthropics", "claude-code" or "claude-mods", or put "official" beside "claude" or "anthropic"; name it for what it does',
    };
  }
  if (MARKS.some((mark) => tokens.includes(mark))) {
    return {
      severity: "warning",
      message: `${label} "${name}" reads as one of Anthropic's own plugins`,
      hint: '`claude plugin validate` warns about names holding "claude" or "anthropic"; name it for what it does',
    };
  }
  return undefined;
}

export type { MarketplaceData } from "../../core/index/index.ts";

/** Every marketplace of the project (the root's first, then nested ones) with its entries (read once by core). */
export function marketplacesData(project: Project): readonly MarketplaceData[] {
  return project.index.marketplaces;
}

/**
 * `metadata.pluginRoot` as Claude Code 2.1.330 normalizes it: "" for the marketplace root, a folder,
 * "invalid" when it is not a plain relative path inside the marketplace, undefined when unset.
 */
function pluginRoot(value: Record<string, unknown>): string | undefined {
  const root = asObject(value.metadata)?.pluginRoot;
  if (root === undefined) return undefined;
  if (typeof root !== "string" || root === "" || root.startsWith("/") || root.includes("\\") || root.includes(":"))
    return "invalid";
  const inner = root.replace(/^\.\//, "").replace(/(?<!\/)\/+$/, "");
  if (inner === "" || inner === ".") return "";
  if (inner.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) return "invalid";
  return inner;
}

/** A `..` path segment (also ".. " with trailing dots or spaces, which Windows reads as ".."; and %2e%2e). */
export function hasDotDot(value: string): boolean {
  return value
    .replace(/^[A-Za-z]:/, "")
    .replace(/%2e/gi, ".")
    .split(/[\\/]/)
    .some((segment) => segment === ".." || /^\.\. [ .]*$/.test(segment));
}

export type SourceResolution =
  | { kind: "local"; dir: string }
  | { kind: "dotdot" }
  | { kind: "not-relative" }
  | { kind: "bare-without-root"; root: "unset" | "invalid" }
  | { kind: "remote" };

/** Where a marketplace entry's source resolves, as a path from the validated root. */
export function resolveSource(marketplace: MarketplaceData, entry: Record<string, unknown>): SourceResolution {
  const resolved = resolveFromMarketplace(marketplace.value, entry);
  return resolved.kind === "local" ? { kind: "local", dir: joinPath(marketplace.dir, resolved.dir) } : resolved;
}

function resolveFromMarketplace(value: Record<string, unknown>, entry: Record<string, unknown>): SourceResolution {
  const source = entry.source;
  if (typeof source !== "string") return { kind: "remote" };
  if (hasDotDot(source)) return { kind: "dotdot" };
  if (source === "." || source === "./") return { kind: "local", dir: "" };
  if (source.startsWith("./")) {
    const dir = manifestPath(source);
    return dir === undefined ? { kind: "not-relative" } : { kind: "local", dir };
  }
  // A bare name ("formatter") resolves under metadata.pluginRoot; anything else must start with "./".
  if (!PLUGIN_ID.test(source)) return { kind: "not-relative" };
  const root = pluginRoot(value);
  if (root === undefined || root === "invalid")
    return { kind: "bare-without-root", root: root === undefined ? "unset" : "invalid" };
  return { kind: "local", dir: joinPath(root, source) };
}

/** The plugin.json of a local entry's folder, when the folder and the manifest exist. */
export function entryManifest(project: Project, dir: string): SourceFile | undefined {
  const file = project.byPath.get(joinPath(dir, ".claude-plugin/plugin.json"));
  return file?.kind === "plugin-manifest" ? file : undefined;
}

/** A related location inside a parsed file. */
export function at(file: SourceFile, jsonPath: JsonPath, part: "value" | "key" | "missing" = "value"): Location {
  return locate(file, { path: jsonPath, part });
}

export { caseTwin } from "../util.ts";
