import path from "node:path";
import type { Rule } from "../../core/types.ts";
import { prefixJsonString } from "../../fix/make.ts";
import { asObject, caseTwin, entryAt, hasDotDot, marketplacesData, resolveSource } from "./shared.ts";

/** Hosts an archive source may not name (loopback, link-local, cloud metadata). */
const PRIVATE_HOST =
  /^(localhost|.*\.localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1?\]|\[fe80:.*\]|169\.254(\.\d+){2}|metadata\.google\.internal|metadata)$/i;

/** Headers a catalog entry may not set (dropped at download). */
const ROUTING_HEADERS = new Set([
  "host",
  "cookie",
  "forwarded",
  "x-real-ip",
  "x-client-ip",
  "true-client-ip",
  "client-ip",
  "cf-connecting-ip",
  "fastly-client-ip",
  "x-originating-ip",
  "x-remote-ip",
  "x-remote-addr",
  "x-cluster-client-ip",
  "connection",
  "upgrade",
  "transfer-encoding",
  "content-length",
  "te",
  "trailer",
  "expect",
  "via",
]);

function hasText(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/** The object form a remote source written as a string needs ("github:owner/repo", a git URL), if it is one. */
function remoteSpelling(source: string): string | undefined {
  const github = /^(?:github:|https:\/\/github\.com\/)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(source);
  if (github) return `a GitHub repository is an object: {"source": "github", "repo": "${github[1]}"}`;
  if (/^(?:https?:\/\/|git@|ssh:\/\/|git:\/\/)/.test(source))
    return `a git repository is an object: {"source": "url", "url": "${source}"}`;
  return undefined;
}

export const marketplaceSource: Rule = {
  id: "marketplace-source",
  severity: "error",
  description:
    'Each marketplace entry\'s source is installable: relative paths start with "./" (or resolve through metadata.pluginRoot), contain no ".." and name an existing folder; the marketplace lists plugins and has a description.',
  consequence:
    'An entry whose source folder does not exist, is not "./"-relative or climbs out with ".." cannot be installed ("Source path does not exist"); `claude plugin validate` does not check that the folder exists. A marketplace without plugins lists nothing.',
  check({ project, report }) {
    for (const marketplace of marketplacesData(project)) {
      const { file, value } = marketplace;

      if (Array.isArray(value.plugins) && value.plugins.length === 0) {
        report({
          file,
          at: { path: ["plugins"] },
          severity: "warning",
          message: "the marketplace lists no plugins",
          hint: 'add an entry per plugin: {"name": …, "source": "./plugins/…"}',
        });
      }
      if (!hasText(value.description) && !hasText(asObject(value.metadata)?.description)) {
        report({
          file,
          at: { path: [], part: "missing" },
          severity: "note",
          message: "the marketplace has no description",
          hint: 'add "description" (or "metadata.description"): `claude plugin validate` warns and listings show nothing',
        });
      }

      for (const { index, entry } of marketplace.entries) {
        const source = entry.source;
        const at = { path: ["plugins", index, "source"] };
        if (typeof source === "string") {
          const resolved = resolveSource(marketplace, entry);
          if (resolved.kind === "dotdot") {
            const normalized = path.posix.normalize(source.replace(/\\/g, "/"));
            const suggestion = normalized.startsWith("..")
              ? source.replace(/^(\.\.\/)+/, "./")
              : `./${normalized.replace(/^\.\//, "")}`;
            report({
              file,
              at,
              message: `source "${source}" contains ".."`,
              hint: `plugin sources are resolved from the marketplace root (the folder holding .claude-plugin/), not from marketplace.json, and must stay inside it${suggestion !== source && !suggestion.includes("..") ? `; use "${suggestion}" instead of "${source}"` : ""}`,
            });
            continue;
          }
          if (resolved.kind === "not-relative") {
            // "plugins/x" means "./plugins/x" when that folder exists; "/plugins/x" may mean an absolute path.
            const fix =
              !/^[./\\]/.test(source) && entryAt(project, path.posix.join(marketplace.dir, source)) === "dir"
                ? prefixJsonString(file, ["plugins", index, "source"], "./")
                : undefined;
            const remote = remoteSpelling(source);
            report({
              file,
              at,
              // Every entry that repeats one source string repeats one mistake: one finding with a count.
              group: `not-relative|${file.path}|${source}`,
              message: remote
                ? `source "${source}" is a string, so Claude Code reads it as a folder and refuses to install the plugin (a relative source must start with "./")`
                : `relative source "${source}" must start with "./"`,
              hint:
                remote ??
                `write "./${source.replace(/^\/+/, "")}"; only a bare folder name (no "/") resolves under metadata.pluginRoot`,
              ...(fix ? { fix } : {}),
            });
            continue;
          }
          if (resolved.kind === "bare-without-root") {
            // With no pluginRoot, "./name" is the only reading, and it is taken only when that folder exists.
            const fix =
              resolved.root === "unset" && entryAt(project, path.posix.join(marketplace.dir, source)) === "dir"
                ? prefixJsonString(file, ["plugins", index, "source"], "./")
                : undefined;
            report({
              file,
              at,
              message:
                resolved.root === "unset"
                  ? `bare source "${source}" needs metadata.pluginRoot`
                  : `bare source "${source}" cannot resolve: metadata.pluginRoot is not a relative path inside the marketplace`,
              hint:
                resolved.root === "unset"
                  ? `write "./${source}", or set metadata.pluginRoot (e.g. "./plugins") to resolve bare names`
                  : 'set metadata.pluginRoot to a folder such as "./plugins" (no "..", no absolute path), or write "./" sources',
              ...(fix ? { fix } : {}),
            });
            continue;
          }
          if (resolved.kind !== "local") continue;
          const kind = entryAt(project, resolved.dir);
          if (kind === "dir" || kind === "unknown") continue;
          const twin = kind === undefined ? caseTwin(project, resolved.dir) : undefined;
          report({
            file,
            at,
            message:
              kind === "file"
                ? `source "${source}" is a file, not a plugin folder`
                : `source folder "${source}" does not exist`,
            hint:
              kind === "file"
                ? "a plugin source is the folder that holds the plugin (its .claude-plugin/plugin.json or its components)"
                : twin !== undefined
                  ? `"./${twin}" differs only in letter case, which Linux does not accept; install fails with "Source path does not exist"`
                  : 'install fails with "Source path does not exist"; fix the path or add the plugin folder',
          });
          continue;
        }

        const object = asObject(source);
        if (!object) continue;
        const type = object.source;
        if (typeof object.path === "string" && hasDotDot(object.path)) {
          report({
            file,
            at: { path: ["plugins", index, "source", "path"] },
            message: `source path "${object.path}" contains ".."`,
            hint: "Claude Code refuses it as path traversal; name the plugin folder inside the repository",
          });
        }
        if (type === "url" && object.path !== undefined) {
          report({
            file,
            at: { path: ["plugins", index, "source", "path"], part: "key" },
            message:
              '"path" is not read for a "url" source: Claude Code installs the whole repository, not this folder',
            hint: 'use {"source": "git-subdir", "url": …, "path": …} to install a sub-folder',
          });
        }
        const helper = typeof entry.headersHelper === "string" && entry.headersHelper !== "";
        // Request headers are sent only when fetching an archive.
        if (type !== "archive") {
          if (entry.headers !== undefined || helper) {
            const key = helper ? "headersHelper" : "headers";
            report({
              file,
              at: { path: ["plugins", index, key], part: "key" },
              severity: "warning",
              message: `"${key}" applies only to archive sources; this source is "${String(type)}"`,
              hint: "it has no effect on this entry; remove it",
            });
          }
          continue;
        }
        if (helper && entry.strict !== false) {
          report({
            file,
            at: { path: ["plugins", index, "headersHelper"], part: "key" },
            message: '"headersHelper" needs "strict": false on the entry',
            hint: "an entry with headersHelper must inline its whole manifest so users can review it before the command runs; Claude Code refuses to run the helper otherwise",
          });
        }
        for (const header of Object.keys(asObject(entry.headers) ?? {})) {
          const normalized = header.toLowerCase().replace(/[^a-z0-9]/g, "-");
          if (
            !ROUTING_HEADERS.has(normalized) &&
            !["x-forwarded-", "x-original-", "proxy-"].some((p) => normalized.startsWith(p))
          )
            continue;
          report({
            file,
            at: { path: ["plugins", index, "headers", header], part: "key" },
            severity: "warning",
            message: `header "${header}" is a request-routing or identity header`,
            hint: "catalog entries may not set it; Claude Code drops it at download time",
          });
        }
        if (helper && object.sha256 === undefined) {
          report({
            file,
            at: { path: ["plugins", index, "source"] },
            severity: "warning",
            message: 'archive source with "headersHelper" has no "sha256"',
            hint: "pin the archive with its SHA-256 so a changed download is refused",
          });
        }
        if (typeof object.url === "string") {
          let host: string | undefined;
          try {
            host = new URL(object.url).hostname;
          } catch {
            host = undefined;
          }
          if (host !== undefined && PRIVATE_HOST.test(host)) {
            report({
              file,
              at: { path: ["plugins", index, "source", "url"] },
              message: `archive url names the local or metadata host "${host}"`,
              hint: "Claude Code refuses loopback, link-local and cloud-metadata hosts; publish the archive on a public https host",
            });
          }
        }
      }
    }
  },
};
