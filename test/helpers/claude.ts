import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { oncePerRun } from "./once-per-run.ts";
import { REPO_ROOT } from "./repo.ts";

const CLAUDE_PIN = "2.1.330";

function version(bin: string): string | undefined {
  try {
    return execFileSync(bin, ["--version"], {
      encoding: "utf8",
      env: { ...process.env, HOME: os.tmpdir() },
      timeout: 60_000,
    }).trim();
  } catch {
    return undefined;
  }
}

/** The pinned CLI: $CLAUDE_BIN, or the copy `npm run claude:install` puts in .cache/claude-code. */
function findClaude(): { bin: string | undefined; reason: string } {
  const candidates = [
    process.env.CLAUDE_BIN,
    path.join(REPO_ROOT, ".cache/claude-code/node_modules/@anthropic-ai/claude-code-linux-x64/claude"),
    path.join(REPO_ROOT, ".cache/claude-code/node_modules/.bin/claude"),
  ].filter((c): c is string => Boolean(c) && fs.existsSync(c!));
  for (const bin of candidates) {
    const v = version(bin);
    if (v?.startsWith(CLAUDE_PIN)) return { bin, reason: "" };
  }
  return {
    bin: undefined,
    reason: `Claude Code ${CLAUDE_PIN} not found: run "npm run claude:install" (or set CLAUDE_BIN) to enable the real-client tests`,
  };
}

/**
 * In CI a missing CLI fails the suite; elsewhere the real-client tests skip with a message. The
 * search (which starts the CLI to read its version) runs once per test run for every file that asks.
 */
export function requireClaude(): string | undefined {
  const { bin, reason } = oncePerRun("claude-cli", findClaude);
  if (bin) return bin;
  if (process.env.CI) throw new Error(`${reason} (CI=true: these tests must run)`);
  console.warn(`skipping real-client tests: ${reason}`);
  return undefined;
}

export interface ClaudeResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * `plugin install` runs `npm ci` in the installed copy of a plugin that ships a lockfile (mars
 * does, at its root). With HOME pointed at a scratch folder, npm's cache would be empty and it
 * would download every package again; the machine's own cache (filled by this repository's
 * `npm ci`) serves them instead, and npm asks the registry only for what it lacks.
 */
function npmCacheEnv(): NodeJS.ProcessEnv {
  return {
    npm_config_cache: process.env.npm_config_cache || path.join(os.homedir(), ".npm"),
    npm_config_prefer_offline: "true",
  };
}

function offlineEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    CI: "true",
    NO_COLOR: "1",
    DISABLE_AUTOUPDATER: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    ...npmCacheEnv(),
  };
}

/** Runs the CLI offline with HOME pointed at a scratch folder, without blocking: independent runs overlap. */
export function runClaudeAsync(
  bin: string,
  args: string[],
  options: { cwd: string; home: string },
): Promise<ClaudeResult> {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      {
        cwd: options.cwd,
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
        env: offlineEnv(options.home),
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ status: error ? (typeof code === "number" ? code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Maps over items with at most `limit` calls in flight. Each CLI run mostly waits on its own
 * start-up (loading a large binary), so a few at once finish far sooner than one after another.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await run(items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
