import path from "node:path";
import type { Rule } from "../../core/types.ts";
import { frontmatter } from "../util.ts";
import { KEBAB } from "./helpers.ts";

/** What is wrong with a skill name under the Agent Skills standard and the platform rules; undefined when nothing. */
function skillNameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0 || length > 64) return `has ${length} characters (expected 1 to 64)`;
  if (/<[^<>]*>/.test(name)) return "contains an XML tag";
  if (/[^a-z0-9-]/.test(name)) return "has characters other than lower-case letters, digits and hyphens";
  if (name.startsWith("-") || name.endsWith("-")) return "starts or ends with a hyphen";
  if (name.includes("--")) return 'contains a double hyphen "--"';
  const reserved = /anthropic|claude/.exec(name);
  if (reserved) return `contains the reserved word "${reserved[0]}"`;
  return undefined;
}

function suggestion(name: string): string {
  return name
    .toLowerCase()
    .replace(/<[^<>]*>/g, "")
    .replace(/anthropic|claude/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") // runs are single hyphens by now
    .slice(0, 64);
}

export const skillNameFormat: Rule = {
  id: "skill-name-format",
  severity: "error",
  description:
    "Skill names follow the Agent Skills standard (1–64 of a-z, 0-9 and single hyphens, no reserved words) and equal their folder name; command file names are kebab-case.",
  consequence:
    "Claude Code lists a skill under its frontmatter name, so a name with spaces is hard to type as a / command (a note); other departures from the Agent Skills standard (upper case, reserved words, a name that differs from the folder) load in Claude Code but are refused when the skill is uploaded to claude.ai or the API (notes).",
  check({ project, report }) {
    for (const plugin of project.plugins) {
      for (const skill of plugin.skills) {
        const file = skill.file;
        const folderPath = path.posix.dirname(file.path);
        const raw = frontmatter(file)?.name;
        if (typeof raw === "string") {
          const problem = skillNameProblem(raw);
          const folderOk = !skillNameProblem(skill.folder);
          if (problem) {
            const fixed = suggestion(raw);
            // Claude Code lists the skill under this name; a space makes it impossible to type as a command.
            const spaced = /\s/.test(raw.trim());
            report({
              file,
              at: { path: ["name"] },
              severity: "note",
              message: spaced
                ? `skill name "${raw}" contains spaces, so the / menu lists "/${plugin.name}:${raw}", which is hard to type as a command`
                : `skill name "${raw}" ${problem}, which claude.ai and the API refuse on upload`,
              hint:
                raw !== skill.folder && folderOk
                  ? `set name: ${skill.folder} (the folder name)`
                  : fixed && fixed !== raw && !skillNameProblem(fixed)
                    ? `use "${fixed}"`
                    : "use lower-case words joined by single hyphens",
            });
          }
          // A malformed name with a well-formed folder is reported once, above, with the folder as the fix.
          if (raw !== skill.folder && !(problem && folderOk)) {
            report({
              file,
              at: { path: ["name"] },
              severity: "note",
              message: `skill name "${raw}" differs from its folder "${skill.folder}": the menu lists "/${plugin.name}:${raw}" and the Agent Skills standard requires them to match`,
              hint: problem
                ? "give the folder and the name the same valid value"
                : `rename the folder to "${raw}" or set name: ${skill.folder}`,
            });
          }
        }
        const folderProblem = skillNameProblem(skill.folder);
        // Reported once when the name, reported above, is the folder name.
        if (folderProblem && raw !== skill.folder) {
          const fixed = suggestion(skill.folder);
          report({
            file: folderPath,
            severity: "note",
            message: `skill folder name "${skill.folder}" ${folderProblem}`,
            hint:
              fixed && fixed !== skill.folder && !skillNameProblem(fixed)
                ? `rename the folder to "${fixed}"`
                : "use lower-case words joined by single hyphens",
          });
        }
      }
      for (const command of plugin.commands) {
        if (KEBAB.test(command.fileName)) continue;
        const fixed = suggestion(command.fileName);
        report({
          file: command.file,
          at: { line: 1 },
          severity: "note",
          message: `command file name "${command.fileName}.md" is not kebab-case, so the command is "/${command.id}"`,
          hint:
            fixed && fixed !== command.fileName
              ? `rename it to "${fixed}.md"`
              : "use lower-case letters, digits and single hyphens",
        });
      }
    }
  },
};
