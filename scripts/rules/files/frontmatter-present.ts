import type { Rule } from "../../core/types.ts";

/** Names of files that document a folder rather than define a component. */
const DOCUMENTATION = /(?:^|\/)(?:readme|changelog|contributing|license|notes|index)\.md$/i;

const NEEDS_FRONTMATTER = new Set(["agent", "skill", "command", "eval-grader"]);

export const frontmatterPresent: Rule = {
  id: "frontmatter-present",
  severity: "error",
  description:
    "Agents, skills and commands start with a YAML frontmatter block that Claude Code can find and that is closed.",
  consequence:
    'Without frontmatter an agent is named after its file and described as "Agent from <plugin> plugin", and a skill or command takes its first body line as description; an unclosed or non-YAML block is not read at all.',
  check({ project, report }) {
    for (const file of project.files) {
      const markdown = file.markdown;
      if (!markdown || !NEEDS_FRONTMATTER.has(file.kind)) continue;
      switch (markdown.frontmatterProblem) {
        case "missing":
          // `claude plugin eval` reads only grader files with frontmatter; others are notes.
          if (file.kind === "eval-grader") break;
          if (DOCUMENTATION.test(file.path) && (file.kind === "agent" || file.kind === "command")) {
            // Every .md file in agents/ or commands/ is registered (measured: agents/README.md loads as <plugin>:README).
            report({
              file,
              severity: "warning",
              message: `${file.path.split("/").pop()} is registered as ${file.kind === "agent" ? "an agent" : "a command"}: Claude Code loads every .md file in this folder as one`,
              hint: `move the documentation out of the ${file.kind === "agent" ? "agents" : "commands"} folder (for example into the plugin's README)`,
            });
            break;
          }
          // A command works with its first line as description; an agent or skill loses its trigger text.
          report({
            file,
            severity: file.kind === "command" ? "note" : "warning",
            message: `no frontmatter block; Claude Code falls back to the ${file.kind === "agent" ? "file name and a generic description" : "first body line as description"}`,
            hint: "start the file with --- and a name and description",
          });
          break;
        case "leading-blank":
          report({
            file,
            severity: "warning",
            message: "the frontmatter does not start on line 1, so Claude Code does not read it",
            hint: "remove the blank lines before ---",
          });
          break;
        case "leading-comment":
          // A generator's banner above every file it writes: one finding per folder.
          report({
            file,
            severity: file.kind === "command" ? "note" : "warning",
            group: `leading-comment|${file.path.slice(0, file.path.lastIndexOf("/") + 1)}`,
            message: `an HTML comment comes before the frontmatter, which must start the file, so Claude Code does not read it and falls back to the ${file.kind === "agent" ? "file name and a generic description" : "first body line as description"}`,
            hint: "move the comment below the closing --- (into the body)",
          });
          break;
        case "unterminated":
          report({
            file,
            message: "the frontmatter block is never closed with a --- line",
            hint: "add a --- line after the last frontmatter key",
          });
          break;
        case "language":
          report({
            file,
            message: `"---${markdown.frontmatterLanguage}" frontmatter is not YAML: Claude Code reads no frontmatter, and this tool never runs it`,
            hint: "use plain --- YAML frontmatter",
          });
          break;
        default:
          break;
      }
    }
  },
};
