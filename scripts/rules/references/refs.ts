/**
 * What the reference rules share. Core scans the references and indexes the components once
 * (core/index); this module reads them and holds the rules' own knowledge of Claude Code's names.
 */
import type { ComponentIndex, Reference } from "../../core/index/index.ts";
import type { Project, SourceFile } from "../../core/types.ts";

export type { ComponentIndex, Reference } from "../../core/index/index.ts";

/** Agent types built into Claude Code 2.1.330; always valid in `Agent(...)` and `subagent_type`. */
export const BUILTIN_AGENTS: readonly string[] = [
  "general-purpose",
  "Explore",
  "Plan",
  "statusline-setup",
  "claude-code-guide",
  "output-style-setup",
];

/** What each plugin registers, by runtime id and alias (built once by core). */
export function componentIndex(project: Project): ComponentIndex {
  return project.index.components;
}

/** Every reference in the project's Markdown files (scanned once by core; see core/index/references.ts for who owns which). */
export function references(project: Project): readonly Reference[] {
  return project.index.references;
}

/** Spans of code blocks (fences included), as sorted [start, end) offsets into file.text. */
export function fencedSpans(project: Project, file: SourceFile): [number, number][] {
  return project.index.fencedSpans(file);
}

/**
 * How Claude Code 2.1.330 resolves a bare agent or skill name: an exact id first, then the ids
 * ending in ":<name>" (for agents, the caller's own plugin first). `same` is true when every
 * candidate is a copy of one file (plugins that ship the same agent), so which one wins does not matter.
 */
export function resolveBare(
  ids: readonly string[],
  files: ReadonlyMap<string, SourceFile>,
  callerPlugin: string | undefined,
): { kind: "none" } | { kind: "unique"; id: string } | { kind: "ambiguous"; ids: string[]; same: boolean } {
  if (ids.length === 0) return { kind: "none" };
  const own = callerPlugin === undefined ? undefined : ids.find((id) => id.startsWith(`${callerPlugin}:`));
  if (own) return { kind: "unique", id: own };
  if (ids.length === 1) return { kind: "unique", id: ids[0]! };
  const texts = new Set(ids.map((id) => files.get(id)?.markdown?.body.trim() ?? id));
  return { kind: "ambiguous", ids: [...ids], same: texts.size === 1 };
}

/** The plugin part of a qualified name ("a" of "a:b:c"), or undefined for a bare name. */
export function pluginPart(value: string): string | undefined {
  const colon = value.indexOf(":");
  return colon > 0 ? value.slice(0, colon) : undefined;
}

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Names written as placeholders in documentation ("plugin-name", "your-agent", "my-plugin:example"). */
const PLACEHOLDER_SEGMENT =
  /^(?:your|my|some|example|sample|foo|bar|baz|xxx|todo)(?:[-_]|$)|[-_](?:name|here|placeholder)$|^(?:name|placeholder)$/i;

export function looksLikePlaceholder(value: string): boolean {
  return value.split(":").some((segment) => PLACEHOLDER_SEGMENT.test(segment));
}
