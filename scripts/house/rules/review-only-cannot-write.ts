import { catalog } from "../../catalog/index.ts";
import { readOnlyDenials, reviewOnly, roleOf } from "../../catalog/model.ts";
import type { Rule, SourceFile } from "../../core/types.ts";
import { frontmatter, listField } from "../../rules/util.ts";
import { marsPlugin, toolList } from "../model/disk.ts";
import { admittedWritingOptions, denialOf, parseBashAllowance } from "../model/writing-options.ts";

const WRITERS = ["Write", "Edit", "NotebookEdit"];

/** Why a tool list lets a review-only role write or run a program, one reason per entry. */
function writingReach(file: SourceFile, key: "tools" | "allowed-tools"): string[] {
  const data = frontmatter(file);
  const denied = new Set(listField(data?.disallowedTools ?? data?.["disallowed-tools"]).map((t) => t.item.trim()));
  const reasons: string[] = [];
  for (const tool of toolList(file, key)) {
    if (WRITERS.some((w) => tool === w || tool.startsWith(`${w}(`))) reasons.push(`${tool} writes files`);
    else if (tool === "Bash" || tool === "Bash(*)") reasons.push(`${tool} runs any command`);
    else {
      const allowance = parseBashAllowance(tool);
      if (!allowance) continue;
      for (const { family, option } of admittedWritingOptions(allowance))
        if (!denied.has(denialOf(family, option)))
          reasons.push(`${tool} admits \`${family.command} ${option}\`, which ${family.effect}`);
    }
  }
  return reasons;
}

export const reviewOnlyCannotWrite: Rule = {
  id: "review-only-cannot-write",
  severity: "error",
  description:
    "An agent or command the catalog marks review-only has no Write, Edit or NotebookEdit, no unscoped Bash, and no Bash allowance that admits an option which writes files, installs packages or starts a program (unless disallowedTools denies that option).",
  consequence:
    "A review promised to edit nothing is read-only only by instruction: a pre-approved `git diff --output=…`, `git grep -O…` or `pip-audit --fix` writes files, runs a program or changes the environment without asking.",
  check({ project, report }) {
    const plugin = marsPlugin(project);
    if (!plugin) return;
    for (const specialist of catalog.specialists) {
      if (!reviewOnly(roleOf(catalog, specialist.name))) continue;
      const agent = plugin.agents.find((a) => a.name === specialist.name);
      if (!agent) continue;
      for (const reason of writingReach(agent.file, "tools"))
        report({
          file: agent.file,
          at: { path: ["tools"] },
          message: `${specialist.name} only reviews, but ${reason}`,
          hint: "narrow or drop the entry in scripts/catalog/roster.ts (readOnlyBash), or deny the option in disallowedTools, then run npm run build",
        });
    }
    for (const workflow of catalog.workflows) {
      if (!workflow.command || workflow.command.editsFiles) continue;
      const command = plugin.commands.find((c) => c.name === workflow.command!.name);
      if (!command) continue;
      for (const reason of writingReach(command.file, "allowed-tools"))
        report({
          file: command.file,
          at: { path: ["allowed-tools"] },
          message: `/${catalog.plugin.name}:${command.name} edits nothing, but ${reason}`,
          hint: "narrow or drop the entry in scripts/catalog/workflows.ts (readOnlyBash), then run npm run build",
        });
      // allowed-tools only pre-approve; what the command must not use it has to deny.
      const data = frontmatter(command.file);
      const denied = new Set(listField(data?.["disallowed-tools"] ?? data?.disallowedTools).map((t) => t.item.trim()));
      const missing = readOnlyDenials(catalog, workflow).filter((tool) => !denied.has(tool));
      if (missing.length)
        report({
          file: command.file,
          at: { path: [data?.["disallowed-tools"] !== undefined ? "disallowed-tools" : "allowed-tools"] },
          message: `/${catalog.plugin.name}:${command.name} edits nothing, but its disallowed-tools leave ${missing.join(", ")} usable (allowed-tools only pre-approve, they restrict nothing)`,
          hint: "run npm run build: the generator denies the editing tools and every writing agent",
        });
    }
  },
};
