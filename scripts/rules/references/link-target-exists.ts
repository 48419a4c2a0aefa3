import path from "node:path";
import { closest } from "../../core/text.ts";
import type { Project, Rule, SourceFile } from "../../core/types.ts";
import { pluginOf } from "../util.ts";
import { caseTwin, existsOrUnknown, inside, normalize, siblings } from "./paths.ts";
import { proseText } from "./refs.ts";

const posix = path.posix;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Letters and digits only: GitHub's slugger drops punctuation and emphasis marks, so compare loosely. */
function loose(text: string): string {
  return text
    .toLowerCase()
    .replace(/^user-content-/, "")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** The text GitHub slugs: link and image text without their URLs, HTML tags dropped. */
function headingText(raw: string): string {
  return raw.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/<[^>]+>/g, "");
}

const anchorCache = new WeakMap<SourceFile, Set<string>>();

/** Loose forms of every anchor a Markdown file defines: headings (ATX, setext) and HTML id/name attributes. */
function anchorsOf(file: SourceFile): Set<string> {
  const cached = anchorCache.get(file);
  if (cached) return cached;
  const anchors = new Set<string>();
  const prose = proseText(file).text;
  const lines = prose.split("\n").map((l) => l.replace(/\r$/, ""));
  lines.forEach((line, i) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) anchors.add(loose(headingText(atx[1] ?? "")));
    const next = lines[i + 1];
    if (next !== undefined && line.trim() && /^ {0,3}(=+|-+)[ \t]*$/.test(next)) anchors.add(loose(headingText(line)));
  });
  for (const match of file.text.matchAll(/\b(?:id|name)\s*=\s*["']([^"']+)["']/g)) anchors.add(loose(match[1]!));
  // Duplicate headings get "-1", "-2" on GitHub: accept the base too.
  for (const anchor of [...anchors]) anchors.add(anchor.replace(/\d+$/, ""));
  anchorCache.set(file, anchors);
  return anchors;
}

function hasAnchor(file: SourceFile, fragment: string): boolean {
  const wanted = loose(decode(fragment));
  if (!wanted) return true;
  const anchors = anchorsOf(file);
  return anchors.has(wanted) || anchors.has(wanted.replace(/\d+$/, ""));
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

function missingHint(project: Project, file: SourceFile, pathPart: string, resolved: string): string {
  const twin = caseTwin(project, resolved);
  if (twin)
    return `the path differs only in letter case from "${relativeLink(file, twin)}", which breaks on case-sensitive file systems`;
  // A link written from the skill folder (or plugin root) in a file that sits deeper, e.g. references/.
  const plugin = pluginOf(project, file);
  for (const base of [skillDirOf(project, file), plugin?.dir]) {
    if (base === undefined) continue;
    const candidate = normalize(posix.join(base === "" ? "." : base, pathPart));
    if (
      candidate !== resolved &&
      inside(base, candidate) &&
      (project.entries.has(candidate) || project.dirs.has(candidate))
    ) {
      return `links resolve from the linking file's folder; the target is "${relativeLink(file, candidate)}"`;
    }
  }
  const dir = posix.dirname(resolved) === "." ? "" : posix.dirname(resolved);
  const guess = closest(posix.basename(resolved), siblings(project, dir));
  return guess
    ? `did you mean "${relativeLink(file, dir ? `${dir}/${guess}` : guess)}"?`
    : "fix the path or add the file";
}

/** `${VAR}`, `{{x}}`, `{expr}`, `$VAR`, `path/to/...`, a bare snake_case identifier or "url": template text, not a path. */
const PLACEHOLDER =
  /[{}]|\$[A-Za-z_]|(?:^|\/)path\/to\/|^[a-z]+(?:_[a-z0-9]+)+$|^(?:url|link|uri|href|path|\.\.\.|…)$/i;
const GITHUB_PAGE =
  /^(?:\.\.\/)+(?:issues|pulls?|wiki|discussions|releases|actions|security|projects|milestones|labels|compare|graphs|network|blob|tree|raw)(?:\/|$)/;
/** A line holding template variables is template text: its links point into the generated file's tree. */
const TEMPLATE_LINE = /\$\{[^}]*\}|\{\{[^}]*\}\}/;
/** Files copied elsewhere before use (not components): their relative links point into the destination. */
const TEMPLATE_DIR = /(?:^|\/)(?:templates?|assets)\//;

function lineOf(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end === -1 ? undefined : end);
}

