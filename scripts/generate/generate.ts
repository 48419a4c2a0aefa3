import { catalog as defaultCatalog, type Catalog } from "../catalog/index.ts";
import { pluginCosts } from "../core/budget.ts";
import { readMemoryTree, type DiskSnapshot } from "../core/disk.ts";
import { buildProject, ensureParsed } from "../core/project.ts";
import { detectEol } from "../core/text.ts";
import type { Project, RuleMeta, SourceFile } from "../core/types.ts";
import { replaceRegions, scanRegions } from "./regions.ts";
import { renderAgentTools } from "./render/agents.ts";
import { renderCommandFrontmatter, renderCommandWorkflow } from "./render/commands.ts";
import { renderMarketplace, renderPluginManifest } from "./render/manifests.ts";
import { orchestratorRegions, type OrchestratorInput } from "./render/orchestrator.ts";
import { renderInventory, renderRules } from "./render/readme.ts";

export interface GeneratedFile {
  path: string;
  /** Current content, or null when the file does not exist yet. */
  before: string | null;
  after: string;
}

export interface Refusal {
  file: string;
  offset?: number;
  message: string;
}

export interface Generation {
  files: GeneratedFile[];
  refusals: Refusal[];
}

export interface GenerateContext {
  catalog?: Catalog;
  rules: readonly RuleMeta[];
}

const BOM = "\uFEFF";
const NOTE = "(npm run build writes this; edit scripts/catalog)";
const CATALOG_FILES = ["scripts/catalog/workflows.ts", "scripts/catalog/roster.ts", "scripts/catalog/index.ts"];

/** True when the project is the plugin this repository's catalog describes. */
export function catalogApplies(project: Project, catalog: Catalog = defaultCatalog): boolean {
  return (
    project.entries.has("scripts/catalog/index.ts") &&
    project.plugins.some((p) => p.dir === "" && p.name === catalog.plugin.name)
  );
}

/** Every file the generator writes, relative to the root. */
export function generatedPaths(catalog: Catalog = defaultCatalog): string[] {
  return [
    `agents/${catalog.orchestrator}.md`,
    ...catalog.specialists.map((s) => `agents/${s.name}.md`),
    ...catalog.workflows.flatMap((w) => (w.command ? [`commands/${w.command.name}.md`] : [])),
    "README.md",
    ".claude-plugin/plugin.json",
    ".claude-plugin/marketplace.json",
  ];
}

function raw(file: SourceFile | undefined): string | null {
  if (!file) return null;
  return (file.hasBom ? BOM : "") + file.text;
}

/** Where a catalog entry is written, for a located refusal. */
function catalogLocation(project: Project, needle: string): Refusal {
  for (const candidate of CATALOG_FILES) {
    const file = project.byPath.get(candidate);
    const at = file?.text.indexOf(needle) ?? -1;
    if (file && at !== -1) return { file: candidate, offset: at, message: "" };
  }
  return { file: "scripts/catalog/workflows.ts", message: "" };
}

function checkCatalog(project: Project, catalog: Catalog): Refusal[] {
  const plugin = project.plugins.find((p) => p.dir === "");
  const refusals: Refusal[] = [];
  const agents = new Set(plugin?.agents.map((a) => a.name));
  const skills = new Set(plugin?.skills.map((s) => s.folder));
  for (const specialist of catalog.specialists) {
    if (agents.has(specialist.name)) continue;
    const users = catalog.workflows
      .flatMap((w) => w.steps.map((s, i) => ({ w, s, i })))
      .filter(
        ({ s }) =>
          (s.owner.kind === "agent" && s.owner.name === specialist.name) ||
          (s.owner.kind === "framework" && s.owner.names.includes(specialist.name)),
      );
    const named = users.map(({ w, i }) => `workflow "${w.id}" step ${i + 1}`);
    const where = catalogLocation(project, `"${specialist.name}"`);
    refusals.push({
      ...where,
      message: `agent "${specialist.name}" does not exist (agents/${specialist.name}.md), but the catalog lists it${named.length ? ` and ${[...new Set(named)].join(", ")} names it` : ""}`,
    });
  }
  for (const skill of catalog.skills) {
    if (!skills.has(skill))
      refusals.push({
        ...catalogLocation(project, `"${skill}"`),
        message: `skill "${skill}" does not exist (skills/${skill}/SKILL.md), but the catalog lists it`,
      });
  }
  if (!agents.has(catalog.orchestrator))
    refusals.push({
      file: `agents/${catalog.orchestrator}.md`,
      message: `the orchestrator agents/${catalog.orchestrator}.md does not exist; the generator fills its marked regions but never writes its prose`,
    });
  return refusals;
}

interface RegionTarget {
  path: string;
  /** Region id → rendered content; the file must hold exactly these regions. */
  regions: Record<string, string>;
  /** Regions that must sit in the YAML frontmatter. */
  frontmatter: readonly string[];
  /** Used when the file does not exist yet; undefined means a missing file is refused. */
  skeleton?: string;
}

