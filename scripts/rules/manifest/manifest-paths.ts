import path from "node:path";
import type { JsonPath, PluginModel, Project, ReportInput, Rule, SourceFile } from "../../core/types.ts";
import {
  asObject,
  caseTwin,
  entryAt,
  hasDotDot,
  joinPath,
  jsonObject,
  marketplacesData,
  resolveSource,
} from "./shared.ts";

const posix = path.posix;

type Expect = "markdown" | "skills" | "any" | "json" | "hooks" | "mcp" | "icon";

interface PathRef {
  field: string;
  at: JsonPath;
  value: string;
  expect: Expect;
}

type Report = (input: ReportInput) => void;

const COMPONENT_FOLDERS = new Set([
  "commands",
  "agents",
  "skills",
  "hooks",
  "output-styles",
  "themes",
  "monitors",
  "workflows",
  "bin",
]);
const EVAL_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;

function list(value: unknown, at: JsonPath): { value: unknown; at: JsonPath }[] {
  return Array.isArray(value)
    ? value.map((item, index) => ({ value: item, at: [...at, index] }))
    : value === undefined
      ? []
      : [{ value, at }];
}

/** Every path string of a manifest (or marketplace entry), with where it sits and what it must name. */
function pathRefs(data: Record<string, unknown>, base: JsonPath): PathRef[] {
  const refs: PathRef[] = [];
  const add = (
    field: string,
    value: unknown,
    at: JsonPath,
    expect: Expect,
    when: (s: string) => boolean = () => true,
  ) => {
    for (const item of list(value, at))
      if (typeof item.value === "string" && when(item.value))
        refs.push({ field, at: item.at, value: item.value, expect });
  };
  const commands = asObject(data.commands);
  if (commands) {
    for (const [key, entry] of Object.entries(commands)) {
      const source = asObject(entry)?.source;
      if (typeof source === "string")
        refs.push({ field: "commands", at: [...base, "commands", key, "source"], value: source, expect: "any" });
    }
  } else add("commands", data.commands, [...base, "commands"], "any");
  add("agents", data.agents, [...base, "agents"], "markdown");
  add("skills", data.skills, [...base, "skills"], "skills");
  add("outputStyles", data.outputStyles, [...base, "outputStyles"], "any");
  add("workflows", data.workflows, [...base, "workflows"], "any");
  add("hooks", data.hooks, [...base, "hooks"], "hooks");
  // MCP bundles may also be fetched from a URL.
  add("mcpServers", data.mcpServers, [...base, "mcpServers"], "mcp", (s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s));
  add("lspServers", data.lspServers, [...base, "lspServers"], "json");
  add("themes", data.themes, [...base, "themes"], "any");
  add("monitors", data.monitors, [...base, "monitors"], "json");
  const experimental = asObject(data.experimental);
  if (experimental) {
    add("experimental.themes", experimental.themes, [...base, "experimental", "themes"], "any");
    add("experimental.monitors", experimental.monitors, [...base, "experimental", "monitors"], "json");
    add("experimental.outputStyles", experimental.outputStyles, [...base, "experimental", "outputStyles"], "any");
  }
  add("types", data.types, [...base, "types"], "any");
  // A listing icon may also be a URL; only paths are checked here.
  add("icon", data.icon, [...base, "icon"], "icon", (s) => s !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(s));
  return refs;
}

/** The path relative to the plugin folder, or undefined when it is not a "./" path (the schema reports that). */
function relativeOf(ref: PathRef): string | undefined {
  const value = ref.value;
  if (value === "." || value === "./") return "";
  let inner: string;
  if (value.startsWith("./")) inner = value.slice(2);
  else if (ref.expect === "icon" && !value.startsWith("/") && !/^[A-Za-z]:/.test(value)) inner = value;
  else return undefined;
  const normalized = posix.normalize(inner.replace(/\\/g, "/")).replace(/(?<!\/)\/+$/, "");
  return normalized === "." ? "" : normalized;
}

