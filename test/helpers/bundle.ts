import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import { oncePerRun } from "./once-per-run.ts";
import { REPO_ROOT, tempDir } from "./repo.ts";

/**
 * A TypeScript entry point of this repository as one esbuild bundle, built once per test run, for
 * tests that start it as a real process: `node <bundle>` starts in a fraction of the time
 * `node --import tsx <entry>` takes to resolve and compile every module through the loader
 * hook, and runs the same code (as scripts/bin/bundle.js does for the validator). The bundle
 * sits in a folder of the run, with node_modules linked next to it, so the packages it leaves
 * external (and any `createRequire`) resolve as they do from the sources.
 */
export function bundled(entry: string): string {
  const relative = path.relative(REPO_ROOT, path.resolve(REPO_ROOT, entry));
  const name = `bundle-${relative.replace(/[^\w.-]/g, "_")}`;
  return oncePerRun(name, () => {
    const dir = tempDir("mars-bundle-");
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const outfile = path.join(dir, `${path.basename(relative, ".ts")}.mjs`);
    buildSync({
      absWorkingDir: REPO_ROOT,
      entryPoints: [path.join(REPO_ROOT, relative)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // The same resolution as the validator's bundles: jsonc-parser's ESM build, and the two
      // packages that load files next to their own modules stay outside.
      mainFields: ["module", "main"],
      external: ["esbuild", "@seriousme/openapi-schema-validator"],
      banner: {
        js: "import { createRequire as __marsRequire } from 'node:module'; const require = __marsRequire(import.meta.url);",
      },
      logLevel: "silent",
    });
    return outfile;
  });
}
