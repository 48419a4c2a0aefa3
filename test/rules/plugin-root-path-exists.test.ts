import { describe, expect, it } from "vitest";
import { pathAfter, pluginRootPathExists } from "../../scripts/rules/references/plugin-root-path-exists.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

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

describe("plugin-root-path-exists: documented path patterns", () => {
  it("leaves a placeholder file name (SCRIPT.py, FILE.md, script-name.sh, your-tool.py) alone and still reports a missing real one", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "req", version: "1.0.0", description: "d" }),
      "skills/dev/SKILL.md":
        "---\nname: dev\ndescription: Develops. Use when asked.\n---\n\nRun `python3 ${CLAUDE_PLUGIN_ROOT}/scripts/SCRIPT.py` or read `${CLAUDE_PLUGIN_ROOT}/references/FILE.md`.\nAny other: `bash $CLAUDE_PLUGIN_ROOT/skills/dev/scripts/script-name.sh`, `${CLAUDE_PLUGIN_ROOT}/your-tool.py`.\nThen run `${CLAUDE_PLUGIN_ROOT}/scripts/setup.sh`.\n",
    });
    const found = await findingsFor(root, [pluginRootPathExists]);
    expect(found.map((f) => f.message)).toEqual([
      '"${CLAUDE_PLUGIN_ROOT}/scripts/setup.sh" does not exist in plugin "req"',
    ]);
  });
});

describe("plugin-root-path-exists: what a config runs", () => {
  it("reads a hook's command and arguments, not values under keys Claude Code ignores", async () => {
    const hooks = {
      hooks: {
        PostToolUse: [
          {
            matcher: "Edit",
            hooks: [
              {
                type: "command",
                command: "${CLAUDE_PLUGIN_ROOT}/scripts/missing.sh",
                environment: { PRETTIER_CONFIG: "${CLAUDE_PLUGIN_ROOT}/config/.prettierrc" },
              },
            ],
          },
        ],
      },
      troubleshooting: { logLocation: "${CLAUDE_PLUGIN_ROOT}/logs/formatter.log" },
    };
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "fmt", version: "1.0.0", description: "d" }),
      "hooks/hooks.json": JSON.stringify(hooks, null, 2),
    });
    const found = await findingsFor(root, [pluginRootPathExists]);
    expect(found.map((f) => f.message)).toEqual([
      '"${CLAUDE_PLUGIN_ROOT}/scripts/missing.sh" does not exist in plugin "fmt"',
    ]);
  });
});
