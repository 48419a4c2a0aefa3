import path from "node:path";
import { closest } from "../../core/text.ts";
import type { Project, Rule, SourceFile } from "../../core/types.ts";
import { pluginOf } from "../util.ts";
import { hiddenHeadingHint } from "./hidden-heading.ts";
import { caseTwin, existsOrUnknown, inside, normalize, siblings } from "./paths.ts";

const posix = path.posix;
const SCHEME = /^[a-z][\d+.a-z-]*:/i;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ANCHOR_HINT = "link to an existing heading (GitHub slug: lower case, spaces as hyphens)";

/** The anchor a #fragment names: decoded, without GitHub's user-content- prefix. */
function anchorOf(fragment: string): string {
  return decode(fragment).replace(/^user-content-/, "");
}

/** True when a #fragment names an anchor of the file, as GitHub builds them (github-slugger). */
function hasAnchor(file: SourceFile, fragment: string): boolean {
  const wanted = anchorOf(fragment);
  if (!wanted) return true;
  const anchors = file.markdown?.anchors;
  if (!anchors) return true;
  return anchors.has(wanted) || anchors.has(wanted.toLowerCase());
}

/** The folder of the skill holding a file, if the file lies in one. */
function skillDirOf(project: Project, file: SourceFile): string | undefined {
  const plugin = pluginOf(project, file);
  let best: string | undefined;
  for (const skill of plugin?.skills ?? []) {
    const dir = posix.dirname(skill.file.path);
    if (file.path.startsWith(`${dir}/`) && (!best || dir.length > best.length)) best = dir;
  }
  return best;
}

/** A root-relative path written as a link from `file`. */
function relativeLink(file: SourceFile, target: string): string {
  return posix.relative(posix.dirname(file.path), target) || ".";
}

/** The outermost missing folder on the way to a target inside the plugin, when its folder is missing. */
function missingFolder(project: Project, file: SourceFile, resolved: string): string | undefined {
  const plugin = pluginOf(project, file);
  const root = plugin ? plugin.dir : "";
  let dir = posix.dirname(resolved);
  let missing: string | undefined;
  while (dir !== "." && dir !== "" && dir !== root && inside(root, dir) && !project.dirs.has(dir)) {
    missing = dir;
    dir = posix.dirname(dir);
  }
  return missing;
}

/** `did you mean …?` when the missing folder's name is a slip of a folder beside it ("gide" for "guide"). */
function folderTypo(project: Project, file: SourceFile, resolved: string, lost: string): string | undefined {
  const parent = posix.dirname(lost) === "." ? "" : posix.dirname(lost);
  const guess = closest(posix.basename(lost), siblings(project, parent));
  if (!guess) return undefined;
  const fixed = `${parent ? `${parent}/` : ""}${guess}${resolved.slice(lost.length)}`;
  return `did you mean "${relativeLink(file, fixed)}"?`;
}

/** The one file of that name inside `root` ("" = the whole project), if exactly one exists. */
function onlyFileNamed(project: Project, root: string, name: string): string | undefined {
  const found = project.index.tree.filesNamed(name).filter((entry) => inside(root, entry));
  return found.length === 1 ? found[0] : undefined;
}

/** "../x.md" from a file whose own folder holds x.md: one level too many, the commonest slip. */
function besideTarget(project: Project, file: SourceFile, resolved: string): string | undefined {
  const here = posix.dirname(file.path) === "." ? "" : posix.dirname(file.path);
  const beside = here ? `${here}/${posix.basename(resolved)}` : posix.basename(resolved);
  return beside !== resolved && project.entries.has(beside) ? beside : undefined;
}