function skillFolderHolds(project: Project, folder: string): boolean {
  if (project.entries.has(joinPath(folder, "SKILL.md"))) return true;
  const prefix = folder === "" ? "" : `${folder}/`;
  for (const entry of project.entries) {
    if (!entry.startsWith(prefix)) continue;
    if (/^[^/]+\/SKILL\.md$/.test(entry.slice(prefix.length))) return true;
  }
  return false;
}

/** Checks one path; returns true when it named a folder where a Markdown file was expected. */
function checkRef(project: Project, file: SourceFile, pluginDir: string, ref: PathRef, report: Report): boolean {
  const field = `"${ref.field}"`;
  if (hasDotDot(ref.value)) {
    const inner = posix.normalize(ref.value.replace(/\\/g, "/"));
    const escapes = inner === ".." || inner.startsWith("../");
    report({
      file,
      at: { path: ref.at },
      message: escapes
        ? `${field} path "${ref.value}" leaves the plugin folder`
        : `${field} path "${ref.value}" contains ".."`,
      hint: 'Claude Code refuses paths with ".." as path traversal; a plugin is copied on install, so keep the file inside the plugin folder and write a plain "./" path',
    });
    return false;
  }
  const relative = relativeOf(ref);
  if (relative === undefined) return false;
  if (relative.split("/").some((segment) => segment.replace(/(?<![. ])[. ]+$/, "") === ".mcpb-cache")) {
    report({
      file,
      at: { path: ref.at },
      message: `${field} path "${ref.value}" leads into .mcpb-cache`,
      hint: "Claude Code does not load it: it may overwrite that folder when it unpacks the plugin's MCP bundles; move the file to another folder",
    });
    return false;
  }
  const full = joinPath(pluginDir, relative);
  const kind = entryAt(project, full);
  if (kind === "unknown") return false;

  if (kind === undefined) {
    const twin = caseTwin(project, full);
    const shownTwin =
      twin === undefined ? undefined : `./${pluginDir === "" ? twin : twin.slice(pluginDir.length + 1)}`;
    const twinHint =
      shownTwin !== undefined
        ? `"${shownTwin}" exists but differs in letter case, which only case-insensitive file systems (macOS, Windows) accept`
        : undefined;
    if (ref.expect === "icon") {
      report({
        file,
        at: { path: ref.at },
        severity: "warning",
        message: `icon "${ref.value}" does not exist`,
        hint: twinHint ?? "the plugin directory shows no icon; add the image (a square PNG or JPEG) or fix the path",
      });
    } else {
      const consequence =
        ref.expect === "mcp" && /\.json$/i.test(relative)
          ? "the plugin loader skips a missing MCP servers file without reporting it, so none of its servers load; fix the path or add the file"
          : "the runtime loader reports this as a load failure; fix the path or add the file";
      report({
        file,
        at: { path: ref.at },
        message: `${field} path "${ref.value}" does not exist`,
        hint: twinHint ?? consequence,
      });
    }
    return false;
  }

  if (ref.expect === "markdown" && kind === "dir") {
    const prefix = full === "" ? "" : `${full}/`;
    const inside = [...project.entries].filter((e) => e.startsWith(prefix) && e.endsWith(".md")).sort();
    const example =
      inside[0] !== undefined
        ? `"./${inside[0].slice(pluginDir === "" ? 0 : pluginDir.length + 1)}"`
        : `"./${relative === "" ? "" : `${relative}/`}name.md"`;
    report({
      file,
      at: { path: ref.at },
      message: `${field} entry "${ref.value}" is a folder; "agents" takes Markdown files only`,
      hint: `Claude Code rejects the manifest; list each agent file (${inside.length} .md file${inside.length === 1 ? "" : "s"} in this folder) such as ${example}, or drop "agents" to use the default agents/ folder`,
    });
    return true;
  }
  if (ref.expect === "skills") {
    if (kind === "file") {
      const isSkillFile = posix.basename(relative).toLowerCase() === "skill.md";
      const parent = posix.dirname(relative);
      report({
        file,
        at: { path: ref.at },
        message: `${field} entry "${ref.value}" is a file; skills entries must be folders`,
        hint: isSkillFile
          ? `point to the folder that holds SKILL.md instead: ${parent === "." ? '"./" (the plugin root)' : `"./${parent}"`}`
          : "name a skill folder (holding SKILL.md) or a folder of skill folders",
      });
    } else if (!skillFolderHolds(project, full)) {
      report({
        file,
        at: { path: ref.at },
        severity: "warning",
        message: `${field} folder "${ref.value}" holds no SKILL.md, itself or one level down`,
        hint: "no skill is loaded from it; a skill is a folder with a SKILL.md file, directly in the listed folder",
      });
    }
    return false;
  }
  if (
    (ref.expect === "json" || ref.expect === "hooks" || ref.expect === "mcp" || /\.json$/i.test(relative)) &&
    kind === "dir"
  ) {
    report({
      file,
      at: { path: ref.at },
      message: `${field} path "${ref.value}" is a folder, not a file`,
      hint: `${field} must point to a ${/\.(mcpb|dxt)$/i.test(relative) ? "bundle" : "JSON"} file`,
    });
    return false;
  }
  if (ref.expect === "hooks" && relative === "hooks/hooks.json") {
    report({
      file,
      at: { path: ref.at },
      message: `"hooks" names "${ref.value}", which Claude Code already loads`,
      hint: 'the runtime reports "Duplicate hooks file detected"; remove it from "hooks", which should list only additional hook files',
    });
  }
  if (ref.expect === "icon" && kind === "dir") {
    report({
      file,
      at: { path: ref.at },
      severity: "warning",
      message: `icon "${ref.value}" is a folder, not an image`,
      hint: "point at a square PNG or JPEG file",
    });
  }
  return false;
}

