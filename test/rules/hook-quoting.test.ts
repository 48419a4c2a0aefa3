import { describe, expect, it } from "vitest";
import { unquotedPlaceholders } from "../../scripts/rules/security/shell.ts";

describe("unquotedPlaceholders (port of the 2.1.330 check)", () => {
  it.for([
    ["node ${CLAUDE_PLUGIN_ROOT}/x.js", ["${CLAUDE_PLUGIN_ROOT}"]],
    ["$CLAUDE_PROJECT_DIR/x.sh", ["${CLAUDE_PROJECT_DIR}"]],
    ["a ${CLAUDE_PLUGIN_DATA} b ${CLAUDE_PLUGIN_DATA}", ["${CLAUDE_PLUGIN_DATA}"]],
    ['"${CLAUDE_PLUGIN_ROOT}" ${CLAUDE_PROJECT_DIR}', ["${CLAUDE_PROJECT_DIR}"]],
    ["echo 'it''s' ${CLAUDE_PLUGIN_ROOT}", ["${CLAUDE_PLUGIN_ROOT}"]],
    ['node "${CLAUDE_PLUGIN_ROOT}/x.js"', []],
    ["cat '${CLAUDE_PLUGIN_ROOT}/x'", []],
    ["echo \\${CLAUDE_PLUGIN_ROOT}", []],
    ["echo $CLAUDE_PLUGIN_ROOT_OLD ${CLAUDE_PLUGIN_ROOTS}", []],
    ['echo "it\'s" "${CLAUDE_PLUGIN_ROOT}"', []],
  ] as const)("%s", ([command, expected]) => {
    expect(unquotedPlaceholders(command).map((p) => p.name)).toEqual(expected);
  });
});
