import fs from "node:fs";
import path from "node:path";
import { printable } from "./files.ts";

/** Files only this repository holds: the catalog and a plugin manifest. */
const CATALOG = "scripts/catalog/index.ts";
const MANIFESTS = [".claude-plugin/plugin.json", ".claude-plugin/marketplace.json"];

function isFile(absolute: string): boolean {
  try {
    return fs.statSync(absolute).isFile();
  } catch {
    return false;
  }
}

/**
 * Why `root` is not this repository, found with a few stats before anything below it is read
 * (`build --root /` must not walk the whole disk to say so); undefined when it may be.
 */
export function notThisRepository(root: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    return `${printable(root)} does not exist`;
  }
  if (!stat.isDirectory()) return `${printable(root)} is not a folder`;
  const missing: string[] = [];
  if (!isFile(path.join(root, CATALOG))) missing.push(CATALOG);
  if (!MANIFESTS.some((manifest) => isFile(path.join(root, manifest)))) missing.push(MANIFESTS[0]!);
  if (missing.length === 0) return undefined;
  return `${printable(root)} is not the mars plugin: it has no ${missing.join(" and no ")}`;
}