/** Markdown files under a default folder that the manifest's own list does not cover: never loaded. */
function strayFiles(project: Project, plugin: PluginModel, folder: string, refs: PathRef[]): string[] {
  const root = joinPath(plugin.dir, folder);
  const covered = refs
    .map((r) => relativeOf(r))
    .filter((r): r is string => r !== undefined)
    .map((r) => joinPath(plugin.dir, r));
  // In commands/, a folder holding SKILL.md is one skill: its other Markdown files never load as commands.
  const inSkillFolder = (entry: string) => {
    for (let dir = posix.dirname(entry); dir !== root && dir.startsWith(`${root}/`); dir = posix.dirname(dir))
      if (project.entries.has(`${dir}/SKILL.md`)) return true;
    return false;
  };
  return [...project.entries]
    .filter((e) => e.startsWith(`${root}/`) && e.endsWith(".md"))
    .filter((e) => folder !== "commands" || posix.basename(e) === "SKILL.md" || !inSkillFolder(e))
    .filter((e) => !covered.some((c) => c === "" || e === c || e.startsWith(`${c}/`)))
    .sort();
}

function checkIgnoredDefaults(
  project: Project,
  plugin: PluginModel,
  file: SourceFile,
  manifest: Record<string, unknown>,
  refs: PathRef[],
  folderAgents: boolean,
  report: Report,
): void {
  const defaults: [field: string, folder: string][] = [
    ["agents", "agents"],
    ["commands", "commands"],
    ["outputStyles", "output-styles"],
  ];
  for (const [field, folder] of defaults) {
    if (manifest[field] === undefined) continue;
    if (field === "agents" && folderAgents) continue;
    if (field !== "outputStyles" && !plugin.ignoredDefaults.includes(folder)) continue;
    if (field === "outputStyles" && !project.dirs.has(joinPath(plugin.dir, folder))) continue;
    const stray = strayFiles(
      project,
      plugin,
      folder,
      refs.filter((r) => r.field === field),
    );
    if (stray.length === 0) continue;
    const shown = stray
      .slice(0, 3)
      .map((s) => `"${s.slice(plugin.dir === "" ? 0 : plugin.dir.length + 1)}"`)
      .join(", ");
    report({
      file,
      at: { path: [field], part: "key" },
      severity: "warning",
      message: `the default ${folder}/ folder is ignored because the manifest sets "${field}"; ${stray.length} file${stray.length === 1 ? " is" : "s are"} not loaded`,
      hint: `list ${shown}${stray.length > 3 ? ", …" : ""} in "${field}" as well, or move ${stray.length === 1 ? "it" : "them"} out of ${folder}/`,
    });
  }
}