function applyRegions(target: RegionTarget, before: string | null): { after?: string; refusals: Refusal[] } {
  const source = before ?? target.skeleton;
  if (source === undefined)
    return {
      refusals: [
        {
          file: target.path,
          message: `${target.path} does not exist; the generator only fills marked regions of this file`,
        },
      ],
    };
  const hasBom = source.startsWith(BOM);
  const text = hasBom ? source.slice(1) : source;
  // A file without frontmatter regions (the README) may start with a "---" thematic break.
  const scan = scanRegions(text, { frontmatter: target.frontmatter.length > 0 });
  const refusals: Refusal[] = scan.problems.map((p) => ({ file: target.path, offset: p.offset, message: p.message }));
  for (const id of Object.keys(target.regions)) {
    const region = scan.regions.get(id);
    if (!region) {
      if (!scan.problems.length)
        refusals.push({
          file: target.path,
          message: `the generated region "${id}" is missing: add "${target.frontmatter.includes(id) ? `# generated:begin ${id}` : `<!-- generated:begin ${id} -->`}" and its end marker`,
        });
      continue;
    }
    if (target.frontmatter.includes(id) !== region.inFrontmatter)
      refusals.push({
        file: target.path,
        offset: region.beginOffset,
        message: `the generated region "${id}" must sit in the ${target.frontmatter.includes(id) ? "frontmatter" : "body"}`,
      });
  }
  for (const region of scan.regions.values()) {
    if (!(region.id in target.regions))
      refusals.push({
        file: target.path,
        offset: region.beginOffset,
        message: `unknown generated region "${region.id}"; expected ${Object.keys(target.regions)
          .map((r) => `"${r}"`)
          .join(", ")}`,
      });
  }
  if (refusals.length) return { refusals };
  const after = replaceRegions(text, scan.regions, target.regions, detectEol(text));
  return { after: (hasBom ? BOM : "") + after, refusals };
}

function checkWholeJson(project: Project, filePath: string, after: string): Refusal[] {
  const file = project.byPath.get(filePath);
  if (!file) return [];
  if (!file.ok || file.json?.value === undefined)
    return [{ file: filePath, message: `${filePath} is not valid JSON; fix or delete it, then build again` }];
  const produced = JSON.parse(after) as Record<string, unknown>;
  const refusals: Refusal[] = [];
  const compare = (current: unknown, generated: unknown, where: (string | number)[]) => {
    if (
      !current ||
      typeof current !== "object" ||
      Array.isArray(current) ||
      !generated ||
      typeof generated !== "object"
    )
      return;
    for (const key of Object.keys(current)) {
      if (!(key in generated))
        refusals.push({
          file: filePath,
          offset: file.text.indexOf(`"${key}"`),
          message: `"${[...where, key].join(".")}" is not produced by the catalog; add it to scripts/catalog so the build keeps it`,
        });
    }
  };
  compare(file.json.value, produced, []);
  const currentPlugins = (file.json.value as Record<string, unknown>).plugins;
  const producedPlugins = produced.plugins;
  if (Array.isArray(currentPlugins) && Array.isArray(producedPlugins)) {
    currentPlugins.forEach((entry, i) => {
      const match = producedPlugins.find((p: { name?: string }) => p.name === (entry as { name?: string })?.name);
      if (!match)
        refusals.push({
          file: filePath,
          offset: file.text.indexOf(`"${String((entry as { name?: string })?.name)}"`),
          message: `marketplace entry "${String((entry as { name?: string })?.name)}" is not produced by the catalog`,
        });
      else compare(entry, match, ["plugins", i]);
    });
  }
  return refusals;
}

function commandSkeleton(catalog: Catalog, name: string, title: string): string {
  return [
    "---",
    `# generated:begin frontmatter ${NOTE}`,
    "# generated:end frontmatter",
    "---",
    "",
    `# /${catalog.plugin.name}:${name}: ${title}`,
    "",
    `<!-- generated:begin workflow ${NOTE} -->`,
    "<!-- generated:end workflow -->",
    "",
  ].join("\n");
}

function descriptionsByName(project: Project): Map<string, string> {
  const map = new Map<string, string>();
  for (const agent of project.plugins.find((p) => p.dir === "")?.agents ?? []) {
    const description = agent.file.markdown?.frontmatter?.data?.description;
    if (typeof description === "string") map.set(agent.name, description);
  }
  return map;
}

function descriptionsByPath(project: Project): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of project.files) {
    const description = file.markdown?.frontmatter?.data?.description;
    if (typeof description === "string") map.set(file.path, description);
  }
  return map;
}

/** One pass: every target rendered from one project. */
/** Generated files the reader saw but could not read as text: their bytes are unknown. */
function unreadTargets(project: Project, catalog: Catalog): Refusal[] {
  return generatedPaths(catalog)
    .filter((p) => project.byPath.get(p)?.readable === false)
    .map((p) => ({
      file: p,
      message: `${p} could not be read as text (it holds NUL bytes, is over 1 MiB or cannot be opened); the generator never rewrites a file it has not read`,
    }));
}

