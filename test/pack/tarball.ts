import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { oncePerRun } from "../helpers/once-per-run.ts";
import { cleanCopy, REPO_ROOT, tempDir } from "../helpers/repo.ts";

export const FIXTURE_PLUGIN = path.join(REPO_ROOT, "test", "fixtures", "pack", "plugin");

/**
 * The environment for a child npm: the caller's, without the variables `npm test` sets for its
 * own package (they would make the child act on this repository), keeping the cache and registry
 * so an install reuses what `npm ci` already downloaded.
 */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_") || keep.has(key)),
  );
  return { ...env, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", ...extra };
}

interface PackedFile {
  path: string;
  size: number;
}

export interface Tarball {
  file: string;
  size: number;
  files: PackedFile[];
}

/**
 * Packs a clean copy of the repository (tracked files only, node_modules linked in), so the
 * build runs as on a fresh checkout and never writes dist/ into the working tree.
 */
function packTarball(): Tarball {
  const copy = cleanCopy();
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  const destination = tempDir("mars-tarball-");
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: copy,
    env: npmEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [result] = JSON.parse(out) as { filename: string; size: number; files: PackedFile[] }[];
  if (!result) throw new Error("npm pack printed no result");
  fs.rmSync(copy, { recursive: true, force: true });
  return { file: path.join(destination, result.filename), size: result.size, files: result.files };
}

/** The tarball of this run, packed once and shared by every pack test (they only read it). */
export function sharedTarball(): Tarball {
  return oncePerRun("tarball", packTarball);
}

/** The tarball installed into a consumer project once per run, shared read-only by the tests that run it. */
export function sharedInstall(): { tarball: Tarball; installed: string } {
  return oncePerRun("installed", () => {
    const tarball = sharedTarball();
    return { tarball, installed: installTarball(tarball.file) };
  });
}

/** `npm install` flags that use the local cache first and reach only the registry when it must. */
const INSTALL_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"] as const;

/** Installs a tarball into a new empty folder, as a user's `npm i -D` would; returns the folder. */
function installTarball(tarball: string): string {
  const dir = tempDir("mars-installed-");
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true })}\n`);
  execFileSync("npm", ["install", "--save-dev", ...INSTALL_FLAGS, tarball], {
    cwd: dir,
    env: npmEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], cwd: string, env = npmEnv()): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
