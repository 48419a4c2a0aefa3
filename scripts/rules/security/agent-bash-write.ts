import type { Anchor, Rule } from "../../core/types.ts";
import { frontmatter, listField } from "../util.ts";

const WRITERS = ["Write", "Edit", "NotebookEdit"];
/** Words that say what something is for. */
const PURPOSE =
  /\b(?:to run|for running|to execute|for executing|to invoke|because|only (?:for|to|when)|is here to|is there to|is for|are for|(?:is |are )?(?:used|needed|required) (?:to|for)|needed|needs? (?:it|bash) to|in order to|so (?:that|it can|you can)|reserved for|limited to|restricted to|purpose)\b/i;
const BASH = /\bbash\b/i;
/** "Run `npm test` via the Bash tool": Bash named as the means of one specific job. */
const JOB = /\b(?:run|execute|invoke|call)\b/i;
const VIA_BASH = /\b(?:via|with|through|using) (?:the )?bash\b/gi;
/**
 * A job word, then the means later in the same sentence. Searched sentence by sentence from the
 * first job word: one pattern spanning both would rescan the sentence from every job word.
 */
function namesBashAsMeans(line: string): boolean {
  return line.split(".").some((sentence) => {
    const job = JOB.exec(sentence);
    if (!job) return false;
    VIA_BASH.lastIndex = job.index + job[0].length;
    return VIA_BASH.test(sentence);
  });
}
/** A tools list entry: "- **Bash**: run `make test`", "Bash — only git log". */
const ENTRY =
  /\bbash\b[`*_]*\s*[:—–-]\s*(?:only\s+)?(?:to\s+)?(?:run|runs|running|execute|build|test|lint|install|check|invoke|call|query|read|inspect|list|git|npm|make|pytest|cargo|go)\b/i;

/** A body line that names Bash and says what it is for. */
export function statesBashReason(body: string): boolean {
  return body
    .split("\n")
    .some((line) => BASH.test(line) && (PURPOSE.test(line) || namesBashAsMeans(line) || ENTRY.test(line)));
}

/** Unscoped entries of a tool list (`Bash`, not `Bash(git diff:*)`); `Bash(*)` is unscoped too. */
function unscoped(items: string[], tool: string): boolean {
  return items.some((item) => item === tool || item === `${tool}(*)`);
}

export const agentBashWrite: Rule = {
  id: "agent-bash-write",
  // Least privilege is a design choice, not a defect: Claude Code still asks before each command.
  severity: "note",
  description:
    "An agent that gets unrestricted Bash together with Write, Edit or NotebookEdit (also by omitting tools) says in its prompt why it needs Bash.",
  consequence:
    "An agent without a tools list gets every tool; with Bash and a write tool it can change anything the permission mode allows. Claude Code still applies the user's permission rules, so this is a least-privilege note, not a failure.",
  check({ project, report }) {
    for (const plugin of project.plugins) {
      for (const agent of plugin.agents) {
        const data = frontmatter(agent.file);
        if (!data) continue;
        const tools = data.tools;
        if (tools !== undefined && tools !== null && typeof tools !== "string" && !Array.isArray(tools)) continue;
        const items = listField(tools).map((t) => t.item.trim());
        const all = tools === undefined || tools === null || items.includes("*");
        const denied = listField(data.disallowedTools).map((t) => t.item.trim());
        const bash = (all || unscoped(items, "Bash")) && !denied.includes("Bash");
        const writers = WRITERS.filter(
          (w) => (all || items.some((i) => i === w || i.startsWith(`${w}(`))) && !denied.includes(w),
        );
        if (!bash || writers.length === 0) continue;
        if (statesBashReason(agent.file.markdown?.body ?? "")) continue;
        const at: Anchor =
          "tools" in data ? { path: ["tools"] } : "name" in data ? { path: ["name"], part: "key" } : { line: 1 };
        report({
          file: agent.file,
          at,
          group: `${plugin.name}|${tools === undefined || tools === null ? "omitted" : "listed"}`,
          message: `agent "${agent.id}" gets unrestricted Bash and ${writers.join(", ")}${tools === undefined || tools === null ? " (no tools field, so every tool)" : all ? ' (tools "*", so every tool)' : ""}, and its prompt does not say what Bash is for`,
          hint: 'list only the tools it needs, scope Bash (Bash(npm test:*)), or add a line such as "Use Bash only to run the test suite"',
        });
      }
    }
  },
};
