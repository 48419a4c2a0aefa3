import { catalog } from "../../catalog/index.ts";
import type { Rule } from "../../core/types.ts";
import { agentAllowlist, marsPlugin, toolList } from "../model/disk.ts";

/** A verb that asks the agent to start another agent itself: "Ask mars:x to…", "Send … to mars:x". */
const CALL = /\b(?:ask|asks|send|sends|delegate|delegates)\b/gi;
const AGENT = /\bmars:([a-z0-9-]+)/g;

/** The sentence from `start` to its end: the next ". ", ";" or line end. */
function sentenceFrom(line: string, start: number): string {
  const rest = line.slice(start);
  const end = rest.search(/\. |;|$/);
  return rest.slice(0, end);
}

export const agentNoDirectCall: Rule = {
  id: "agent-no-direct-call",
  severity: "error",
  description:
    "An agent without the Agent tool is never told to ask or send work to another agent itself; it returns the work to its caller with a note for that agent.",
  consequence:
    'A subagent cannot start another subagent: "ask mars:x" in its body is an instruction it cannot carry out, so the work it hands off is silently dropped.',
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    const agents = new Set(plugin.agents.map((a) => a.name));
    for (const agent of plugin.agents) {
      if (agentAllowlist(toolList(agent.file, "tools")).size > 0) continue;
      const body = agent.file.markdown?.body ?? "";
      const bodyOffset = agent.file.markdown?.bodyOffset ?? 0;
      let lineStart = 0;
      for (const line of body.split("\n")) {
        for (const verb of line.matchAll(CALL)) {
          const sentence = sentenceFrom(line, verb.index);
          const target = [...sentence.matchAll(AGENT)].find((m) => agents.has(m[1]!) && m[1] !== agent.name);
          if (!target) continue;
          report({
            file: agent.file,
            at: { offset: bodyOffset + lineStart + verb.index, length: verb[0].length },
            message: `${agent.name} has no Agent tool, so it cannot ${verb[0].toLowerCase()} ${catalog.plugin.name}:${target[1]} anything itself`,
            hint: `return the work to the caller with a note for ${catalog.plugin.name}:${target[1]} (under Handoffs)`,
          });
          break;
        }
        lineStart += line.length + 1;
      }
    }
  },
};
