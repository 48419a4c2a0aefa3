import fs from "node:fs";
import path from "node:path";
import type { Metafile } from "esbuild";

export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  /** The licence text the package ships, if any. */
  text?: string;
}

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;

/** The folder of the innermost package a bundled file belongs to, e.g. node_modules/@a/b. */
function packageDir(root: string, input: string): string | undefined {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) return undefined;
  const rest = input.slice(at + "node_modules/".length).split("/");
  const depth = rest[0]?.startsWith("@") ? 2 : 1;
  return path.resolve(root, input.slice(0, at), "node_modules", ...rest.slice(0, depth));
}

/** The third-party packages whose code the bundle contains, sorted by name. */
export function bundledPackages(root: string, metafile: Metafile): BundledPackage[] {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDir(root, input);
    if (dir) dirs.add(dir);
  }
  const packages = new Map<string, BundledPackage>();
  for (const dir of dirs) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      name: string;
      version: string;
      license?: string;
    };
    const licenseFile = fs.readdirSync(dir).find((file) => LICENSE_FILE.test(file));
    const entry: BundledPackage = {
      name: manifest.name,
      version: manifest.version,
      license: manifest.license ?? "UNKNOWN",
    };
    if (licenseFile) entry.text = fs.readFileSync(path.join(dir, licenseFile), "utf8").trim();
    packages.set(`${manifest.name}@${manifest.version}`, entry);
  }
  const key = (p: BundledPackage) => `${p.name}@${p.version}`;
  return [...packages.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The notices file the package ships next to the bundle, as the bundled licences require. */
export function noticesText(packages: readonly BundledPackage[]): string {
  const parts = [
    "mars-validate bundles the following packages into dist/. Their licences follow.\n",
    ...packages.map(
      (p) => `## ${p.name}@${p.version} (${p.license})\n\n${p.text ?? "The package ships no licence file."}\n`,
    ),
  ];
  return parts.join("\n");
}
