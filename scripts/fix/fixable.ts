/**
 * The rules whose findings can carry a fix, and what `--fix` does for each. The rule pages and
 * the library's rule list read this; a test holds it equal to the rules that produce fixes.
 */
const RENAME_FIELD =
  'renames an unknown field (or a key the schema does not allow, such as an event name in the wrong case) to the one it nearly spells, when the hint says "did you mean" and that key is not set already';

export const FIXABLE: Readonly<Record<string, string>> = {
  "agent-ref-exists":
    "qualifies a bare agent name with its plugin (`reviewer` becomes `my-plugin:reviewer`) when the referring file's own plugin has that agent, or only one plugin does",
  "skill-ref-exists":
    "qualifies a bare skill name that matches several skills with the referring file's own plugin, when that plugin has the skill",
  "hook-quoting":
    "puts each unquoted `${CLAUDE_PLUGIN_ROOT}`, `${CLAUDE_PLUGIN_DATA}` or `${CLAUDE_PROJECT_DIR}`, with the plain rest of its word, in double quotes (a one-line YAML plain scalar becomes single-quoted so the quotes stay in the command); globs, braces and `~` end the quoted part, so no expansion changes",
  "json-syntax": "removes the UTF-8 byte order mark",
  "mcp-server-path":
    'roots a plugin file an MCP server runs by a relative path in the plugin folder ("server/index.js" becomes "${CLAUDE_PLUGIN_ROOT}/server/index.js")',
  "skill-layout":
    "renames a `skill.md` spelt in another letter case to `SKILL.md` when it is the only spelling in its folder",
  "marketplace-source":
    'adds the missing "./" to a relative source ("plugins/x" becomes "./plugins/x") when that folder exists',
  "plugin-manifest-schema": `${RENAME_FIELD}; adds the missing "./" to a component path when that is all the value lacks`,
  "marketplace-schema": RENAME_FIELD,
  "agent-frontmatter-schema": RENAME_FIELD,
  "skill-frontmatter-schema": RENAME_FIELD,
  "command-frontmatter-schema": RENAME_FIELD,
  "hooks-schema": RENAME_FIELD,
  "mcp-schema": RENAME_FIELD,
  "lsp-schema": RENAME_FIELD,
  "eval-case-schema": RENAME_FIELD,
  "eval-prompt-schema": RENAME_FIELD,
  "eval-grader-schema": RENAME_FIELD,
};