/** experimental.evals: `claude plugin eval` falls back to evals/ (with a warning) when the folder is unusable. */
function checkEvals(file: SourceFile, manifest: Record<string, unknown>, report: Report): void {
  const evals = asObject(manifest.experimental)?.evals;
  for (const item of list(evals, ["experimental", "evals"])) {
    if (typeof item.value !== "string") continue;
    const value = item.value;
    const inner = value.replace(/^\.\//, "").replace(/(?<!\/)\/+$/, "");
    const segments = inner.split("/");
    let problem: string | undefined;
    if (inner === "" || inner === ".") problem = "is empty";
    else if (value.startsWith("/") || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith("\\")) problem = "is absolute";
    else if (hasDotDot(value)) problem = 'contains ".."';
    else if (value.length > 200) problem = "is longer than 200 characters";
    else if (segments.length > 8) problem = "has more than 8 segments";
    else if (/\.(md|yaml|json)$/i.test(inner)) problem = "ends in .md, .yaml or .json, like a file";
    else if (COMPONENT_FOLDERS.has(segments[0]!)) problem = `lies inside the component folder "${segments[0]}/"`;
    else if (segments.some((s) => ["node_modules", ".claude", "results", "mocks"].includes(s)))
      problem = `passes through "${segments.find((s) => ["node_modules", ".claude", "results", "mocks"].includes(s))}"`;
    else if (segments.some((s) => !EVAL_SEGMENT.test(s)))
      problem = `has the segment "${segments.find((s) => !EVAL_SEGMENT.test(s))}", outside letters, digits and . _ @ + -`;
    if (problem)
      report({
        file,
        at: { path: item.at },
        severity: "warning",
        message: `experimental.evals "${value}" ${problem}`,
        hint: '`claude plugin eval` ignores it and falls back to evals/; name a relative folder such as "quality/evals"',
      });
  }
}

export const manifestPaths: Rule = {
  id: "manifest-paths",
  severity: "error",
  description:
    "Every path in plugin.json (and in local marketplace entries) stays inside the plugin, exists, and names the right kind of thing: agent files, skill folders, JSON files, no duplicate hooks/hooks.json, no silently ignored default folders.",
  consequence:
    "A manifest path that leaves the plugin, does not exist or names the wrong kind of thing (a folder for agents, a SKILL.md file for skills) makes the plugin fail to load or its components silently missing; manifest hooks pointing at hooks/hooks.json is a load error; a default folder replaced by a manifest path is ignored.",
  check({ project, report }) {
    for (const plugin of project.plugins) {
      const file = plugin.manifest;
      const manifest = jsonObject(file);
      if (!file || !manifest) continue;
      const refs = pathRefs(manifest, []);
      let folderAgents = false;
      for (const ref of refs)
        if (checkRef(project, file, plugin.dir, ref, report) && ref.field === "agents") folderAgents = true;
      checkIgnoredDefaults(project, plugin, file, manifest, refs, folderAgents, report);
      checkEvals(file, manifest, report);
    }

    // Component paths in a marketplace entry resolve against the entry's plugin folder.
    for (const marketplace of marketplacesData(project))
      for (const { index, entry } of marketplace.entries) {
        const source = resolveSource(marketplace, entry);
        if (source.kind !== "local" || entryAt(project, source.dir) !== "dir") continue;
        for (const ref of pathRefs(entry, ["plugins", index]))
          checkRef(project, marketplace.file, source.dir, ref, report);
      }
  },
};
