import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import type { Metafile } from "esbuild";
import { HOUSE_FOLDERS, RUNTIME_EXTERNALS, SHARED_FROM_HOUSE } from "./bundle.ts";

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names: "@scope/name/deep" gives "@scope/name", "name/deep" gives "name". */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** "./index.mjs": another file of the package, not something to install. */
function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../");
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || BUILTINS.has(specifier) || BUILTINS.has(packageOf(specifier));
}

// A module loaded on first use: `createRequire(import.meta.url)("name")`, possibly over several lines.
const LAZY_REQUIRE = /createRequire\(import\.meta\.url\)\(\s*["']([^"'\s]+)["']/g;

/** Modules the shipped code loads from node_modules at run time, with the source that loads each. */
function runtimeImports(root: string, metafile: Metafile): Map<string, string> {
  const found = new Map<string, string>();
  for (const [output, info] of Object.entries(metafile.outputs))
    for (const use of info.imports)
      if (use.external && !isBuiltin(use.path) && !isRelative(use.path))
        found.set(packageOf(use.path), path.relative(root, output));
  for (const input of Object.keys(metafile.inputs)) {
    if (input.includes("node_modules/")) continue;
    const file = path.resolve(root, input);
    if (!fs.existsSync(file)) continue;
    for (const match of fs.readFileSync(file, "utf8").matchAll(LAZY_REQUIRE))
      if (!isBuiltin(match[1]!)) found.set(packageOf(match[1]!), input);
  }
  return found;
}

/**
 * Problems that would make the installed package break or carry what it should not: a module
 * loaded at run time that is not a dependency, a dependency no entry loads (it belongs in
 * devDependencies), or a source file of this repository's own plugin tooling in a bundle.
 */
export function auditBundle(
  root: string,
  metafiles: readonly Metafile[],
  dependencies: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const loaded = new Map<string, string>();
  for (const metafile of metafiles) for (const [name, from] of runtimeImports(root, metafile)) loaded.set(name, from);
  for (const [name, from] of loaded)
    if (!(name in dependencies))
      problems.push(`${from} loads "${name}" at run time, but package.json does not list it in dependencies`);
  for (const name of RUNTIME_EXTERNALS)
    if (!(name in dependencies)) problems.push(`"${name}" is left out of the bundle but is not a dependency`);
  for (const name of Object.keys(dependencies))
    if (!loaded.has(name))
      problems.push(
        `dependency "${name}" is bundled or unused, so installing it is wasted; move it to devDependencies`,
      );
  for (const metafile of metafiles)
    for (const input of Object.keys(metafile.inputs))
      if (
        HOUSE_FOLDERS.some((folder) => input.startsWith(folder)) &&
        !(SHARED_FROM_HOUSE as readonly string[]).includes(input)
      )
        problems.push(`${input} is in the bundle, but the repository's own plugin tooling does not ship`);
  return problems;
}
