// npm run docs [-- --check]: writes docs/rules/<rule-id>.md for every rule (see rule-pages.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeAll, WriteError } from "../generate/write.ts";
import { houseRules } from "../house/index.ts";
import { rules } from "../rules/index.ts";
import { GENERATED_NOTE, renderRulePages, type RulePage } from "./rule-pages.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIR = "docs/rules";

/** Pages on disk that this step wrote once and no rule has any more. */
function stalePages(pages: readonly RulePage[]): string[] {
  const dir = path.join(root, DIR);
  if (!fs.existsSync(dir)) return [];
  const wanted = new Set(pages.map((page) => page.path));
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .map((name) => `${DIR}/${name}`)
    .filter((file) => !wanted.has(file) && fs.readFileSync(path.join(root, file), "utf8").startsWith(GENERATED_NOTE));
}

function current(file: string): string | null {
  try {
    return fs.readFileSync(path.join(root, file), "utf8");
  } catch {
    return null;
  }
}

const check = process.argv.includes("--check");
const pages = renderRulePages(root, rules, houseRules);
const changed = pages.filter((page) => current(page.path) !== page.text);
const stale = stalePages(pages);
if (check) {
  for (const page of changed) process.stdout.write(`${page.path} is out of date\n`);
  for (const file of stale) process.stdout.write(`${file} belongs to no rule\n`);
  process.stdout.write(
    changed.length + stale.length > 0
      ? "docs: rule pages are out of date; run npm run docs\n"
      : `docs: all ${pages.length} rule pages are up to date\n`,
  );
  process.exitCode = changed.length + stale.length > 0 ? 1 : 0;
} else {
  try {
    writeAll(
      root,
      changed.map((page) => ({ path: page.path, content: page.text, before: current(page.path) })),
    );
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    process.stderr.write(`docs: ${error.message}\n`);
    process.exitCode = 2;
  }
  for (const file of stale) fs.rmSync(path.join(root, file));
  for (const page of changed) process.stdout.write(`wrote ${page.path}\n`);
  for (const file of stale) process.stdout.write(`removed ${file}\n`);
  if (changed.length + stale.length === 0)
    process.stdout.write(`docs: all ${pages.length} rule pages are up to date\n`);
}