function missingHint(project: Project, file: SourceFile, pathPart: string, resolved: string): string {
  const twin = caseTwin(project, resolved);
  if (twin)
    return `the path differs only in letter case from "${relativeLink(file, twin)}", which breaks on case-sensitive file systems`;
  const plugin = pluginOf(project, file);
  for (const base of [skillDirOf(project, file), plugin?.dir]) {
    if (base === undefined) continue;
    const candidate = normalize(posix.join(base === "" ? "." : base, pathPart));
    if (
      candidate !== resolved &&
      inside(base, candidate) &&
      (project.entries.has(candidate) || project.dirs.has(candidate))
    )
      return `links resolve from the linking file's folder; the target is "${relativeLink(file, candidate)}"`;
  }
  const beside = besideTarget(project, file, resolved);
  if (beside) return `the linking file's own folder holds it: "${relativeLink(file, beside)}"`;
  const elsewhere = onlyFileNamed(project, plugin?.dir ?? "", posix.basename(resolved));
  if (elsewhere && elsewhere !== resolved) return `did you mean "${relativeLink(file, elsewhere)}"?`;
  const dir = posix.dirname(resolved) === "." ? "" : posix.dirname(resolved);
  const guess = closest(posix.basename(resolved), siblings(project, dir));
  return guess
    ? `did you mean "${relativeLink(file, dir ? `${dir}/${guess}` : guess)}"?`
    : "fix the path or add the file";
}

/** `${VAR}`, `{{x}}`, `{expr}`, `$VAR`, `path/to/...`, a bare snake_case identifier or "url": template text, not a path. */
/** Files every repository has at its root; a missing one is usually in a README the page shows. */
const CONVENTIONAL =
  /^(?:license|licence|copying|contributing|code_of_conduct|changelog|security|authors)(?:\.md|\.txt)?$/i;

/** GitHub repository pages a README reaches with "../../issues" and the like. */
const GITHUB_PAGE =
  /^(?:\.\.\/)+(?:issues|pulls?|wiki|discussions|releases|actions|security|projects|milestones|labels|compare|graphs|network|blob|tree|raw)(?:\/|$)/;

const PLACEHOLDER =
  /[{}]|\$[A-Z_]|(?:^|\/)path\/to\/|^[a-z]+(?:_[\da-z]+)+$|^(?:url|link|uri|href|path|\.\.\.|…)$|^\[[^\]]*\]$|^<[^>]*>$/i;

