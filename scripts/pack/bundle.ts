import path from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { cachedApi } from "../bin/cached-api.js";
import { plainFields } from "../bin/plain-fields.js";

/** What the published package runs: one ES module per entry point, built from the TypeScript sources. */
export interface PackEntry {
  /** The TypeScript entry point, relative to the repository root. */
  source: string;
  /** The JavaScript it becomes, relative to the repository root. */
  output: string;
  /**
   * Source modules this entry imports from another entry's output instead of bundling them
   * (repository-relative source path to the output's path relative to this one).
   */
  shared?: Readonly<Record<string, string>>;
  /** Built over core/cached-api.ts instead of the library: the command line's quick path (see bin/answer.ts). */
  cachedApi?: boolean;
  /** Constants the entry's code reads (esbuild's `define`). */
  define?: Readonly<Record<string, string>>;
}

/**
 * The library (`import { validate } from "mars-validate"`) and the command line, which uses it.
 * The library's worker threads load their own small bundle: the library itself is several times
 * larger, and a thread that loads it spends longer starting than checking.
 */
const LIBRARY_ENTRY: PackEntry = {
  source: "scripts/api.ts",
  output: "dist/index.mjs",
  define: { MARS_WORKER_BUNDLE: JSON.stringify("./worker.mjs") },
};
/** What the library's worker threads run: Markdown tokenizing and the code-block checks. */
const WORKER_ENTRY: PackEntry = { source: "scripts/core/workers.ts", output: "dist/worker.mjs" };
export const CLI_ENTRY: PackEntry = {
  source: "scripts/validate.ts",
  output: "dist/mars-validate.mjs",
  shared: { "scripts/api.ts": "./index.mjs" },
};
/** Answers a repeated --cache request without loading the validator; the launcher tries it first. */
const ANSWER_ENTRY: PackEntry = { source: "scripts/bin/answer.ts", output: "dist/answer.mjs", cachedApi: true };
export const ENTRIES: readonly PackEntry[] = [LIBRARY_ENTRY, CLI_ENTRY, ANSWER_ENTRY, WORKER_ENTRY];

/** The library's type declarations: kept by hand, held equal to the source types by a test. */
export const TYPES_SOURCE = "scripts/pack/index.d.ts";
export const TYPES_OUTPUT = "dist/index.d.ts";

/**
 * Modules the bundle leaves to node_modules, so each must be a runtime dependency: they are
 * loaded with createRequire on first use (graphql, the OpenAPI validator) or ship files next to
 * their code (esbuild's native binary, the OpenAPI meta-schemas).
 */
export const RUNTIME_EXTERNALS = ["esbuild", "graphql", "@seriousme/openapi-schema-validator"] as const;

/** Source folders that belong to this repository's own plugin and never ship in the package. */
export const HOUSE_FOLDERS = ["scripts/house/", "scripts/generate/", "scripts/catalog/"] as const;

/** The generator's safe writer, which --fix reuses: general file handling, no plugin tooling. */
export const SHARED_FROM_HOUSE = ["scripts/generate/files.ts", "scripts/generate/write.ts"] as const;

/**
 * The "mars-house" preset judges this repository against its generator and catalog. Validator
 * users have neither, so the package carries the preset inert: enabling it adds no rules.
 */
const HOUSE_STUB = `// The mars-house preset checks the mars repository against its own generator and catalog;
// the published validator carries it inert.
export const houseRules = [];
`;

function inertHousePreset(root: string): Plugin {
  const houseIndex = path.join(root, "scripts", "house", "index.ts");
  return {
    name: "inert-house-preset",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /[\\/]house[\\/]index\.ts$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === houseIndex
          ? { path: "inert-house-preset", namespace: "mars-pack" }
          : undefined,
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: "mars-pack" }, () => ({ contents: HOUSE_STUB, loader: "js" }));
    },
  };
}

/**
 * Replaces scripts/schemas/precompiled.ts with the standalone validators compiled at pack time
 * (CommonJS files in `compiledDir`), so the installed package never compiles a schema and never
 * looks into the node_modules of the project it checks. Each file is required on first use.
 */
function precompiledValidators(root: string, compiledDir: string): Plugin {
  const stub = path.join(root, "scripts", "schemas", "precompiled.ts");
  const file = (name: string) => JSON.stringify(path.join(compiledDir, name));
  const contents = `export const OPENAPI_MINORS = ["3.0", "3.1", "3.2"];
export function precompiledSchema(name) { return require(${file("validators.cjs")})[name]; }
export function precompiledOpenApi(minor) {
  if (minor === "3.0") return require(${file("openapi-3.0.cjs")});
  if (minor === "3.1") return require(${file("openapi-3.1.cjs")});
  if (minor === "3.2") return require(${file("openapi-3.2.cjs")});
  return undefined;
}
`;
  return {
    name: "precompiled-validators",
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]precompiled\.ts$/ }, (args) =>
        path.resolve(args.path) === stub ? { contents, loader: "js", resolveDir: compiledDir } : undefined,
      );
    },
  };
}

/** Leaves the modules another entry ships to that entry's output, so their code is not there twice. */
function sharedModules(root: string, shared: Readonly<Record<string, string>>): Plugin {
  const byPath = new Map(Object.entries(shared).map(([source, output]) => [path.join(root, source), output]));
  return {
    name: "shared-modules",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\.ts$/ }, (args) => {
        const output = byPath.get(path.resolve(args.resolveDir, args.path));
        return output === undefined ? undefined : { path: output, external: true };
      });
    },
  };
}

export interface BundleResult {
  entry: PackEntry;
  metafile: Metafile;
}

/**
 * Bundles one entry point for Node 20 into the package's dist folder under `outRoot`. `buildId`
 * names the sources (the same for every entry of one build): the cache keeps answers of one
 * build; without it, the cache tells builds apart by their code.
 */
export async function bundleEntry(
  root: string,
  entry: PackEntry,
  outRoot: string,
  compiledDir: string,
  buildId?: string,
): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, entry.source)],
    outfile: path.join(outRoot, entry.output),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // jsonc-parser's UMD build requires its own files at run time; its ESM build does not.
    mainFields: ["module", "main"],
    external: [...RUNTIME_EXTERNALS],
    banner: {
      js: "import { createRequire as __marsRequire } from 'node:module'; const require = __marsRequire(import.meta.url);",
    },
    define: { ...(buildId ? { MARS_BUILD_ID: JSON.stringify(buildId) } : {}), ...entry.define },
    plugins: [
      plainFields(),
      inertHousePreset(root),
      precompiledValidators(root, compiledDir),
      ...(entry.shared ? [sharedModules(root, entry.shared)] : []),
      ...(entry.cachedApi ? [cachedApi(root)] : []),
    ],
    legalComments: "none",
    metafile: true,
    logLevel: "silent",
  });
  return { entry, metafile: result.metafile };
}
