import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { CalibrationFinding } from "./types.ts";

export interface ValidatorRun {
  findings: CalibrationFinding[];
  exitCode: number | undefined;
}

function parseReport(text: string, source: string): CalibrationFinding[] {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new Error(`${source}: the validator did not print a JSON report`);
  }
  const findings = (report as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new Error(`${source}: the JSON report has no "findings" list`);
  return findings as CalibrationFinding[];
}

/**
 * Runs the validator as a separate process, so calibration measures exactly what a user's
 * `mars-validate --format json` prints and does not depend on the library's internals.
 */
export function runValidator(bin: string, target: string, extraArgs: readonly string[] = []): ValidatorRun {
  // From inside the target, so reported paths are relative to it whatever the caller's folder.
  const result = spawnSync(process.execPath, [path.resolve(bin), ".", "--format", "json", ...extraArgs], {
    cwd: target,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status === 2 || !result.stdout.trim())
    throw new Error(`${target}: the validator failed (exit ${result.status}): ${result.stderr.trim().slice(0, 500)}`);
  return { findings: parseReport(result.stdout, target), exitCode: result.status ?? undefined };
}

/** Reads a JSON report saved earlier (`--format json` output), e.g. to measure an older validator. */
export function readSavedReport(file: string): ValidatorRun {
  return { findings: parseReport(fs.readFileSync(file, "utf8"), path.basename(file)), exitCode: undefined };
}
