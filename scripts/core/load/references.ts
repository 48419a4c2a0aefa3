import path from "node:path";
import type { SourceFile } from "../types.ts";
import { under } from "./layout.ts";

const posix = path.posix;

/** A file (or a folder of files) that a loaded file makes Claude Code read or run. */
export interface ReferencedPath {
  path: string;
  folder: boolean;
}

const SCHEME = /^[a-z][\d+.a-z-]*:/i;
const PATH_CHAR = /[\w./@+~%-]/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A root-relative path for `relative` seen from `fromDir`, or undefined when it leaves `scope`. */
function resolveInside(fromDir: string, relative: string, scope: string): string | undefined {
  const joined = posix.normalize(posix.join(fromDir === "" ? "." : fromDir, relative));
  if (joined === "." || joined.startsWith("../") || joined === ".." || posix.isAbsolute(joined)) return undefined;
  const resolved = joined.endsWith("/") ? joined.slice(0, -1) : joined;
  return scope === "" || under(resolved, scope) !== undefined ? resolved : undefined;
}

/** Paths after `${VARIABLE}/` in a text, up to the first character that cannot be in a path. */
function variablePaths(text: string, variable: string): string[] {
  const marker = `\${${variable}}/`;
  const found: string[] = [];
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
    let end = at + marker.length;
    while (end < text.length && PATH_CHAR.test(text[end]!)) end++;
    const value = text.slice(at + marker.length, end);
    if (value && !value.includes("$")) found.push(value);
  }
  return found;
}

/**
 * What a loaded file makes Claude Code read: relative Markdown links and images, and paths built
 * from ${CLAUDE_PLUGIN_ROOT} (or, in a skill, ${CLAUDE_SKILL_DIR}). A script's folder comes with it,
 * since the script imports its neighbours. Only paths inside the plugin folder are followed.
 */
export function referencedPaths(file: SourceFile, pluginDir: string): ReferencedPath[] {
  const found = new Map<string, ReferencedPath>();
  const push = (resolved: string | undefined, folder: boolean) => {
    if (resolved === undefined || resolved === pluginDir) return;
    const existing = found.get(resolved);
    if (!existing || (folder && !existing.folder)) found.set(resolved, { path: resolved, folder });
  };
  const fileDir = posix.dirname(file.path) === "." ? "" : posix.dirname(file.path);
  for (const link of file.markdown?.links ?? []) {
    const target = link.target.trim();
    if (!target || SCHEME.test(target) || target.startsWith("//") || target.startsWith("#") || target.startsWith("/"))
      continue;
    const pathPart = decode(target.split("#")[0]!.split("?")[0]!);
    if (pathPart.includes("{") || pathPart.includes("$")) continue;
    push(resolveInside(fileDir, pathPart, pluginDir), false);
  }
  for (const value of variablePaths(file.text, "CLAUDE_PLUGIN_ROOT")) {
    const resolved = resolveInside(pluginDir, value, pluginDir);
    push(resolved, false);
    const dir = resolved === undefined ? undefined : posix.dirname(resolved);
    // The folder of a script (not the plugin root itself) is the script's own code; its
    // Markdown (a README beside the scripts) is not read by anyone running them.
    if (dir && dir !== "." && dir !== pluginDir && /\.\w+$/.test(value) && !/\.(?:md|markdown)$/i.test(value))
      push(dir, true);
  }
  if (file.kind === "skill")
    for (const value of variablePaths(file.text, "CLAUDE_SKILL_DIR"))
      push(resolveInside(fileDir, value, pluginDir), false);
  return [...found.values()];
}

const TEMPLATE_EXTENSIONS = new Set([
  ".j2",
  ".jinja",
  ".jinja2",
  ".tmpl",
  ".tpl",
  ".hbs",
  ".handlebars",
  ".mustache",
  ".ejs",
  ".liquid",
  ".template",
]);
const PLACEHOLDER = /\{\{[ \t]*[\w.-]+[ \t]*\}\}|\{%[^%\n]{0,200}%\}/;
/** `%DEFAULT_BRANCH%`: a slot a setup script fills in a JSON or YAML file (as YAML, "%" opens a directive). */
const DATA_PLACEHOLDER = /%[A-Z][\dA-Z_]{1,40}%/;

/** CHANGELOG.md, HISTORY.md, RELEASE_NOTES.md: a record of past releases, never instructions. */
const CHANGELOG = /^(?:changelog|changes|history|release[-_ ]?notes|releases|news)(?:\.(?:md|markdown|txt|rst))?$/i;

/**
 * True for a release history. A loaded file may link to one, but what it names (old commands,
 * renamed skills) is history, not something Claude is told to use, so it is not followed.
 */
export function isChangelog(path: string): boolean {
  return CHANGELOG.test(posix.basename(path));
}

/**
 * A template is copied and filled in before anyone reads it, so its links, code and
 * frontmatter describe the output, not the plugin: by extension, or a Markdown file whose prose
 * (outside code) holds `{{ placeholders }}`, a JSON or YAML file with template tags or `%SLOTS%`, or anything in
 * a templates/ folder.
 */
export function isTemplate(file: SourceFile): boolean {
  const name = posix.basename(file.path).toLowerCase();
  for (const extension of TEMPLATE_EXTENSIONS)
    if (name.endsWith(extension) || name.includes(`${extension}.`)) return true;
  // A skill's templates/ folder holds files the skill copies into the user's project.
  if (file.path.split("/").some((segment) => segment === "templates" || segment === "template")) return true;
  if (
    (file.kind === "json" || file.kind === "yaml") &&
    (PLACEHOLDER.test(file.text) || DATA_PLACEHOLDER.test(file.text))
  )
    return true;
  const markdown = file.markdown;
  if (!markdown) return false;
  // Every placeholder opens with "{": a body without one has none (most files).
  if (file.text.indexOf("{", markdown.bodyOffset) === -1) return false;
  let prose = "";
  let at = markdown.bodyOffset;
  const skips = [
    ...markdown.codeBlocks.map((b) => [b.fenceOffset, b.end] as [number, number]),
    ...markdown.codeSpans,
  ].sort((a, b) => a[0] - b[0]);
  for (const [start, end] of skips) {
    if (start > at) prose += file.text.slice(at, start);
    at = Math.max(at, end);
  }
  prose += file.text.slice(at);
  return PLACEHOLDER.test(prose);
}
