import semver from "semver";
import type { JsonPath, ReportInput, Rule, SourceFile } from "../../core/types.ts";
import { asObject, joinPath, jsonObject, marketplacesData, resolveSource, TARGET_VERSION } from "./shared.ts";

const EXPERIMENTAL_KEYS = ["themes", "monitors", "outputStyles", "evals", "syntaxHighlighting"];
const BINARY_NAME = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9_-])?$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** sandbox.network.allowedDomains syntax, as 2.1.330 reads it: a host in its usual spelling, an optional leading "*.", an optional ":port". */
function validHost(host: string): boolean {
  if (host.length > 261 || /[^\x21-\x7e]/.test(host)) return false;
  const lower = host.toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d+))?$/.exec(lower);
  if (!match) return false;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return false;
  const name = match[1]!.replace(/^\*\./, "");
  if (name === "" || name.includes("*") || name.endsWith(".")) return false;
  try {
    return new URL(`http://${name}`).hostname === name;
  } catch {
    return false;
  }
}

type Report = (input: ReportInput) => void;

/** `engines` and `network`, which 2.1.330 checks the same way in plugin.json and in marketplace entries. */
function checkEnginesAndNetwork(data: Record<string, unknown>, file: SourceFile, base: JsonPath, report: Report): void {
  const range = asObject(data.engines)?.["claude-code"];
  if (typeof range === "string") {
    const valid = semver.validRange(range);
    if (valid === null) {
      report({
        file,
        at: { path: [...base, "engines", "claude-code"] },
        severity: "error",
        message: `engines["claude-code"] "${range}" is not a semver range`,
        hint: '`claude plugin validate` fails and Claude Code ignores the range at load time; write a range such as ">=2.1.0"',
      });
    } else if (!semver.satisfies(TARGET_VERSION, valid)) {
      report({
        file,
        at: { path: [...base, "engines", "claude-code"] },
        severity: "warning",
        message: `engines["claude-code"] "${range}" excludes Claude Code ${TARGET_VERSION}`,
        hint: "from a remote source the plugin is then not installed, updated or loaded; widen the range if it works on this version",
      });
    }
  }
  const hosts = asObject(data.network)?.hosts;
  if (Array.isArray(hosts)) {
    hosts.forEach((host, index) => {
      if (typeof host !== "string" || index >= 256 || validHost(host)) return;
      report({
        file,
        at: { path: [...base, "network", "hosts", index] },
        severity: "warning",
        message: `network host "${host}" is not a host name`,
        hint: 'write hosts as in sandbox.network.allowedDomains: "api.example.com", "*.example.com" or "api.example.com:8443", without scheme or path',
      });
    });
    if (hosts.length > 256) {
      report({
        file,
        at: { path: [...base, "network", "hosts", 256] },
        severity: "warning",
        message: `network.hosts lists ${hosts.length} hosts; only the first 256 are read`,
        hint: 'use wildcards such as "*.example.com"',
      });
    }
  }
}

