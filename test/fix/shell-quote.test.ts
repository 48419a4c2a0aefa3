import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeholderSpans, quoteSpans } from "../../scripts/fix/shell-quote.ts";
import { unquotedPlaceholders } from "../../scripts/rules/security/shell.ts";
import { tempDir } from "../helpers/repo.ts";

const fixed = (command: string) => quoteSpans(command, placeholderSpans(command));

/** The words bash makes of a simple command, with the three placeholders set to `roots`. */
function words(command: string, roots: Record<string, string>, cwd: string): string[] {
  const result = spawnSync("bash", ["--noprofile", "--norc", "-c", `set -- ${command}; printf '%s\\0' "$@"`], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...roots },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.split("\0").slice(0, -1);
}

function roots(base: string, separator: string): Record<string, string> {
  const env = {
    CLAUDE_PLUGIN_ROOT: path.join(base, `plugin${separator}root`),
    CLAUDE_PLUGIN_DATA: path.join(base, `plugin${separator}data`),
    CLAUDE_PROJECT_DIR: path.join(base, `project${separator}dir`),
  };
  for (const dir of Object.values(env)) {
    fs.mkdirSync(path.join(dir, "scripts"), { recursive: true });
    for (const file of ["a.md", "b.md"]) fs.writeFileSync(path.join(dir, file), "");
  }
  return env;
}

describe("quoting the path placeholders of a hook command", () => {
  it.each([
    ["node ${CLAUDE_PLUGIN_ROOT}/scripts/format.js", 'node "${CLAUDE_PLUGIN_ROOT}/scripts/format.js"'],
    ["$CLAUDE_PROJECT_DIR/scripts/lint.sh --fix", '"$CLAUDE_PROJECT_DIR/scripts/lint.sh" --fix'],
    ["cat ${CLAUDE_PLUGIN_ROOT}/*.md", 'cat "${CLAUDE_PLUGIN_ROOT}/"*.md'],
    ["ls ${CLAUDE_PLUGIN_DATA}/{a,b}.md", 'ls "${CLAUDE_PLUGIN_DATA}/"{a,b}.md'],
    ["tool --root=${CLAUDE_PLUGIN_ROOT}/x ~/y", 'tool --root="${CLAUDE_PLUGIN_ROOT}/x" ~/y'],
    [
      "x=$(cat ${CLAUDE_PLUGIN_DATA}/v); echo `ls $CLAUDE_PROJECT_DIR`",
      'x=$(cat "${CLAUDE_PLUGIN_DATA}/v"); echo `ls "$CLAUDE_PROJECT_DIR"`',
    ],
    ["${CLAUDE_PLUGIN_ROOT}${CLAUDE_PLUGIN_DATA}", '"${CLAUDE_PLUGIN_ROOT}""${CLAUDE_PLUGIN_DATA}"'],
  ])("%s", (command, expected) => {
    expect(fixed(command)).toBe(expected);
    expect(unquotedPlaceholders(fixed(command))).toEqual([]);
  });

  it("leaves quoted, escaped and look-alike variables as they are", () => {
    for (const command of [
      "echo \"${CLAUDE_PLUGIN_ROOT}/x\" '${CLAUDE_PLUGIN_DATA}' \\${CLAUDE_PROJECT_DIR}",
      "echo $CLAUDE_PLUGIN_ROOT_OLD ${CLAUDE_PLUGIN_ROOTS} $CLAUDE_PROJECT_DIRECTORY",
      "echo done",
    ])
      expect(placeholderSpans(command)).toEqual([]);
  });

  it("leaves nothing for hook-quoting to report, whatever the command", () => {
    const token = fc.constantFrom(
      "${CLAUDE_PLUGIN_ROOT}",
      "$CLAUDE_PLUGIN_DATA",
      "${CLAUDE_PROJECT_DIR}",
      "/scripts/x.sh",
      " ",
      '"',
      "'",
      "\\",
      "*",
      "{a,b}",
      "$(",
      ")",
      "`",
      "&&",
      ";",
      "=",
      "~",
      "word",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (parts) => {
        const command = parts.join("");
        expect(unquotedPlaceholders(fixed(command))).toEqual([]);
        // Only double quotes are added, never anything else.
        expect(fixed(command).replaceAll('"', "")).toBe(command.replaceAll('"', ""));
      }),
    );
  });

  it("makes bash keep a path with a space as one word, and changes nothing where the path has none", () => {
    const spaced = roots(tempDir("mars-quote-"), " ");
    const plain = roots(tempDir("mars-quote-"), "-");
    const cwd = tempDir("mars-quote-cwd-");
    const cases: [string, (env: Record<string, string>) => string[]][] = [
      ["node ${CLAUDE_PLUGIN_ROOT}/scripts/format.js", (e) => ["node", `${e.CLAUDE_PLUGIN_ROOT}/scripts/format.js`]],
      ["$CLAUDE_PROJECT_DIR/scripts/lint.sh --fix", (e) => [`${e.CLAUDE_PROJECT_DIR}/scripts/lint.sh`, "--fix"]],
      [
        "cat ${CLAUDE_PLUGIN_ROOT}/*.md",
        (e) => ["cat", `${e.CLAUDE_PLUGIN_ROOT}/a.md`, `${e.CLAUDE_PLUGIN_ROOT}/b.md`],
      ],
      [
        "ls ${CLAUDE_PLUGIN_DATA}/{a,b}.md",
        (e) => ["ls", `${e.CLAUDE_PLUGIN_DATA}/a.md`, `${e.CLAUDE_PLUGIN_DATA}/b.md`],
      ],
      ["tool --root=${CLAUDE_PLUGIN_ROOT}/x", (e) => ["tool", `--root=${e.CLAUDE_PLUGIN_ROOT}/x`]],
    ];
    for (const [command, expected] of cases) {
      expect(words(fixed(command), spaced, cwd), command).toEqual(expected(spaced));
      expect(words(command, spaced, cwd), command).not.toEqual(expected(spaced));
      expect(words(fixed(command), plain, cwd), command).toEqual(words(command, plain, cwd));
    }
  });
});
