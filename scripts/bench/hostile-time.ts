import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HOSTILE_CASES, treeBytes } from "./hostile-cases.ts";

/** Issue 12's bound: every input under 1 MiB is answered within this, start-up included. */
const HOSTILE_BUDGET_SECONDS = 2;
const ONE_MIB = 1024 * 1024;
/** Far past the budget: a case still running then is reported as a hang, not waited for. */
const KILL_AFTER_MS = 60_000;

export interface HostileTiming {
  id: string;
  reported: string;
  bytes: number;
  seconds: number;
  exit: number | string;
  overBudget: boolean;
}

/**
 * Runs every crafted input of issue 12 through the CLI as a user would, after one warm-up run
 * (the checkout builds its bundle on first use), `rounds` times each; the median counts.
 * Slowest first.
 */
export function timeHostileCases(bin: string, rounds = 3): HostileTiming[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "mars-bench-hostile-"));
  const timings: HostileTiming[] = [];
  const run = (dir: string) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [bin, dir, "--format", "json"], {
      encoding: "utf8",
      timeout: KILL_AFTER_MS,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, HOME: work },
    });
    const exit: number | string = result.signal ? `killed (${result.signal})` : (result.status ?? "none");
    return { seconds: (performance.now() - started) / 1000, exit };
  };
  try {
    const warm = path.join(work, "warm-up");
    fs.mkdirSync(path.join(warm, ".claude-plugin"), { recursive: true });
    fs.writeFileSync(path.join(warm, ".claude-plugin/plugin.json"), '{"name":"warm-up"}\n');
    run(warm);
    for (const hostile of HOSTILE_CASES) {
      if (hostile.posixOnly && process.platform === "win32") continue;
      const dir = path.join(work, hostile.id);
      fs.mkdirSync(dir);
      hostile.build(dir);
      const bytes = treeBytes(dir);
      const runs = Array.from({ length: Math.max(1, rounds) }, () => run(dir));
      const sorted = runs.map((r) => r.seconds).sort((a, b) => a - b);
      const seconds = sorted[Math.floor(sorted.length / 2)]!;
      const exit = runs.find((r) => typeof r.exit === "string")?.exit ?? runs[0]!.exit;
      timings.push({
        id: hostile.id,
        reported: hostile.reported,
        bytes,
        seconds,
        exit,
        overBudget: bytes < ONE_MIB && (seconds > HOSTILE_BUDGET_SECONDS || typeof exit === "string"),
      });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return timings.sort((a, b) => b.seconds - a.seconds);
}

export function printHostileTimings(timings: readonly HostileTiming[]): void {
  console.log(
    `\nhostile inputs of issue 12 (CLI, start-up included, median; budget ${HOSTILE_BUDGET_SECONDS} s under 1 MiB):`,
  );
  const rows = [
    ["case", "KiB", "time", "exit"],
    ...timings.map((t) => [
      t.id,
      (t.bytes / 1024).toFixed(0),
      `${t.seconds.toFixed(2)} s${t.overBudget ? " OVER" : ""}`,
      String(t.exit),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`);
  const slowest = timings[0];
  if (slowest)
    console.log(
      `slowest hostile case: ${slowest.id}, ${slowest.seconds.toFixed(2)} s for ${(slowest.bytes / 1024).toFixed(0)} KiB (first reported: ${slowest.reported})`,
    );
}
