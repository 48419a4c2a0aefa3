import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../../scripts/core/config.ts";
import type { Finding, Rule } from "../../scripts/core/types.ts";
import { validateProject } from "../../scripts/core/validate.ts";
import { houseRules } from "../../scripts/house/index.ts";
import { rules } from "../../scripts/rules/index.ts";

/** The general rules and the house preset: every rule that has fixtures. */
export const allRules = [...rules, ...houseRules];
import { tempDir } from "./repo.ts";

export const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures");

/** Validates a folder with its own .mars-validate.json and returns the findings. */
export async function findingsFor(root: string, rules: readonly Rule[] = allRules): Promise<Finding[]> {
  const { config, problems } = loadConfig(root);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const result = await validateProject(root, { config, rules });
  if (result.crashes.length > 0) throw new Error(result.crashes.map((c) => `${c.ruleId}: ${c.message}`).join("\n"));
  return result.findings;
}

/** A collapsed finding stands for each of its places: one per location, for fixture expectations. */
export function expand(findings: readonly Finding[]): Finding[] {
  return findings.flatMap((finding) =>
    finding.count && finding.related
      ? [
          finding,
          ...finding.related.map((location) => ({ ...finding, location, related: undefined, count: undefined })),
        ]
      : [finding],
  );
}

export function format(finding: Finding): string {
  return `${finding.location.file}:${finding.location.start.line}:${finding.location.start.column} ${finding.ruleId}`;
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

/**
 * A fixture folder is used as it is, unless it has a build.mjs: then it is copied to a
 * temporary folder and build.mjs adds what git cannot hold (huge, binary or unreadable files).
 */
export async function prepareFixture(dir: string): Promise<string> {
  return (await prepareFixtureWithExpectations(dir)).root;
}

/** Like prepareFixture; a build.mjs may also return the expected findings when they depend on files it copies. */
export async function prepareFixtureWithExpectations(dir: string): Promise<{ root: string; expected?: string[] }> {
  const build = path.join(dir, "build.mjs");
  if (!fs.existsSync(build)) return { root: dir };
  const target = tempDir("mars-fixture-");
  copyDir(dir, target);
  fs.rmSync(path.join(target, "build.mjs"));
  fs.rmSync(path.join(target, "expected.txt"), { force: true });
  const module = (await import(pathToFileURL(path.resolve(build)).href)) as {
    default: (dir: string) => void | string[] | Promise<void | string[]>;
  };
  const expected = await module.default(target);
  return Array.isArray(expected) ? { root: target, expected } : { root: target };
}
