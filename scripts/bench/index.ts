import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runFuzz } from "./fuzz.ts";
import { BASE_SHAPE, writeSynthetic } from "./synthetic.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "scripts/bin/mars-validate.js");
const GNU_TIME = "/usr/bin/time";
/** The bound the 10× run must stay within; the benchmark fails above it. */
const MEMORY_BOUND_MB = 1536;

interface Run {
  seconds: number;
  peakMb: number | undefined;
  status: number;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const useTime = fs.existsSync(GNU_TIME);
  const started = performance.now();
  const result = useTime
    ? spawnSync(GNU_TIME, ["-f", "MARS_BENCH %e %M", command, ...args], {
        encoding: "utf8",
        env,
        maxBuffer: 512 * 1024 * 1024,
      })
    : spawnSync(command, args, { encoding: "utf8", env, maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const measured = /MARS_BENCH [\d.]+ (\d+)/.exec(result.stderr ?? "");
  return { seconds, peakMb: measured ? Number(measured[1]) / 1024 : undefined, status: result.status ?? -1 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function findClaude(): string | undefined {
  const candidates = [
    process.env.CLAUDE_BIN,
    path.join(ROOT, ".cache/claude-code/node_modules/@anthropic-ai/claude-code-linux-x64/claude"),
    path.join(ROOT, ".cache/claude-code/node_modules/.bin/claude"),
  ];
  return candidates.find((c): c is string => Boolean(c) && fs.existsSync(c!));
}

function measure(label: string, tree: string, files: number, runs: number, claude: string | undefined) {
  // One warm-up run builds the cached bundle and warms the page cache for both tools.
  timed(process.execPath, [BIN, tree, "--format", "json"]);
  const ours = Array.from({ length: runs }, () => timed(process.execPath, [BIN, tree, "--format", "json"]));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "bench-home-"));
  const official = claude
    ? Array.from({ length: runs }, () => timed(claude, ["plugin", "validate", tree], { ...process.env, HOME: home }))
    : [];
  const oursSeconds = median(ours.map((r) => r.seconds));
  const officialSeconds = official.length ? median(official.map((r) => r.seconds)) : undefined;
  const peak = Math.max(...ours.map((r) => r.peakMb ?? 0)) || undefined;
  return {
    label,
    files,
    runs,
    oursSeconds,
    filesPerSecond: files / oursSeconds,
    peakMb: peak,
    officialSeconds,
    ratio: officialSeconds ? oursSeconds / officialSeconds : undefined,
    exitCodes: [...new Set(ours.map((r) => r.status))],
  };
}

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "fuzz-runs": { type: "string", default: "10000" },
    "skip-fuzz": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "mars-bench-"));
const claude = findClaude();

const base = path.join(work, "x1");
const big = path.join(work, "x10");
const baseFiles = writeSynthetic(base, BASE_SHAPE);
const bigFiles = writeSynthetic(big, { ...BASE_SHAPE, plugins: BASE_SHAPE.plugins * 10 });

console.log(
  `synthetic marketplaces: ${BASE_SHAPE.plugins} and ${BASE_SHAPE.plugins * 10} plugins x (${BASE_SHAPE.agents} agents + ${BASE_SHAPE.skills} skills + ${BASE_SHAPE.commands} commands)`,
);
console.log(
  `official validator: ${claude ? "claude plugin validate (pinned CLI)" : "not installed (npm run claude:install)"}; ${runs} runs each, medians\n`,
);
const results = [
  measure("1x", base, baseFiles, runs, claude),
  measure("10x", big, bigFiles, Math.max(1, Math.ceil(runs / 2)), claude),
];

const rows = [["tree", "files", "mars-validate", "files/s", "peak MB", "claude plugin validate", "ratio"]];
for (const r of results) {
  rows.push([
    r.label,
    String(r.files),
    `${r.oursSeconds.toFixed(2)} s`,
    r.filesPerSecond.toFixed(0),
    r.peakMb ? r.peakMb.toFixed(0) : "n/a",
    r.officialSeconds ? `${r.officialSeconds.toFixed(2)} s` : "n/a",
    r.ratio ? r.ratio.toFixed(2) : "n/a",
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join("  "));
const growth = results[1]!.oursSeconds / results[0]!.oursSeconds;
console.log(`\ngrowth 1x -> 10x: ${growth.toFixed(2)}x the time for 10x the files (linear is 10)`);
const peak = results[1]!.peakMb;
console.log(
  `peak memory at 10x: ${peak ? `${peak.toFixed(0)} MB` : "not measured (GNU time missing)"}; bound ${MEMORY_BOUND_MB} MB`,
);

let fuzz;
if (!values["skip-fuzz"]) {
  fuzz = runFuzz(Number(values["fuzz-runs"]), 20261127);
  console.log(`\nfuzz: ${fuzz.ran} cases ran, ${fuzz.failed} failed, ${fuzz.seconds.toFixed(1)} s`);
  for (const p of fuzz.problems.slice(0, 10)) console.log(`  ${p.count}x ${p.problem}`);
}

fs.mkdirSync(path.join(ROOT, ".cache"), { recursive: true });
fs.writeFileSync(
  path.join(ROOT, ".cache/bench.json"),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results, growth, fuzz: fuzz && { ran: fuzz.ran, failed: fuzz.failed } }, null, 2)}\n`,
);
fs.rmSync(work, { recursive: true, force: true });
const overMemory = peak !== undefined && peak > MEMORY_BOUND_MB;
process.exitCode = overMemory || (fuzz?.failed ?? 0) > 0 ? 1 : 0;
