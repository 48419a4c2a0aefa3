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