function renderAll(project: Project, catalog: Catalog, rules: readonly RuleMeta[]): Generation {
  const unread = unreadTargets(project, catalog);
  if (unread.length) return { files: [], refusals: unread };
  const refusals = checkCatalog(project, catalog);
  const files: GeneratedFile[] = [];
  const packageJson = ensureParsed(project.byPath.get("package.json"))?.json?.value as
    { version?: unknown } | undefined;
  const version = typeof packageJson?.version === "string" ? packageJson.version : undefined;
  if (!version)
    refusals.push({
      file: "package.json",
      message: "package.json has no version; plugin.json and the marketplace entry take theirs from it",
    });
  if (refusals.length) return { files, refusals };

  const input: OrchestratorInput = { catalog, descriptions: descriptionsByName(project) };
  const orchestratorPath = `agents/${catalog.orchestrator}.md`;
  const targets: RegionTarget[] = [
    {
      path: orchestratorPath,
      regions: Object.fromEntries(Object.entries(orchestratorRegions).map(([id, render]) => [id, render(input)])),
      frontmatter: ["tools"],
    },
  ];
  for (const specialist of catalog.specialists)
    targets.push({
      path: `agents/${specialist.name}.md`,
      regions: { tools: renderAgentTools(catalog, specialist.name) },
      frontmatter: ["tools"],
    });
  const commandNames = new Set<string>();
  for (const workflow of catalog.workflows) {
    if (!workflow.command) continue;
    commandNames.add(workflow.command.name);
    targets.push({
      path: `commands/${workflow.command.name}.md`,
      regions: {
        frontmatter: renderCommandFrontmatter(catalog, workflow),
        workflow: renderCommandWorkflow(catalog, workflow),
      },
      frontmatter: ["frontmatter"],
      skeleton: commandSkeleton(catalog, workflow.command.name, workflow.title),
    });
  }
  for (const file of project.allFiles) {
    const match = /^commands\/([^/]+)\.md$/.exec(file.path);
    if (match && !commandNames.has(match[1]!) && scanRegions(file.text).regions.size > 0) {
      refusals.push({
        file: file.path,
        message: `${file.path} has generated regions but no workflow in scripts/catalog/workflows.ts has the command "${match[1]}"; delete the file or add the workflow`,
      });
    }
  }
  const costs = pluginCosts(project).filter((c) => c.plugin.dir === "");
  targets.push({
    path: "README.md",
    regions: { inventory: renderInventory(costs, descriptionsByPath(project)), rules: renderRules(rules) },
    frontmatter: [],
  });

  for (const target of targets) {
    const before = raw(project.byPath.get(target.path));
    const result = applyRegions(target, before);
    refusals.push(...result.refusals);
    if (result.after !== undefined) files.push({ path: target.path, before, after: result.after });
  }
  for (const [filePath, after] of [
    [".claude-plugin/plugin.json", renderPluginManifest(catalog, version!)],
    [".claude-plugin/marketplace.json", renderMarketplace(catalog, version!)],
  ] as const) {
    refusals.push(...checkWholeJson(project, filePath, after));
    files.push({ path: filePath, before: raw(project.byPath.get(filePath)), after });
  }
  return { files, refusals };
}

/** The project as it would read from disk after the given files change (binary files stay empty). */
function snapshotFrom(project: Project, overrides: ReadonlyMap<string, string>): DiskSnapshot {
  const files = new Map<string, Buffer>([...project.entries].map((entry) => [entry, Buffer.alloc(0)]));
  for (const file of project.allFiles)
    if (file.readable) files.set(file.path, Buffer.from((file.hasBom ? BOM : "") + file.text));
  for (const [p, t] of overrides) files.set(p, Buffer.from(t));
  return readMemoryTree(files);
}

/**
 * Renders every derived file from one parsed project. Outputs feed each other (the README
 * counts the tokens of the generated orchestrator), so rendering repeats until it is stable.
 */
export function generate(project: Project, context: GenerateContext): Generation {
  const catalog = context.catalog ?? defaultCatalog;
  let current = project;
  let generation = renderAll(current, catalog, context.rules);
  for (let round = 0; round < 4 && generation.refusals.length === 0; round++) {
    const changed = new Map(
      generation.files.filter((f) => f.after !== raw(current.byPath.get(f.path))).map((f) => [f.path, f.after]),
    );
    if (changed.size === 0) break;
    current = buildProject(project.root, snapshotFrom(current, changed), project.config, () => ({
      available: false,
      errors: new Map(),
    }));
    const next = renderAll(current, catalog, context.rules);
    if (next.refusals.length) return next;
    generation = next;
  }
  // "before" is always what is on disk now, whatever round produced "after".
  return {
    refusals: generation.refusals,
    files: generation.files.map((f) => ({ ...f, before: raw(project.byPath.get(f.path)) })),
  };
}
