import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { type ClaudeResult, mapLimited, runClaudeAsync } from "../helpers/claude.ts";
import { tempDir, writeTree } from "../helpers/repo.ts";

/**
 * Each `claude plugin validate` run costs most of a second of CPU, almost all of it the CLI's
 * start-up, and the parity cases are 64 small trees. The CLI reports every message under the
 * file it concerns (and, for a marketplace, under `plugins[i] plugin.json`), so cases that
 * touch different files can share one run and still each get exactly their own messages:
 *
 * - a case that changes only a plugin's manifest becomes one plugin of a shared marketplace,
 *   whose manifest checks the CLI runs on each local entry's plugin.json;
 * - a marketplace case that changes only its one plugin entry (and that entry's own folder)
 *   becomes one entry of the same marketplace: the CLI reports entry messages under
 *   `plugins[i]` or `plugins.i`;
 * - a case that changes only files of the content pass (agents, skills, commands, CLAUDE.md,
 *   hooks/hooks.json, .mcp.json) puts them, renamed after the case where the layout allows,
 *   into a shared copy of the clean plugin; its hooks/hooks.json becomes hooks/<case>.json,
 *   listed in that copy's manifest `hooks`, which the CLI checks as it checks hooks/hooks.json;
 * - any other case (a marketplace of its own, the clean plugin) keeps a run of its own.
 *
 * A message that no case of its run owns is a sign that cases affect one another; the runs
 * record them so a test can insist there are none.
 */

type Tree = Record<string, string>;

interface Message {
  path: string;
  message: string;
}

interface FileEntry {
  file: string;
  errors: Message[];
  warnings: Message[];
}

interface Report {
  manifest: FileEntry | null;
  contents: FileEntry[];
}

/** What the CLI said about one case. */
export interface CaseVerdict {
  /** The exit code of the run that held the case (shared by every case of that run). */
  status: number;
  errors: Message[];
  warnings: Message[];
}

/** A message of a shared run, located by the file it is reported on (relative to the run's root). */
interface Located {
  file: string;
  path: string;
}

interface PlannedRun {
  label: string;
  tree: Tree;
  /** The cases the run holds. */
  members: string[];
  /** Which case a message belongs to; undefined when the run holds one case, which owns everything. */
  owner?: (message: Located) => string | undefined;
}

export interface SharedRunSummary {
  label: string;
  members: string[];
  status: number;
  /** Messages that belong to no case of the run, as `file: path: message`. */
  unowned: string[];
}

const MANIFEST = ".claude-plugin/plugin.json";
const MARKETPLACE = ".claude-plugin/marketplace.json";
const CONTENT_PASS =
  /^(agents\/.+\.md|commands\/.+\.md|skills\/[^/]+\/SKILL\.md|CLAUDE\.md|hooks\/hooks\.json|\.mcp\.json)$/;
/** An entry's message: `plugins[2] plugin.json → keywords`, `plugins[2].name`, `plugins.2.source.sha`. */
const ENTRY = /^plugins(?:\[(\d+)\]|\.(\d+))(?![\w-])/;

/** The clean trees cases change one thing of. */
export interface Bases {
  plugin: Tree;
  /** A marketplace with one local plugin entry. */
  marketplace: Tree;
}

interface Marketplace {
  plugins?: unknown;
  [field: string]: unknown;
}

type Entry = Record<string, unknown>;

/** The case's id, such as "p03" for "P03 agents path with ..", usable as a file and plugin name. */
function slug(name: string): string {
  return name.split(" ")[0]!.toLowerCase();
}

function changedFiles(base: Tree, tree: Tree): string[] {
  return Object.keys(tree).filter((file) => tree[file] !== base[file]);
}

const DEFAULT_HOOKS = "hooks/hooks.json";

/** True when the clean plugin lists no hooks files of its own, so a shared copy may list the cases'. */
function mayListHooks(base: Tree): boolean {
  if (DEFAULT_HOOKS in base) return false;
  try {
    const manifest: unknown = JSON.parse(base[MANIFEST] ?? "");
    return typeof manifest === "object" && manifest !== null && !Array.isArray(manifest) && !("hooks" in manifest);
  } catch {
    return false;
  }
}

