import type { Rule, SourceFile } from "../../core/types.ts";
import { frontmatter } from "../util.ts";

function chars(text: string): number {
  return [...text].length;
}

function count(n: number): string {
  // By hand: the first toLocaleString call loads ICU's number formats, 20 ms of a run.
  const digits = String(Math.trunc(Math.abs(n)));
  let grouped = "";
  for (let end = digits.length; end > 0; end -= 3)
    grouped = digits.slice(Math.max(0, end - 3), end) + (grouped ? `,${grouped}` : "");
  return n < 0 ? `-${grouped}` : grouped;
}

/** `description: >-` (or `|`, `>`, with chomping and indent markers) alone on its line. */
const EMPTY_BLOCK_SCALAR = /^description:[ \t]*([>|][-+0-9]{0,2})[ \t]*$/m;

function fallback(file: SourceFile, plugin: string): string {
  if (file.kind === "agent") return `the generic "Agent from ${plugin} plugin"`;
  return "the first line of the body";
}

export const descriptionLength: Rule = {
  id: "description-length",
  severity: "warning",
  description:
    "Agents, skills and commands have a description of a useful length: present, at most 1,024 characters for skills (upload limit) and agents, 200 for commands, and within the 1,536-character listing cut.",
  consequence:
    'Without a description an agent is offered as "Agent from <plugin> plugin" and a skill by its first body line, so Claude cannot tell when to use it; the skill listing cuts description plus when_to_use at 1,536 characters. Long agent and command descriptions cost context in every session (a note).',
  check({ project, report }) {
    for (const file of project.files) {
      if (file.kind !== "agent" && file.kind !== "skill" && file.kind !== "command") continue;
      const data = frontmatter(file);
      if (!data) continue;
      const plugin = file.plugin === undefined ? "the" : (project.plugins[file.plugin]?.name ?? "the");
      const description = data.description;
      if (
        description === undefined ||
        description === null ||
        (typeof description === "string" && description.trim() === "")
      ) {
        // The agent loader falls back to when_to_use (or when-to-use) before the generic text.
        if (
          file.kind === "agent" &&
          [data.when_to_use, data["when-to-use"]].some(
            (v) => (typeof v === "string" && v.trim() !== "") || typeof v === "number",
          )
        )
          continue;
        const missing = description === undefined;
        // "description: >-" with the next key unindented under it: the folded text was never written
        // there (a generator's template, usually): one finding per plugin.
        const unfilled = missing ? undefined : EMPTY_BLOCK_SCALAR.exec(file.markdown?.frontmatter?.raw ?? "")?.[1];
        report({
          file,
          // A command keeps working with its first line as description; an agent or skill loses its trigger.
          severity: file.kind === "command" ? "note" : "warning",
          at: missing ? { path: ["description"], part: "missing" } : { path: ["description"] },
          message: unfilled
            ? `description "${unfilled}" has no indented lines under it, so it is empty: Claude Code shows ${fallback(file, plugin)} and cannot tell when to use this ${file.kind}`
            : `${missing ? "no" : "empty"} description, so Claude Code shows ${fallback(file, plugin)} and cannot tell when to use this ${file.kind}`,
          hint: unfilled
            ? "indent the description's lines under it (two spaces), or write it on the same line"
            : `add a description that says what the ${file.kind} does and when to use it`,
          ...(unfilled ? { group: `unfilled-description|${plugin}` } : {}),
        });
        continue;
      }
      if (typeof description !== "string") continue;
      const length = chars(description.trim());
      const at = { path: ["description"] } as const;
      if (file.kind === "skill") {
        const whenToUse =
          typeof data.when_to_use === "string" && data.when_to_use.trim() !== "" ? data.when_to_use.trim() : undefined;
        const listed = whenToUse === undefined ? length : length + 3 + chars(whenToUse);
        if (length > 1024) {
          report({
            file,
            at,
            severity: listed > 1536 ? "warning" : "note",
            message: `skill description has ${count(length)} characters; claude.ai and the API refuse skills over 1,024${listed > 1536 ? ", and Claude Code's skill listing cuts it at 1,536" : ""}`,
            hint: "shorten the description and move details into the body",
          });
        } else if (listed > 1536) {
          report({
            file,
            at,
            message: `description and when_to_use together have ${count(listed)} characters; the skill listing cuts them at 1,536`,
            hint: "shorten when_to_use or the description",
          });
        }
      } else if (file.kind === "agent" && length > 1024) {
        report({
          file,
          at,
          severity: "note",
          message: `agent description has ${count(length)} characters; it is always in context, so keep it at most 1,024`,
          hint: "move examples and details into the agent body",
        });
      } else if (file.kind === "command" && length > 200) {
        report({
          file,
          at,
          severity: "note",
          message: `command description has ${count(length)} characters; expected at most 200 for the / menu and skill listing`,
          hint: "shorten it to one line and move details into the body",
        });
      }
    }
  },
};