export const linkTargetExists: Rule = {
  id: "link-target-exists",
  severity: "warning",
  description:
    "Relative Markdown links and images in files Claude Code reads point to a file inside the plugin that exists, and #fragments to a heading GitHub would generate; site-relative (/docs/...) links, extension-less website routes and links out of the plugin are reported once per file.",
  consequence:
    "Claude follows a skill's or agent's links to read more; a missing target, a path outside the plugin (gone once the plugin is installed on its own) or a site-relative /path (a path on the user's disk) leaves it without the text the author meant it to read.",
  check({ project, report }) {
    for (const file of project.files) {
      const markdown = file.markdown;
      if (!markdown) continue;
      const plugin = pluginOf(project, file);
      const scope = plugin ? plugin.dir : "";
      for (const link of markdown.links) {
        const target = link.target.trim();
        const at = { offset: link.offset, length: link.length };
        // URLs with a scheme (https:, mailto:, data:...), protocol-relative URLs, and placeholders.
        if (!target || SCHEME.test(target) || target.startsWith("//") || PLACEHOLDER.test(target)) continue;
        const hash = target.indexOf("#");
        const beforeHash = hash === -1 ? target : target.slice(0, hash);
        const fragment = hash === -1 ? "" : target.slice(hash + 1);
        const pathPart = decode(beforeHash.split("?")[0]!).replace(/\\/g, "/");
        if (pathPart === "") {
          if (fragment && !hasAnchor(file, fragment))
            report({
              file,
              at,
              group: `anchor|${file.path}|${file.path}`,
              message: `no heading or anchor "#${fragment}" in this file`,
              hint: hiddenHeadingHint(project, file, anchorOf(fragment)) ?? ANCHOR_HINT,
            });
          continue;
        }
        // A site-relative link was written for a website; on the user's disk it is an absolute path.
        if (pathPart.startsWith("/")) {
          // Usually text pasted from a vendor's site: Claude reads the text, the links were never for it.
          report({
            file,
            at,
            severity: "note",
            group: `absolute|${file.path}`,
            message: `link target "${beforeHash}" is a site-relative path, which points nowhere once the plugin is installed`,
            hint: "link to the page's full https:// URL, or to a file in the plugin with a relative path",
          });
          continue;
        }
        // "~/.claude/skills/x/SKILL.md": a file in the reader's home folder, there only if they put it there.
        if (pathPart === "~" || pathPart.startsWith("~/")) {
          report({
            file,
            at,
            group: `home|${file.path}`,
            message: `link target "${beforeHash}" is in the user's home folder, outside the plugin: it exists only where the user has that file`,
            hint: "copy the file into the plugin and link to it with a relative path, or name what the user must install",
          });
          continue;
        }
        const resolved = normalize(posix.join(posix.dirname(file.path), pathPart));
        // A page read on GitHub (only linted with files: "all") reaches the repository's issues and wiki this way.
        if (!file.loaded && GITHUB_PAGE.test(pathPart)) continue;
        if (!inside("", resolved) || (plugin && !inside(scope, resolved))) {
          report({
            file,
            at,
            group: `outside|${file.path}`,
            message: !inside("", resolved)
              ? `link target "${beforeHash}" points outside the validated folder`
              : `link target "${beforeHash}" points outside plugin "${plugin!.name}"`,
            hint: "a plugin is installed on its own; copy the file into the plugin or link to it by URL",
          });
          continue;
        }
        if (!existsOrUnknown(project, resolved)) {
          const skillDir = skillDirOf(project, file);
          const fromSkill = skillDir === undefined ? undefined : normalize(posix.join(skillDir, pathPart));
          if (
            fromSkill !== undefined &&
            skillDir !== undefined &&
            inside(skillDir, fromSkill) &&
            (project.entries.has(fromSkill) || project.dirs.has(fromSkill))
          ) {
            // Claude is told the skill's base folder and finds the file from there; editors and GitHub do not.
            report({
              file,
              at,
              severity: "note",
              group: `skill-relative|${file.path}`,
              message: `link target "${beforeHash}" does not exist relative to this file; it only resolves from the skill folder`,
              hint: `use "${posix.relative(posix.dirname(file.path), fromSkill)}"`,
            });
            continue;
          }
          // "overview", "../actions/modals": a docs site's routes in pages copied from it (site generators
          // drop ".md" and ordering prefixes). Claude reads the text; the links were never for it. Said
          // once per file; a route whose ".md" file exists is a slip worth its own warning.
          const route =
            !posix.extname(resolved) &&
            !pathPart.endsWith("/") &&
            !CONVENTIONAL.test(posix.basename(resolved)) &&
            !project.entries.has(`${resolved}.md`);
          if (route) {
            report({
              file,
              at,
              severity: "note",
              group: `route|${file.path}`,
              message: `link target "${beforeHash}" has no file extension and does not exist: a website route, not a file in the plugin`,
              hint: "link to the page's full https:// URL, or to the file with its extension",
            });
            continue;
          }
          // LICENSE, CONTRIBUTING.md and the like: the page shows a README for the user's own project.
          const conventional = CONVENTIONAL.test(posix.basename(resolved));
          const lostFolder = missingFolder(project, file, resolved);
          // One slip repeated over a file's links is one finding with a count, and so is a folder
          // that was never added: every link into it fails for the same reason.
          const group = besideTarget(project, file, resolved)
            ? `beside|${file.path}`
            : lostFolder
              ? `folder|${file.path}|${lostFolder}`
              : undefined;
          report({
            file,
            at,
            ...(conventional ? { severity: "note" as const } : {}),
            ...(group ? { group } : {}),
            message: lostFolder
              ? `link target "${beforeHash}" does not exist: its folder "${relativeLink(file, lostFolder)}" is missing`
              : `link target "${beforeHash}" does not exist`,
            hint: lostFolder
              ? (folderTypo(project, file, resolved, lostFolder) ??
                "add the folder's files to the plugin, or remove the links into it")
              : missingHint(project, file, pathPart, resolved),
          });
          continue;
        }
        const targetFile = project.byPath.get(resolved);
        if (
          fragment &&
          targetFile?.markdown &&
          /\.(?:md|markdown)$/i.test(resolved) &&
          !hasAnchor(targetFile, fragment)
        ) {
          report({
            file,
            at,
            group: `anchor|${file.path}|${resolved}`,
            message: `no heading or anchor "#${fragment}" in "${beforeHash}"`,
            hint: hiddenHeadingHint(project, targetFile, anchorOf(fragment)) ?? ANCHOR_HINT,
          });
        }
      }
    }
  },
};
