import { catalog } from "../../catalog/index.ts";
import { orchestratorTools } from "../../catalog/model.ts";
import type { Rule } from "../../core/types.ts";
import { canWriteFiles, marsPlugin, sectionLines, toolList } from "../model/disk.ts";

/**
 * A step that has the runner write a file itself: a named file ("write `.mars/plan.md`") or a
 * planet's note ("7. **Saturn (databases)** (handoff; …): write its note …").
 */
const RUNNER_WRITE = /\b[Ww]rite (?:`([^`]+)`|its note)/;

export const commandWritesAllowed: Rule = {
  id: "command-writes-allowed",
  severity: "error",
  description:
    "A command (or the orchestrator) whose steps have it write a file itself, such as the plan or a handoff note, has the Write tool.",
  consequence:
    "A command or the orchestrator that is told to write a file without the Write tool cannot do it: the artifact the next step reads never reaches disk.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    for (const command of plugin.commands) {
      if (canWriteFiles(toolList(command.file, "allowed-tools"))) continue;
      for (const line of sectionLines(command.file, "## Steps")) {
        const match = RUNNER_WRITE.exec(line.text);
        if (!match) continue;
        report({
          file: command.file,
          at: { offset: line.offset + match.index, length: 5 },
          message: `/${catalog.plugin.name}:${command.name} writes ${match[1] ?? "a planet note"} itself, but its allowed-tools lack Write`,
          hint: "run npm run build, or move the file to a step whose agent can write it",
        });
      }
    }
    const orchestrator = plugin.agents.find((a) => a.name === catalog.orchestrator);
    if (
      orchestrator &&
      orchestratorTools(catalog).includes("Write") &&
      !canWriteFiles(toolList(orchestrator.file, "tools"))
    )
      report({
        file: orchestrator.file,
        at: { path: ["tools"] },
        message: `${catalog.orchestrator} writes the plan and the handoff notes, but its tools lack Write`,
        hint: "run npm run build",
      });
  },
};
