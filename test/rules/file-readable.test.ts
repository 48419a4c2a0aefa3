import { describe, expect, it } from "vitest";
import { fileReadable } from "../../scripts/rules/files/file-readable.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor, format } from "../helpers/validate.ts";

const latin1 = Buffer.from("caf\xe9\n", "latin1");

describe("file-readable on invalid UTF-8", () => {
  it("weighs the file by who reads it: a component, a Markdown page, a data file", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", description: "d" }),
      "skills/tool/SKILL.md":
        "---\nname: tool\ndescription: d\n---\n\nSee [notes](notes.md) and `fixtures/latin1.csv`.\n",
      "skills/tool/notes.md": latin1,
      "skills/tool/fixtures/latin1.csv": latin1,
      "agents/old.md": Buffer.concat([Buffer.from("---\nname: old\ndescription: d\n---\n\n"), latin1]),
    });
    const findings = (await findingsFor(root, [fileReadable])).map((f) => `${f.severity} ${format(f)}`);
    expect(findings.sort()).toEqual([
      "error agents/old.md:1:1 file-readable",
      "note skills/tool/fixtures/latin1.csv:1:1 file-readable",
      "warning skills/tool/notes.md:1:1 file-readable",
    ]);
  });
});
