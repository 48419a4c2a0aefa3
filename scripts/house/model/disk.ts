/**
 * The workflow model as the files on disk state it: agent tools, command tools and the lines a
 * command's steps contain. The model rules compare these with the catalog (scripts/catalog).
 */
import { catalog } from "../../catalog/index.ts";
import type { Anchor, PluginModel, Project, SourceFile } from "../../core/types.ts";
import { catalogApplies } from "../../generate/generate.ts";
import { frontmatter, listField } from "../../rules/util.ts";

/** The mars plugin this repository's catalog describes, when the project is that repository. */
export function marsPlugin(project: Project): PluginModel | undefined {
  if (!catalogApplies(project, catalog)) return undefined;
  return project.plugins.find((p) => p.dir === "" && p.name === catalog.plugin.name);
}

export function toolList(file: SourceFile, key: "tools" | "allowed-tools"): string[] {
  return listField(frontmatter(file)?.[key]).map((t) => t.item.trim());
}

/** The agents an `Agent(...)` entry allows, plugin-qualified. */
export function agentAllowlist(tools: readonly string[]): Set<string> {
  const allowed = new Set<string>();
  for (const tool of tools) {
    const match = /^Agent\((.*)\)$/s.exec(tool);
    if (match) for (const name of match[1]!.split(",")) allowed.add(name.trim());
  }
  return allowed;
}

export const canWriteFiles = (tools: readonly string[]): boolean => tools.includes("Write");
export const canEditSource = (tools: readonly string[]): boolean => tools.includes("Write") && tools.includes("Edit");

/** A rule location for something the catalog says: the first occurrence of needle in its source. */
export function catalogAnchor(project: Project, needle: string): { file: SourceFile | string; at?: Anchor } {
  for (const candidate of ["scripts/catalog/workflows.ts", "scripts/catalog/roster.ts", "scripts/catalog/index.ts"]) {
    const file = project.byPath.get(candidate);
    const at = file?.text.indexOf(needle) ?? -1;
    if (file && at !== -1) return { file, at: { offset: at, length: needle.length } };
  }
  return { file: "scripts/catalog/workflows.ts" };
}

/** The body lines of a markdown section ("## Steps"), with their offsets in the file. */
export function sectionLines(file: SourceFile, heading: string): { text: string; offset: number }[] {
  const text = file.text;
  const start = text.indexOf(`\n${heading}\n`);
  if (start === -1) return [];
  const lines: { text: string; offset: number }[] = [];
  let offset = start + heading.length + 2;
  while (offset < text.length) {
    const end = text.indexOf("\n", offset);
    const line = text.slice(offset, end === -1 ? text.length : end);
    if (/^#{1,2} /.test(line) || line.startsWith("<!-- generated:end")) break;
    lines.push({ text: line, offset });
    if (end === -1) break;
    offset = end + 1;
  }
  return lines;
}

/** One numbered step of a command's "## Steps" section as the file states it. */
export interface StepOnDisk {
  number: number;
  /** The bold owner text: "`mars:backend-security-coder`", "Mars (you)", "Saturn (databases)". */
  owner: string;
  mode: string;
  /** Offset of the step's line in the file. */
  offset: number;
  /** The step line and its indented continuation lines (reads, writes, gates). */
  block: string;
}

const STEP_LINE = /^(\d+)\. \*\*([^*]+)\*\* \(([a-z]+)/;

/** The numbered steps of a command, each with the lines that belong to it. */
export function commandSteps(file: SourceFile): StepOnDisk[] {
  const steps: StepOnDisk[] = [];
  for (const line of sectionLines(file, "## Steps")) {
    const match = STEP_LINE.exec(line.text);
    if (match) {
      steps.push({
        number: Number(match[1]),
        owner: match[2]!,
        mode: match[3]!,
        offset: line.offset,
        block: line.text,
      });
      continue;
    }
    const last = steps.at(-1);
    if (last && line.text.startsWith("   ")) last.block += `\n${line.text}`;
  }
  return steps;
}
