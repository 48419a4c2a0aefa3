import { spawnSync } from "node:child_process";
import path from "node:path";

export interface RepositoryIdentity {
  /** "owner/name" where it can be told, else the folder name. */
  repository: string;
  commit: string | undefined;
}

function git(dir: string, args: string[]): string | undefined {
  const result = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** "owner/name" from a GitHub remote URL (https or ssh), or undefined. */
function repositoryFromRemote(url: string): string | undefined {
  const match = /github\.com[:/]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * Names a validated folder: a folder called `owner+name` (how calibration checkouts are kept),
 * else its git remote, else its folder name; the commit comes from git when it is a checkout.
 */
export function identifyRepository(dir: string): RepositoryIdentity {
  const base = path.basename(path.resolve(dir));
  const plus = /^([^+]+)\+(.+)$/.exec(base);
  const remote = git(dir, ["remote", "get-url", "origin"]);
  const repository = plus ? `${plus[1]}/${plus[2]}` : ((remote && repositoryFromRemote(remote)) ?? base);
  return { repository, commit: git(dir, ["rev-parse", "HEAD"]) };
}
