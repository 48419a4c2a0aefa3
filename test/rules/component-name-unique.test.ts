import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { componentNameUnique } from "../../scripts/rules/components/component-name-unique.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

describe("component-name-unique: one skill folder reached twice", () => {
  it("is a note when both paths hold the same SKILL.md (a symlink), an error when the two differ", async () => {
    const skill = "---\ndescription: Guides auth.\n---\n\nBody.\n";
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({
        name: "p",
        version: "1.0.0",
        description: "d",
        skills: ["./skills/", "./.agents/skills/"],
      }),
      ".agents/skills/auth/SKILL.md": skill,
      ".agents/skills/other/SKILL.md": skill,
      "skills/other/SKILL.md": "---\ndescription: Something else.\n---\n\nBody.\n",
    });
    fs.symlinkSync("../.agents/skills/auth", path.join(root, "skills/auth"));
    const findings = (await findingsFor(root, [componentNameUnique])).map((f) => `${f.severity} ${f.message}`);
    expect(findings).toHaveLength(2);
    expect(findings.filter((f) => f.startsWith("note ") && f.includes('"/p:auth" is listed twice'))).toHaveLength(1);
    expect(findings.filter((f) => f.startsWith("error ") && f.includes('"/p:other" is also defined'))).toHaveLength(1);
  });
});

describe("component-name-unique: skills shadowed by commands of the same name", () => {
  it("reports a plugin that mirrors its skills with commands once, counting them", async () => {
    const skill = (name: string) => `---\nname: ${name}\ndescription: Does ${name}. Use when asked.\n---\n\nBody.\n`;
    const command = "---\ndescription: Runs the skill.\n---\n\nRun it.\n";
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", description: "d" }),
      "skills/ask/SKILL.md": skill("ask"),
      "skills/plan/SKILL.md": skill("plan"),
      "skills/solo/SKILL.md": skill("solo"),
      "commands/ask.md": command,
      "commands/plan.md": command,
    });
    const found = await findingsFor(root, [componentNameUnique]);
    expect(found.map((f) => `${f.location.file} ×${f.count ?? 1}`)).toEqual(["skills/ask/SKILL.md ×2"]);
    expect(found[0]!.related?.map((r) => r.file)).toEqual(["commands/ask.md", "skills/plan/SKILL.md"]);
  });
});
