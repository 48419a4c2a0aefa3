import { describe, expect, it } from "vitest";
import { commandRefExists } from "../../scripts/rules/references/command-ref-exists.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

describe("command-ref-exists: a stale command name", () => {
  it("is one finding wherever it appears, pointing at the command it became", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "kit", version: "1.0.0", description: "d" }),
      "commands/update.md": "---\ndescription: Update a component\n---\n\nUpdate it.\n",
      "skills/guide/SKILL.md":
        "---\nname: guide\ndescription: d\n---\n\nRun /kit:agents:update, then /kit:agents:update again, then /kit:nope.\n",
      "skills/guide/more.md": "Or /kit:agents:update from here.\n",
    });
    const found = await findingsFor(root, [commandRefExists]);
    expect(found.map((f) => `${f.message} | ${f.hint} | ${1 + (f.related?.length ?? 0)}`)).toEqual([
      'unknown command "/kit:agents:update" | did you mean "/kit:update"? | 3',
      'unknown command "/kit:nope" | plugin "kit" has no command or user-invocable skill of that name | 1',
    ]);
  });
});
