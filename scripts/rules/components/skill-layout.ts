import path from "node:path";
import type { Project, Rule } from "../../core/types.ts";
import { renameFile } from "../../fix/make.ts";
import { entriesUnder } from "../util.ts";
import { inPlugin, skillRoots } from "./helpers.ts";

const posix = path.posix;
/** Folders no one means as a skill. */
const NOT_SKILLS = /^(\.|node_modules$|__pycache__$)/;

function join(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** True when some other file of the plugin names the folder as a path, so it is a shared-resources folder on purpose. */
function referenced(project: Project, pluginIndex: number, folder: string, name: string): boolean {
  const needles = [`${folder}/`, `../${name}/`];
  return project.files.some(
    (file) =>
      file.plugin === pluginIndex &&
      !file.path.startsWith(`${folder}/`) &&
      file.kind !== "binary" &&
      needles.some((n) => file.text.includes(n)),
  );
}

export const skillLayout: Rule = {
  id: "skill-layout",
  severity: "error",
  description:
    "Each skill is exactly `skills/<name>/SKILL.md`: a wrongly cased `skill.md`, a SKILL.md nested deeper, a folder without SKILL.md, or a `skills/SKILL.md` that hides the folder's skills means skills are not loaded.",
  consequence:
    "Claude Code loads only <root>/<name>/SKILL.md, spelt exactly so: a skill.md (on Linux), a SKILL.md nested deeper or a folder without one is never loaded, and a SKILL.md directly in skills/ turns the whole folder into one skill and hides the others.",
  check({ project, report }) {
    project.plugins.forEach((plugin, pluginIndex) => {
      for (const root of skillRoots(project, plugin)) {
        if (root !== "" && !project.dirs.has(root)) continue;
        const prefix = root === "" ? "" : `${root}/`;
        // A skills folder holding SKILL.md is loaded as one skill and its subfolders are not scanned (2.1.330 loader).
        if (root !== "" && project.entries.has(`${prefix}SKILL.md`)) {
          if (root === inPlugin(plugin, "skills")) {
            const hidden = entriesUnder(project, prefix).filter((e) =>
              /^[^/]+\/SKILL\.md$/.test(e.slice(prefix.length)),
            ).length;
            report({
              file: `${prefix}SKILL.md`,
              severity: hidden > 0 ? "error" : "warning",
              message:
                hidden > 0
                  ? `"${prefix}SKILL.md" makes Claude Code load the skills folder itself as one skill, so the ${hidden} skill${hidden === 1 ? "" : "s"} in its subfolders ${hidden === 1 ? "is" : "are"} not loaded`
                  : `"${prefix}SKILL.md" makes Claude Code load the whole skills folder as one skill`,
              hint: `move it to ${prefix}<skill-name>/SKILL.md`,
            });
          }
          continue;
        }
        const byFolder = new Map<string, string[]>();
        for (const entry of entriesUnder(project, prefix)) {
          const rest = entry.slice(prefix.length);
          const slash = rest.indexOf("/");
          if (slash === -1) continue;
          const folder = rest.slice(0, slash);
          if (NOT_SKILLS.test(folder)) continue;
          const list = byFolder.get(folder) ?? [];
          list.push(rest.slice(slash + 1));
          byFolder.set(folder, list);
        }
        for (const [name, files] of byFolder) {
          const folder = join(root, name);
          if (files.includes("SKILL.md")) continue;
          let reported = false;
          // One misspelt SKILL.md is renamed by --fix; with two spellings it is not clear which is the skill.
          const spellings = files.filter((inner) => inner.toLowerCase() === "skill.md").length;
          for (const inner of files) {
            const base = posix.basename(inner);
            if (inner === base && base.toLowerCase() === "skill.md") {
              report({
                file: join(folder, inner),
                message: `skill file "${join(folder, inner)}" must be named exactly "SKILL.md"; Claude Code does not load "${base}" on case-sensitive file systems (Linux)`,
                hint: `rename it to ${folder}/SKILL.md`,
                ...(spellings === 1 ? { fix: renameFile(join(folder, inner), `${folder}/SKILL.md`) } : {}),
              });
              reported = true;
            }
          }
          const nested = files.filter((inner) => posix.basename(inner) === "SKILL.md");
          for (const inner of nested) {
            // Report only the outermost nested SKILL.md of a chain; the deeper ones sit inside it.
            const dir = posix.dirname(inner);
            const outer = nested.some((other) => other !== inner && dir.startsWith(`${posix.dirname(other)}/`));
            if (outer) continue;
            report({
              file: join(folder, inner),
              message: `"${join(folder, inner)}" is nested too deep: Claude Code only loads ${prefix}<name>/SKILL.md, so this skill is not loaded`,
              hint: `move its folder up to ${prefix}${posix.basename(dir)}/`,
              // Skills sorted into a category folder: one finding for the folder, with its count.
              group: `nested|${folder}`,
            });
            reported = true;
          }
          if (reported) continue;
          if (!files.some((inner) => !posix.basename(inner).startsWith("."))) continue;
          // Code and data only (skills/shared/lib/*.py): a library the skills' scripts import, not
          // a skill missing its SKILL.md, which would hold at least some Markdown.
          if (!files.some((inner) => /\.(?:md|markdown|mdx)$/i.test(inner))) continue;
          if (referenced(project, pluginIndex, folder, name)) continue;
          // Findings point at a file, so the first visible file of the folder carries this one.
          const first = files.filter((inner) => !posix.basename(inner).startsWith(".")).sort()[0]!;
          report({
            file: join(folder, first),
            severity: "warning",
            // The same folder name in many plugins (a scaffold's "skill-adapter") is one cause, said once.
            group: `no-skill-md|${posix.basename(folder)}`,
            message: `skill folder "${folder}" has files but no SKILL.md, so Claude Code ignores it`,
            hint: `add ${folder}/SKILL.md with a name and description, or move the files out of ${root || "the skills folder"}`,
          });
        }
      }
    });
  },
};