/** Files Claude reads as part of a component: escaping the plugin there breaks once installed. */
function loadedByClaude(project: Project, file: SourceFile): boolean {
  if (["agent", "skill", "command", "output-style"].includes(file.kind)) return true;
  return skillDirOf(project, file) !== undefined;
}

export const linkTargetExists: Rule = {
  id: "link-target-exists",
  severity: "error",
  description:
    "Relative Markdown links point to a file or folder that exists inside the plugin (and heading anchors to a heading), so they still work once the plugin is installed.",
  check({ project, report }) {
    for (const file of project.files) {
      const markdown = file.markdown;
      if (!markdown) continue;
      const plugin = pluginOf(project, file);
      const scope = plugin ? plugin.dir : "";
      const loaded = loadedByClaude(project, file);
      const component = ["agent", "skill", "command", "output-style"].includes(file.kind);
      if (
        !component &&
        (TEMPLATE_DIR.test(plugin ? file.path.slice(plugin.dir.length) : file.path) ||
          /\{\{[A-Za-z_][\w.]*\}\}/.test(file.text))
      )
        continue;
      for (const link of markdown.links) {
        const target = link.target.trim();
        const at = { offset: link.offset, length: link.target.length };
        // URLs with a scheme (https:, mailto:, data:...), protocol-relative URLs, and placeholders.
        if (
          !target ||
          SCHEME.test(target) ||
          target.startsWith("//") ||
          PLACEHOLDER.test(target) ||
          TEMPLATE_LINE.test(lineOf(file.text, link.offset))
        )
          continue;
        const hash = target.indexOf("#");
        const beforeHash = hash === -1 ? target : target.slice(0, hash);
        const fragment = hash === -1 ? "" : target.slice(hash + 1);
        const pathPart = decode(beforeHash.split("?")[0]!).replace(/\\/g, "/");
        if (pathPart === "") {
          if (fragment && !hasAnchor(file, fragment))
            report({
              file,
              at,
              severity: "warning",
              message: `no heading or anchor "#${fragment}" in this file`,
              hint: "link to an existing heading (GitHub slug: lower case, spaces as hyphens)",
            });
          continue;
        }
        // GitHub reads "/x" in a README or doc page as repository-root relative; Claude reads it as a file system path.
        if (pathPart.startsWith("/") && loaded) {
          report({
            file,
            at,
            message: `link target "${beforeHash}" is an absolute path, which does not exist on other machines`,
            hint: "use a path relative to this file",
          });
          continue;
        }
        const resolved = normalize(
          pathPart.startsWith("/") ? pathPart.slice(1) : posix.join(posix.dirname(file.path), pathPart),
        );
        // GitHub serves repository pages (issues, wiki, releases...) at "../../issues" from a README.
        if (!inside("", resolved) && !loaded && GITHUB_PAGE.test(pathPart)) continue;
        if (!inside("", resolved)) {
          report({
            file,
            at,
            message: `link target "${beforeHash}" points outside the validated folder`,
            hint: plugin
              ? "a plugin is installed on its own; keep linked files inside the plugin"
              : "link to a file inside the repository",
          });
          continue;
        }
        // A README or doc page is read on GitHub, where links between plugins of one repository work.
        if (plugin && loaded && !inside(scope, resolved)) {
          report({
            file,
            at,
            message: `link target "${beforeHash}" points outside plugin "${plugin.name}"`,
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
            // Claude is told the skill's base folder and usually finds the file from there; editors and GitHub do not.
            report({
              file,
              at,
              severity: "warning",
              message: `link target "${beforeHash}" does not exist relative to this file; it only resolves from the skill folder`,
              hint: `use "${posix.relative(posix.dirname(file.path), fromSkill)}"`,
            });
            continue;
          }
          report({
            file,
            at,
            message: `link target "${beforeHash}" does not exist`,
            hint: missingHint(project, file, pathPart, resolved),
          });
          continue;
        }
        const targetFile = project.byPath.get(resolved);
        if (
          fragment &&
          targetFile?.markdown &&
          /\.(md|markdown)$/i.test(resolved) &&
          !hasAnchor(targetFile, fragment)
        ) {
          report({
            file,
            at,
            severity: "warning",
            message: `no heading or anchor "#${fragment}" in "${beforeHash}"`,
            hint: "link to an existing heading (GitHub slug: lower case, spaces as hyphens)",
          });
        }
      }
    }
  },
};
