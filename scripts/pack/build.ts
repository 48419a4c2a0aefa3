import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Metafile } from "esbuild";
import { auditBundle } from "./audit.ts";
import { bundleEntry, CLI_ENTRY, ENTRIES, TYPES_OUTPUT, TYPES_SOURCE } from "./bundle.ts";
import { CONFIG_SCHEMA_FILE, syncConfigSchema } from "./config-schema.ts";
import { bundledPackages, noticesText } from "./notices.ts";
import { writeCompiled } from "../schemas/compile.ts";

const NOTICES_FILE = "dist/THIRD-PARTY-NOTICES.md";

export type PackBuild = { ok: true; files: { file: string; bytes: number }[] } | { ok: false; problems: string[] };

/**
 * Builds what the published package runs into dist/: each entry bundled for Node 20, audited
 * against package.json, and the licences of the bundled packages. It writes into a scratch folder
 * and swaps it in only when everything passed, so a failed build leaves the previous dist/ alone.
 */
export async function buildPackage(root: string): Promise<PackBuild> {
  const schema = await syncConfigSchema(root, true);
  if (!schema.ok) return { ok: false, problems: [schema.reason] };
  if (schema.changed)
    return { ok: false, problems: [`${CONFIG_SCHEMA_FILE} does not list the registered rules; run npm run schemas`] };

  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const scratch = path.join(root, ".cache", `pack-${process.pid}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    const problems: string[] = [];
    const packages = [];
    const compiledDir = path.join(scratch, "schemas");
    writeCompiled(compiledDir);
    const metafiles: Metafile[] = [];
    const buildId = sourcesHash(root);
    for (const entry of ENTRIES) {
      const { metafile } = await bundleEntry(root, entry, scratch, compiledDir, buildId);
      metafiles.push(metafile);
      packages.push(...bundledPackages(root, metafile));
    }
    problems.push(...auditBundle(root, metafiles, manifest.dependencies ?? {}));
    fs.copyFileSync(path.join(root, TYPES_SOURCE), path.join(scratch, TYPES_OUTPUT));
    // The command line loads the library's output, so it can start only once both are built.
    const help = smokeTest(path.join(scratch, CLI_ENTRY.output));
    if (help) problems.push(`${CLI_ENTRY.output} does not start: ${help}`);
    if (problems.length > 0) return { ok: false, problems };
    const unique = [...new Map(packages.map((p) => [`${p.name}@${p.version}`, p])).values()];
    fs.writeFileSync(path.join(scratch, NOTICES_FILE), noticesText(unique));

    const dist = path.join(root, "dist");
    fs.rmSync(dist, { recursive: true, force: true });
    fs.renameSync(path.join(scratch, "dist"), dist);
    const files = fs
      .readdirSync(dist)
      .sort()
      .map((file) => ({ file: `dist/${file}`, bytes: fs.statSync(path.join(dist, file)).size }));
    return { ok: true, files };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A hash of what the bundles are built from: every source under scripts/ and the package files. */
function sourcesHash(root: string): string {
  const hash = createHash("sha1");
  const files = fs.readdirSync(path.join(root, "scripts"), { recursive: true, encoding: "utf8" }).sort();
  for (const relative of files.map((f) => path.join("scripts", f)).concat("package.json", "package-lock.json")) {
    const file = path.join(root, relative);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile())
      hash.update(`${relative}\0`).update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("base64url").slice(0, 22);
}

/** Runs a built entry with --help; returns why it failed, or undefined when it starts. */
function smokeTest(file: string): string | undefined {
  try {
    execFileSync(process.execPath, [file, "--help"], { stdio: "pipe", encoding: "utf8", timeout: 30_000 });
    return undefined;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return (stderr || message).trim().split("\n")[0];
  }
}
