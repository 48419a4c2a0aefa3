import path from "node:path";
import type { Anchor, JsonPath, PluginModel, Project, SourceFile } from "../../core/types.ts";
import { frontmatter, pluginOf, pluginRelative } from "../util.ts";

const posix = path.posix;

/** Folders `claude plugin eval` never searches for cases (2.1.330 skip list, plus .git). */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(["node_modules", ".claude", "results", "mocks", ".git"]);

export type Data = Record<string, unknown>;

export function isObject(value: unknown): value is Data {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One grader as the eval command merges it: a `graders[i]` entry of case.yaml or a `graders/<name>.md` file. */
export interface Grader {
  file: SourceFile;
  /** The grader's fields: the case.yaml entry, or the prose frontmatter. */
  data: Data;
  /** Path of `data` inside the file's data (["graders", i] for case.yaml, [] for prose). */
  base: JsonPath;
  prose: boolean;
  /** The name the eval command gives it (prose: frontmatter `name`, else the file name). */
  name: string | undefined;
  nameAt: Anchor;
  /** Prose graders: the trimmed body, which becomes `pattern` (regex) or `criteria` (llm, baseline). */
  body: { text: string; offset: number } | undefined;
}

export interface EvalCase {
  /** Case folder relative to the validated root. */
  dir: string;
  plugin: PluginModel;
  caseFile: SourceFile | undefined;
  promptFile: SourceFile | undefined;
  /** `graders/*.md` files that have a frontmatter (the others are notes the eval command ignores). */
  graderFiles: SourceFile[];
}

/** The trimmed body of a markdown file with the offset of its first non-blank character. */
export function trimmedBody(file: SourceFile): { text: string; offset: number } | undefined {
  const doc = file.markdown;
  if (!doc) return undefined;
  const lead = doc.body.length - doc.body.trimStart().length;
  return { text: doc.body.trim(), offset: doc.bodyOffset + lead };
}

/** The path of a file relative to its plugin's eval dir, when it lies inside it. */
function inEvalDir(project: Project, file: SourceFile): { plugin: PluginModel; path: string } | undefined {
  const plugin = pluginOf(project, file);
  if (!plugin || plugin.evalDir === "") return undefined;
  const relative = pluginRelative(project, file);
  if (!relative.startsWith(`${plugin.evalDir}/`)) return undefined;
  return { plugin, path: relative.slice(plugin.evalDir.length + 1) };
}

/** case.yaml files inside a `mocks/` folder of the eval dir, which the eval command refuses to run. */
export function casesInMocks(project: Project): SourceFile[] {
  return project.files.filter((file) => file.kind === "eval-case" && (inEvalDir(project, file)?.path.split("/").slice(0, -1).includes("mocks") ?? false));
}

/** The folder, relative to the plugin's eval dir, that a case.yaml/prompt.md/grader file belongs to. */
function caseFolderOf(project: Project, file: SourceFile): { plugin: PluginModel; folder: string } | undefined {
  const where = inEvalDir(project, file);
  if (!where) return undefined;
  const plugin = where.plugin;
  let folder = posix.dirname(where.path);
  if (file.kind === "eval-grader") {
    if (posix.basename(folder) !== "graders") return undefined;
    folder = posix.dirname(folder);
  }
  if (folder === "." || folder.split("/").some((segment) => SKIPPED_FOLDERS.has(segment))) return undefined;
  return { plugin, folder };
}

function rootPath(plugin: PluginModel, folder: string): string {
  const evals = plugin.dir === "" ? plugin.evalDir : `${plugin.dir}/${plugin.evalDir}`;
  return `${evals}/${folder}`;
}

/**
 * The eval cases of every plugin: each folder below the eval dir holding case.yaml and/or
 * prompt.md, not inside another case (the eval command does not look inside a case folder).
 */
export function evalCases(project: Project): EvalCase[] {
  const cases = new Map<string, EvalCase>();
  for (const file of project.files) {
    if (file.kind !== "eval-case" && file.kind !== "eval-prompt") continue;
    const where = caseFolderOf(project, file);
    if (!where) continue;
    const dir = rootPath(where.plugin, where.folder);
    const found = cases.get(dir) ?? { dir, plugin: where.plugin, caseFile: undefined, promptFile: undefined, graderFiles: [] };
    if (file.kind === "eval-case") found.caseFile = file;
    else found.promptFile = file;
    cases.set(dir, found);
  }
  for (const [dir] of cases) {
    for (let parent = posix.dirname(dir); parent !== "." && parent !== ""; parent = posix.dirname(parent)) {
      if (cases.has(parent)) {
        cases.delete(dir);
        break;
      }
    }
  }
  for (const file of project.files) {
    if (file.kind !== "eval-grader" || !file.markdown?.frontmatter) continue;
    const where = caseFolderOf(project, file);
    if (!where) continue;
    cases.get(rootPath(where.plugin, where.folder))?.graderFiles.push(file);
  }
  return [...cases.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

/** The case.yaml mapping, or undefined when there is no readable one. */
export function caseData(evalCase: EvalCase): Data | undefined {
  const file = evalCase.caseFile;
  if (!file || !file.ok) return undefined;
  return isObject(file.yaml?.value) ? file.yaml.value : undefined;
}

/** True when a file of the case could not be read, so the case's content is not known. */
export function unreadable(evalCase: EvalCase): boolean {
  if (evalCase.caseFile && caseData(evalCase) === undefined) return true;
  const prompt = evalCase.promptFile;
  return prompt !== undefined && (!prompt.ok || !prompt.markdown);
}

/** Every grader of a case in the order the eval command merges them: case.yaml first, then graders/*.md by name. */
export function gradersOf(evalCase: EvalCase): Grader[] {
  const graders: Grader[] = [];
  const data = caseData(evalCase);
  if (data && Array.isArray(data.graders) && evalCase.caseFile) {
    data.graders.forEach((entry, index) => {
      if (!isObject(entry)) return;
      const name = typeof entry.name === "string" ? entry.name : undefined;
      graders.push({ file: evalCase.caseFile!, data: entry, base: ["graders", index], prose: false, name, nameAt: { path: ["graders", index, "name"] }, body: undefined });
    });
  }
  for (const file of evalCase.graderFiles) {
    const fm = frontmatter(file);
    if (!file.ok || !fm) continue;
    const named = typeof fm.name === "string" && fm.name !== "";
    const name = named ? (fm.name as string) : posix.basename(file.path).replace(/\.(md|markdown)$/i, "");
    graders.push({ file, data: fm, base: [], prose: true, name, nameAt: named ? { path: ["name"] } : { line: 1 }, body: trimmedBody(file) });
  }
  return graders;
}

/**
 * The allowed_tools in effect (prompt.md frontmatter overrides case.yaml `execution.allowed_tools`;
 * absent means none); undefined when the value is not a list, which the schema rules report.
 */
export function allowedTools(evalCase: EvalCase): string[] | undefined {
  const fromPrompt = evalCase.promptFile ? frontmatter(evalCase.promptFile)?.allowed_tools : undefined;
  const execution = caseData(evalCase)?.execution;
  const value = fromPrompt !== undefined ? fromPrompt : isObject(execution) ? execution.allowed_tools : undefined;
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === "string");
}