/**
 * Where a content file of a case goes in the shared plugin: its own agent, command, skill or
 * hooks file when it is one.
 */
function placeContentFile(file: string, id: string, base: Tree): string {
  if (file === DEFAULT_HOOKS && mayListHooks(base)) return `hooks/${id}.json`;
  const agent = /^agents\/[^/]+\.md$/.exec(file);
  if (agent && file in base) return `agents/${id}.md`;
  if (/^commands\/[^/]+\.md$/.test(file) && file in base) return `commands/${id}.md`;
  const skill = /^skills\/([^/]+)\//.exec(file);
  if (skill && Object.keys(base).some((f) => f.startsWith(`skills/${skill[1]}/`)))
    return file.replace(/^skills\/[^/]+\//, `skills/${id}/`);
  return file;
}

function parseMarketplace(text: string | undefined): Marketplace | undefined {
  try {
    const value: unknown = JSON.parse(text ?? "");
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Marketplace) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A marketplace case that differs from the base marketplace only in its one plugin entry and in
 * files of that entry's folder: the entry and files it takes in the shared marketplace (its name
 * and source become the case's own unless they are what the case changes), else undefined.
 */
function marketplaceEntry(base: Tree, tree: Tree, id: string): { entry: Entry; files: Tree } | undefined {
  const reference = parseMarketplace(base[MARKETPLACE]);
  const own = parseMarketplace(tree[MARKETPLACE]);
  if (!reference || !own || !Array.isArray(reference.plugins) || !Array.isArray(own.plugins)) return undefined;
  const [baseEntry] = reference.plugins as Entry[];
  const [caseEntry] = own.plugins as Entry[];
  if (reference.plugins.length !== 1 || own.plugins.length !== 1 || typeof baseEntry?.source !== "string")
    return undefined;
  if (!caseEntry || typeof caseEntry !== "object" || Array.isArray(caseEntry)) return undefined;
  const { plugins: _own, ...ownFields } = own;
  const { plugins: _base, ...baseFields } = reference;
  if (!isDeepStrictEqual(ownFields, baseFields)) return undefined;
  const folder = `${baseEntry.source.replace(/^\.\//, "")}/`;
  const others = Object.keys(tree).filter((file) => file !== MARKETPLACE);
  if (others.some((file) => !file.startsWith(folder))) return undefined;
  const entry: Entry = { ...caseEntry };
  if (entry.name === baseEntry.name) entry.name = id;
  if (isDeepStrictEqual(entry.source, baseEntry.source)) entry.source = `./plugins/${id}`;
  const files = Object.fromEntries(others.map((file) => [`plugins/${id}/${file.slice(folder.length)}`, tree[file]!]));
  return { entry, files };
}

function plan(bases: Bases, cases: readonly (readonly [string, Tree])[]): PlannedRun[] {
  const base = bases.plugin;
  const market = { name: "parity-cases", owner: { name: "Spec" }, description: "d", plugins: [] as object[] };
  const marketTree: Tree = {};
  const entryCase: string[] = [];
  const contentRuns: { tree: Tree; placed: Map<string, string>; hooks: string[]; members: string[] }[] = [];
  const single: PlannedRun[] = [];
  const ids = new Set<string>();

  for (const [name, tree] of cases) {
    const id = slug(name);
    if (ids.has(id)) throw new Error(`two parity cases share the id ${id}`);
    ids.add(id);
    const changed = changedFiles(base, tree);
    const isPlugin = MANIFEST in tree && !(MARKETPLACE in tree);
    const removed = Object.keys(base).some((file) => !(file in tree));
    const inMarketplace = MARKETPLACE in tree ? marketplaceEntry(bases.marketplace, tree, id) : undefined;
    if (inMarketplace) {
      market.plugins.push(inMarketplace.entry);
      entryCase.push(name);
      Object.assign(marketTree, inMarketplace.files);
    } else if (isPlugin && !removed && changed.includes(MANIFEST) && !changed.some((f) => CONTENT_PASS.test(f))) {
      market.plugins.push({ name: id, source: `./plugins/${id}` });
      entryCase.push(name);
      for (const [file, content] of Object.entries(tree)) marketTree[`plugins/${id}/${file}`] = content;
    } else if (isPlugin && !removed && changed.length > 0 && !changed.includes(MANIFEST)) {
      const placed = changed.map((file) => [file, placeContentFile(file, id, base)] as const);
      let run = contentRuns.find((r) => placed.every(([, target]) => !(target in r.tree)));
      if (!run) contentRuns.push((run = { tree: { ...base }, placed: new Map(), hooks: [], members: [] }));
      run.members.push(name);
      for (const [file, target] of placed) {
        run.tree[target] = tree[file]!;
        run.placed.set(target, name);
        if (file === DEFAULT_HOOKS && target !== DEFAULT_HOOKS) run.hooks.push(`./${target}`);
      }
    } else single.push({ label: name, tree, members: [name] });
  }

  marketTree[MARKETPLACE] = JSON.stringify(market, null, 2);
  const runs: PlannedRun[] = [...single];
  if (entryCase.length > 0)
    runs.push({
      label: "the manifest and marketplace-entry cases, one entry each in a marketplace",
      tree: marketTree,
      members: entryCase,
      owner: ({ path: at }) => {
        const match = ENTRY.exec(at);
        const index = match?.[1] ?? match?.[2];
        return index === undefined ? undefined : entryCase[Number(index)];
      },
    });
  contentRuns.forEach(({ tree, placed, hooks, members }, index) =>
    runs.push({
      label: `the content cases, shared plugin ${index + 1}`,
      tree:
        hooks.length === 0
          ? tree
          : { ...tree, [MANIFEST]: JSON.stringify({ ...JSON.parse(tree[MANIFEST]!), hooks }, null, 2) },
      members,
      owner: ({ file }) => placed.get(file),
    }),
  );
  return runs;
}

async function validate(bin: string, tree: Tree): Promise<{ root: string; cli: ClaudeResult }> {
  const root = writeTree(tree);
  const cli = await runClaudeAsync(bin, ["plugin", "validate", "--strict", "--json", root], {
    cwd: root,
    home: tempDir("claude-home-"),
  });
  return { root, cli };
}

/**
 * Runs `claude plugin validate --strict --json` over every case, sharing runs as described
 * above, a few at a time; returns each case's verdict and a summary of each shared run.
 */
export async function validateCases(
  bin: string,
  bases: Bases,
  cases: readonly (readonly [string, Tree])[],
): Promise<{ verdicts: Map<string, CaseVerdict>; shared: SharedRunSummary[] }> {
  const runs = plan(bases, cases);
  const results = await mapLimited(runs, 4, (run) => validate(bin, run.tree));
  const verdicts = new Map<string, CaseVerdict>();
  const shared: SharedRunSummary[] = [];
  runs.forEach((run, index) => {
    const { root, cli } = results[index]!;
    const report = JSON.parse(cli.stdout) as Report;
    const entries = [report.manifest, ...report.contents].filter((e): e is FileEntry => e !== null);
    for (const name of run.members) verdicts.set(name, { status: cli.status, errors: [], warnings: [] });
    if (!run.owner) {
      const verdict = verdicts.get(run.members[0]!)!;
      for (const entry of entries) {
        verdict.errors.push(...entry.errors);
        verdict.warnings.push(...entry.warnings);
      }
      return;
    }
    const realRoot = fs.realpathSync(root);
    const unowned: string[] = [];
    for (const entry of entries) {
      const file = path.relative(realRoot, fs.realpathSync(entry.file)).split(path.sep).join("/");
      for (const [kind, messages] of [
        ["errors", entry.errors],
        ["warnings", entry.warnings],
      ] as const)
        for (const message of messages) {
          const verdict = verdicts.get(run.owner({ file, path: message.path }) ?? "");
          if (verdict) verdict[kind].push(message);
          else unowned.push(`${file}: ${message.path}: ${message.message}`);
        }
    }
    shared.push({ label: run.label, members: run.members, status: cli.status, unowned });
  });
  return { verdicts, shared };
}
