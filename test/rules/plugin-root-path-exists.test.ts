import { describe, expect, it } from "vitest";
import { pathAfter } from "../../scripts/rules/references/plugin-root-path-exists.ts";

describe("pathAfter: the path that follows ${CLAUDE_PLUGIN_ROOT}", () => {
  it.for([
    ["/scripts/run.sh --flag", "scripts/run.sh"],
    ['/scripts/run.sh"', "scripts/run.sh"],
    ["/scripts/run.sh`", "scripts/run.sh"],
    ["/scripts/run.sh)", "scripts/run.sh"],
    ["/scripts/run.sh; echo", "scripts/run.sh"],
    ["/scripts/run.sh|tee", "scripts/run.sh"],
    ["/scripts/run.sh&&x", "scripts/run.sh"],
    ["/scripts/run.sh>out", "scripts/run.sh"],
    ["/scripts/run.sh.", "scripts/run.sh"],
    ["/scripts/run.sh, then", "scripts/run.sh"],
    ["/scripts/run.sh:*)", "scripts/run.sh"],
    ["/scripts/*.sh", "scripts"],
    ["/scripts/${NAME}.sh", "scripts"],
    ["/…` is the plugin", ""],
    ["/skills/…/SKILL.md", "skills"],
    ["/scripts/", "scripts/"],
    ["/docs/x.md#part", "docs/x.md"],
    ['/x.sh\\"', "x.sh"],
    ["/../outside.md", "../outside.md"],
  ] as const)("%s", ([text, expected]) => {
    expect(pathAfter(text, 0)?.path).toBe(expected);
  });

  it("reads nothing when no slash follows the variable", () => {
    expect(pathAfter('" --flag', 0)).toBeUndefined();
    expect(pathAfter("", 0)).toBeUndefined();
  });
});
