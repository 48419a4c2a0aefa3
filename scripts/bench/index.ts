// npm run bench [-- --runs 5] [--tree <marketplace folder> ...] [--skip-fuzz] [--skip-hostile]
// Times mars-validate against the official `claude plugin validate` (the pinned CLI, installed as
// CI installs it) on the same trees, alternately, and prints the medians and their ratio, cold and
// with --cache. Timing lives here only, never in a test.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ADVERSARIAL_BUDGET_SECONDS, printAdversarial, runFuzz } from "./fuzz.ts";
import { runAdversarial } from "./fuzz-adversarial.ts";
import { printHostileTimings, timeHostileCases } from "./hostile-time.ts";
import { BASE_SHAPE, writeSynthetic } from "./synthetic.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "scripts/bin/mars-validate.js");
const CLAUDE_PIN = "2.1.330";
const GNU_TIME = "/usr/bin/time";
/** The bound the 10× run must stay within; the benchmark fails above it. */
const MEMORY_BOUND_MB = 1536;

interface Run {
  seconds: number;
  /** User and system CPU seconds (GNU time), which other load on the machine disturbs less than wall time. */
  cpu: number | undefined;
  peakMb: number | undefined;
  status: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const useTime = fs.existsSync(GNU_TIME);
  const started = performance.now();
  const result = useTime
    ? spawnSync(GNU_TIME, ["-f", "MARS_BENCH %e %M %U %S", command, ...args], {
        encoding: "utf8",
        env,
        maxBuffer: 512 * 1024 * 1024,
      })
    : spawnSync(command, args, { encoding: "utf8", env, maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const measured = /MARS_BENCH [\d.]+ (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr ?? "");
  return {
    seconds,
    cpu: measured ? Number(measured[2]) + Number(measured[3]) : undefined,
    peakMb: measured ? Number(measured[1]) / 1024 : undefined,
    status: result.status ?? -1,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function claudeVersion(bin: string): string | undefined {
  const result = spawnSync(bin, ["--version"], { encoding: "utf8", env: { ...process.env, HOME: os.tmpdir() } });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The pinned CLI: $CLAUDE_BIN, or the copy scripts/install-claude.sh puts in .cache/claude-code (installed now if missing). */
function pinnedClaude(): string | undefined {
  const candidates = () =>
    [
      process.env.CLAUDE_BIN,
      path.join(ROOT, ".cache/claude-code/node_modules/@anthropic-ai/claude-code-linux-x64/claude"),
      path.join(ROOT, ".cache/claude-code/node_modules/.bin/claude"),
    ].filter((c): c is string => Boolean(c) && fs.existsSync(c!));
  const pinned = () => candidates().find((bin) => claudeVersion(bin)?.startsWith(CLAUDE_PIN));
  const found = pinned();
  if (found) return found;
  console.log(`installing Claude Code ${CLAUDE_PIN} as CI does (scripts/install-claude.sh)...`);
  spawnSync("bash", [path.join(ROOT, "scripts/install-claude.sh")], { stdio: "inherit" });
  return pinned();
}

interface Measured {
  label: string;
  files: number;
  runs: number;
  cold: number;
  cached: number;
  official: number | undefined;
  /** Median CPU seconds of the cold runs and of the official validator's. */
  cpuCold: number | undefined;
  cpuOfficial: number | undefined;
  peakMb: number | undefined;
  exitCodes: number[];
}

/**
 * One tree: a warm-up of each (builds the checkout's bundle, fills the page cache and the mars
 * cache), then rounds that run mars cold, the official validator and mars cached, in an order
 * that rotates each round so neither tool always runs right after the other.
 */
function measure(label: string, tree: string, files: number, runs: number, claude: string | undefined): Measured {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "mars-bench-run-"));
  const home = path.join(work, "home");
  fs.mkdirSync(home);
  const cacheFile = path.join(work, "cache");
  const cold = () => timed(process.execPath, [BIN, tree, "--format", "json"]);
  const cached = () =>
    timed(process.execPath, [BIN, tree, "--format", "json", "--cache", "--cache-location", cacheFile]);
  const official = () =>
    timed(claude!, ["plugin", "validate", tree], { ...process.env, HOME: home, DISABLE_AUTOUPDATER: "1" });
  try {
    cold();
    cached();
    if (claude) official();
    const times = { cold: [] as Run[], cached: [] as Run[], official: [] as Run[] };
    const steps: [keyof typeof times, () => Run][] = [
      ["cold", cold],
      ["official", official],
      ["cached", cached],
    ].filter(([name]) => claude || name !== "official") as [keyof typeof times, () => Run][];
    for (let round = 0; round < runs; round++)
      for (let i = 0; i < steps.length; i++) {
        const [name, step] = steps[(round + i) % steps.length]!;
        times[name].push(step());
      }
    const seconds = (list: Run[]) => median(list.map((r) => r.seconds));
    const cpu = (list: Run[]) => (list.every((r) => r.cpu !== undefined) ? median(list.map((r) => r.cpu!)) : undefined);
    return {
      label,
      files,
      runs,
      cold: seconds(times.cold),
      cached: seconds(times.cached),
      official: claude ? seconds(times.official) : undefined,
      cpuCold: cpu(times.cold),
      cpuOfficial: claude ? cpu(times.official) : undefined,
      peakMb: Math.max(...times.cold.map((r) => r.peakMb ?? 0)) || undefined,
      exitCodes: [...new Set(times.cold.map((r) => r.status))],
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  let count = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    if (entry.isDirectory()) count += countFiles(path.join(dir, entry.name));
    else if (entry.isFile()) count++;
  }
  return count;
}

const USAGE = `Usage: npm run bench -- [options]

Times mars-validate against the pinned \`claude plugin validate\` on the same trees, cold and
cached, then the hostile inputs and the fuzzers.

  --runs N               rounds per tree; medians are printed (default 5)
  --tree DIR             also measure a real marketplace checkout (repeatable)
  --skip-synthetic       skip the generated 1x and 10x marketplaces
  --skip-hostile         skip the hostile inputs
  --skip-fuzz            skip the fuzzers
  --fuzz-runs N          fuzz iterations (default 10000)
  --adversarial-runs N   adversarial fuzz iterations (default 500)
  -h, --help             show this help`;

function options() {
  try {
    return parseArgs({
      options: {
        runs: { type: "string", default: "5" },
        tree: { type: "string", multiple: true, default: [] },
        "skip-synthetic": { type: "boolean", default: false },
        "fuzz-runs": { type: "string", default: "10000" },
        "skip-fuzz": { type: "boolean", default: false },
        "adversarial-runs": { type: "string", default: "500" },
        "skip-hostile": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const values = options();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = Math.max(1, Number(values.runs) || 5);
const claude = pinnedClaude();
console.log(
  `official validator: ${claude ? `claude plugin validate (${claudeVersion(claude)})` : `Claude Code ${CLAUDE_PIN} could not be installed; ratios not measured`}`,
);
console.log(`${os.cpus().length} cores, Node ${process.version}; ${runs} rounds per tree, medians\n`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "mars-bench-"));
const results: Measured[] = [];
try {
  if (!values["skip-synthetic"]) {
    const base = path.join(work, "x1");
    const big = path.join(work, "x10");
    const baseFiles = writeSynthetic(base, BASE_SHAPE);
    const bigFiles = writeSynthetic(big, { ...BASE_SHAPE, plugins: BASE_SHAPE.plugins * 10 });
    console.log(
      `synthetic marketplaces: ${BASE_SHAPE.plugins} and ${BASE_SHAPE.plugins * 10} plugins x (${BASE_SHAPE.agents} agents + ${BASE_SHAPE.skills} skills + ${BASE_SHAPE.commands} commands)`,
    );
    results.push(measure("synthetic 1x", base, baseFiles, runs, claude));
    results.push(measure("synthetic 10x", big, bigFiles, Math.max(1, Math.ceil(runs / 2)), claude));
  }
  for (const tree of values.tree as string[]) {
    const absolute = path.resolve(tree);
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
      console.error(`bench: ${tree} is not a folder`);
      process.exitCode = 2;
      continue;
    }
    results.push(measure(path.basename(absolute), absolute, countFiles(absolute), runs, claude));
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const ratio = (ours: number, theirs: number | undefined) => (theirs ? (ours / theirs).toFixed(2) : "n/a");
const rows = [
  [
    "tree",
    "files",
    "mars cold",
    "mars cached",
    "claude plugin validate",
    "ratio cold",
    "ratio cached",
    "CPU cold (mars / claude)",
    "peak MB",
  ],
  ...results.map((r) => [
    r.label,
    String(r.files),
    `${r.cold.toFixed(2)} s`,
    `${r.cached.toFixed(2)} s`,
    r.official === undefined ? "n/a" : `${r.official.toFixed(2)} s`,
    ratio(r.cold, r.official),
    ratio(r.cached, r.official),
    r.cpuCold === undefined
      ? "n/a"
      : `${r.cpuCold.toFixed(2)} s / ${r.cpuOfficial === undefined ? "n/a" : `${r.cpuOfficial.toFixed(2)} s`}`,
    r.peakMb ? r.peakMb.toFixed(0) : "n/a",
  ]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
console.log("");
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));

const x1 = results.find((r) => r.label === "synthetic 1x");
const x10 = results.find((r) => r.label === "synthetic 10x");
let growth: number | undefined;
if (x1 && x10) {
  growth = x10.cold / x1.cold;
  console.log(`\ngrowth 1x -> 10x: ${growth.toFixed(2)}x the time for 10x the files (linear is 10)`);
  console.log(
    `peak memory at 10x: ${x10.peakMb ? `${x10.peakMb.toFixed(0)} MB` : "not measured (GNU time missing)"}; bound ${MEMORY_BOUND_MB} MB`,
  );
}

const hostile = values["skip-hostile"] ? undefined : timeHostileCases(BIN);
if (hostile) printHostileTimings(hostile);

let fuzz;
let adversarial;
if (!values["skip-fuzz"]) {
  fuzz = runFuzz(Number(values["fuzz-runs"]), 20261127);
  console.log(`\nfuzz (random): ${fuzz.ran} cases ran, ${fuzz.failed} failed, ${fuzz.seconds.toFixed(1)} s`);
  for (const p of fuzz.problems.slice(0, 10)) console.log(`  ${p.count}x ${p.problem}`);
  adversarial = await runAdversarial(Number(values["adversarial-runs"]), 20261127, {
    budgetSeconds: ADVERSARIAL_BUDGET_SECONDS,
  });
  printAdversarial(adversarial, 20261127);
}

fs.mkdirSync(path.join(ROOT, ".cache"), { recursive: true });
fs.writeFileSync(
  path.join(ROOT, ".cache/bench.json"),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results, growth, hostile, fuzz: fuzz && { ran: fuzz.ran, failed: fuzz.failed }, adversarial: adversarial && { ran: adversarial.ran, failed: adversarial.failed, slowest: adversarial.slowest } }, null, 2)}\n`,
);
const overMemory = x10?.peakMb !== undefined && x10.peakMb > MEMORY_BOUND_MB;
const overBudget = hostile?.some((t) => t.overBudget) ?? false;
if (overMemory || overBudget || (fuzz?.failed ?? 0) > 0 || (adversarial?.failed ?? 0) > 0) process.exitCode = 1;