function checkManifest(
  file: SourceFile,
  manifest: Record<string, unknown>,
  pluginDir: string,
  entries: Record<string, unknown>[],
  report: Report,
  hasFile: (p: string) => boolean,
): void {
  const missing = (key: string, what: string, hint: string) => {
    // A marketplace entry's value is used when plugin.json has none (the docs recommend setting the version in one place).
    if (manifest[key] === undefined && !entries.some((entry) => entry[key] !== undefined))
      report({
        file,
        at: { path: [key], part: "missing" },
        // Metadata for listings: the plugin works without it (`claude plugin validate` warns).
        severity: "note",
        group: `missing|${key}`,
        message: `no "${key}" in plugin.json`,
        hint: `${what}; ${hint}`,
      });
  };
  missing(
    "version",
    "without it the installed version falls back to the git commit",
    'add a semver version such as "1.0.0"',
  );
  missing("description", "listings show nothing about the plugin", "add a one-line description");
  missing("author", "listings show no author", 'add "author": {"name": "…"}');

  const version = manifest.version;
  if (typeof version === "string" && (semver.valid(version) === null || version !== version.trim())) {
    report({
      file,
      at: { path: ["version"] },
      severity: "warning",
      // One versioning scheme across a marketplace's plugins is one finding that counts them.
      group: `semver|${version}`,
      message: `version "${version}" is not a semver version`,
      hint: '`claude plugin tag` refuses it; use MAJOR.MINOR.PATCH such as "1.0.0"',
    });
  }

  checkEnginesAndNetwork(manifest, file, [], report);

  for (const key of ["themes", "monitors"]) {
    if (manifest[key] === undefined) continue;
    report({
      file,
      at: { path: [key], part: "key" },
      severity: "warning",
      message: `"${key}" is an experimental component declared at the top level`,
      hint: `it still loads but is deprecated here; move it to "experimental": {"${key}": …}`,
    });
  }

  const experimental = asObject(manifest.experimental);
  if (experimental) {
    for (const key of Object.keys(experimental)) {
      if (EXPERIMENTAL_KEYS.includes(key)) continue;
      report({
        file,
        at: { path: ["experimental", key], part: "key" },
        severity: "warning",
        message: `unknown experimental component "${key}"`,
        hint: `Claude Code ignores it; known keys are ${EXPERIMENTAL_KEYS.map((k) => `"${k}"`).join(", ")}`,
      });
    }
  }

  const settings = asObject(manifest.settings);
  if (settings && settings.agent !== undefined) {
    report({
      file,
      at: { path: ["settings", "agent"], part: "key" },
      severity: "warning",
      message: 'settings "agent" is deprecated for plugins',
      hint: "a plugin's agent setting will stop applying in a future release; tell users to set `agent` in their own settings or pass --agent",
    });
  }
  if (settings && settings.subagentStatusLine !== undefined) {
    report({
      file,
      at: { path: ["settings", "subagentStatusLine"], part: "key" },
      severity: "warning",
      message: 'settings "subagentStatusLine" is deprecated',
      hint: "it is replaced by hooks modules (mods) and will stop working in a future release",
    });
  }

  const binaries = asObject(manifest.binaries);
  if (binaries) {
    const names = Object.keys(binaries);
    for (const name of names) {
      const entry = asObject(binaries[name]);
      const sha = entry?.sha256;
      if (!BINARY_NAME.test(name)) {
        report({
          file,
          at: { path: ["binaries", name], part: "key" },
          severity: "warning",
          message: `binaries entry "${name}" is not a valid basename`,
          hint: 'it is ignored at install; use lowercase letters, digits, ".", "_" and "-"',
        });
      } else if (typeof sha !== "string" || !SHA256.test(sha)) {
        report({
          file,
          at: { path: entry && sha !== undefined ? ["binaries", name, "sha256"] : ["binaries", name] },
          severity: "warning",
          message: `binaries entry "${name}" has no valid "sha256"`,
          hint: "it is ignored at install; give the 64 lowercase hex digits of the file's SHA-256",
        });
      }
    }
    if (names.length > 16)
      report({
        file,
        at: { path: ["binaries", names[16]!], part: "key" },
        severity: "warning",
        message: `binaries lists ${names.length} entries; only 16 are fetched`,
        hint: "ship fewer binaries",
      });
  }

  for (const name of ["CLAUDE.md", "CLAUDE.local.md"]) {
    const relative = joinPath(pluginDir, name);
    if (!hasFile(relative)) continue;
    report({
      file: relative,
      at: { line: 1 },
      severity: "note",
      message: `${name} at the plugin root is not loaded`,
      hint: "Claude Code never loads a plugin's CLAUDE.md for its users; put plugin guidance in a skill or an agent (a CLAUDE.md meant for contributors to this repository can stay)",
    });
  }
}

export const pluginManifestMetadata: Rule = {
  id: "plugin-manifest-metadata",
  severity: "warning",
  description:
    'plugin.json has version (semver), description and author; engines["claude-code"] is a valid range; no deprecated top-level themes/monitors or settings.agent; no CLAUDE.md at the plugin root.',
  consequence:
    "A version that is not semver is refused by `claude plugin tag`; an engines range that excludes the running Claude Code stops remote installs; deprecated top-level themes/monitors and settings.agent still load but warn. Missing version, description or author only leave listings bare (notes).",
  check({ project, report }) {
    const hasFile = (p: string) => project.entries.has(p);
    const marketplaces = marketplacesData(project);
    // Entries by the folder their local source names, resolved once rather than per plugin.
    const byDir = new Map<string, Record<string, unknown>[]>();
    for (const marketplace of marketplaces)
      for (const { entry } of marketplace.entries) {
        const source = resolveSource(marketplace, entry);
        if (source.kind === "local") byDir.set(source.dir, [...(byDir.get(source.dir) ?? []), entry]);
      }
    const entriesFor = (dir: string) => byDir.get(dir) ?? [];
    for (const plugin of project.plugins) {
      const manifest = jsonObject(plugin.manifest);
      if (plugin.manifest && manifest) {
        checkManifest(plugin.manifest, manifest, plugin.dir, entriesFor(plugin.dir), report, hasFile);
        continue;
      }
      // A marketplace plugin folder without plugin.json still ships its CLAUDE.md to users.
      if (plugin.manifest || plugin.marketplaceEntry === undefined || plugin.dir === "") continue;
      for (const name of ["CLAUDE.md", "CLAUDE.local.md"]) {
        const relative = joinPath(plugin.dir, name);
        if (hasFile(relative))
          report({
            file: relative,
            at: { line: 1 },
            severity: "note",
            message: `${name} at the plugin root is not loaded`,
            hint: "Claude Code never loads a plugin's CLAUDE.md for its users; put plugin guidance in a skill or an agent (a CLAUDE.md meant for contributors to this repository can stay)",
          });
      }
    }
    for (const marketplace of marketplaces)
      for (const { index, entry } of marketplace.entries)
        checkEnginesAndNetwork(entry, marketplace.file, ["plugins", index], report);
  },
};
