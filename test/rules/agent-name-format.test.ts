import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

function agentsFolder(files: Record<string, string>): string {
  const dir = path.join(tempDir(), "agents");
  fs.mkdirSync(dir);
  return writeTree(files, dir);
}

describe("agent-name-format and agent-plugin-ignored-field on a bare agents/ folder", () => {
  it("treats it as project agents: a colon is an error and plugin-only fields are not flagged", async () => {
    const root = agentsFolder({
      "lead.md": "---\nname: team:lead\ndescription: Leads.\npermissionMode: plan\n---\nBody\n",
    });
    const findings = await findingsFor(root);
    const names = findings.filter((f) => f.ruleId === "agent-name-format");
    expect(names.map((f) => f.severity)).toEqual(["error"]);
    expect(findings.filter((f) => f.ruleId === "agent-plugin-ignored-field")).toEqual([]);
  });

  it("warns about a colon in a plugin agent, where it only nests the id", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": '{"name":"demo"}',
      "agents/lead.md": "---\nname: team:lead\ndescription: Leads.\n---\nBody\n",
    });
    const names = (await findingsFor(root)).filter((f) => f.ruleId === "agent-name-format");
    expect(names.map((f) => [f.severity, f.message])).toEqual([
      ["warning", 'agent name "team:lead" contains ":", which turns it into a nested id "demo:team:lead"'],
    ]);
  });

  it("never throws on names of other types", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": '{"name":"demo"}',
      "agents/a.md": "---\nname: [x]\ndescription: A.\n---\nBody\n",
      "agents/b.md": "---\nname: 12\ndescription: B.\n---\nBody\n",
      "skills/s/SKILL.md": "---\nname: {a: 1}\ndescription: S.\n---\nBody\n",
    });
    const ours = (await findingsFor(root)).filter((f) =>
      ["agent-name-format", "skill-name-format", "component-name-unique"].includes(f.ruleId),
    );
    expect(ours).toEqual([]);
  });
});
