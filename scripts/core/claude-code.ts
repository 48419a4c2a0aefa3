/**
 * What Claude Code does with plugin files, as measured on one version. Rules that claim a
 * runtime behaviour take it from here, so a new release is checked in one place. Each fact says
 * how it was measured: "source" (read in the CLI's bundled JavaScript), or "loaded" (a plugin
 * loaded offline with `claude --plugin-dir <dir> -p --input-format stream-json`, whose
 * initialize response lists the agents and commands it registered, with their descriptions).
 */

export const MEASURED_ON = "2.1.330";

export interface Fact<T> {
  value: T;
  version: string;
  how: string;
}

function fact<T>(value: T, how: string): Fact<T> {
  return { value, version: MEASURED_ON, how };
}

/**
 * Every frontmatter key the CLI knows, for agents, skills, commands and output styles together
 * (the list it checks keys against). Any other key is ignored at load time.
 */
export const FRONTMATTER_KEYS = fact(
  new Set([
    "name", "description", "model", "allowed-tools", "argument-hint", "arguments", "disable-model-invocation",
    "user-invocable", "effort", "shell", "version", "when_to_use", "paths", "hooks", "context", "agent", "created_by",
    "improved_by", "mcpServers", "lspServers", "agents", "outputStyles", "themes", "workflows", "channels", "monitors",
    "settings", "experimental", "commands", "skills", "dependencies", "userConfig", "metadata", "engines", "network",
    "displayName", "defaultEnabled", "fallback", "evals", "author", "homepage", "repository", "license", "keywords",
    "compatibility", "tools", "disallowedTools", "color", "permissionMode", "maxTurns", "autoCompactWindow",
    "initialPrompt", "memory", "background", "omitClaudeMd", "isolation", "observer", "observerMessage",
    "observeSubagents", "observeToolResults", "keep-coding-instructions", "force-for-plugin", "type", "originSessionId",
    "hide-from-slash-command-tool",
  ]),
  "source: the frontmatter key list next to the YAML loader",
); // prettier-ignore

/**
 * Keys people put in skill and command frontmatter to keep records (dates, owners, status).
 * Claude Code ignores them; they are worth a note, never a failing finding.
 */
export const BOOKKEEPING_KEYS = new Set([
  "created", "modified", "updated", "reviewed", "last-reviewed", "last_reviewed", "lastReviewed", "date", "status",
  "owner", "owners", "maintainer", "maintainers", "tags", "category", "categories", "stability", "deprecated",
  "source", "sources", "references", "related", "id", "uuid", "priority", "level", "audience", "changelog",
]); // prettier-ignore

/** Fields a command-type hook handler may have, by handler type (the CLI's zod schemas). */
export const HOOK_HANDLER_FIELDS = fact(
  {
    command: [
      "type", "command", "args", "if", "shell", "timeout", "onFailure", "statusMessage", "once", "async",
      "asyncRewake", "holdsTools", "rewakeMessage", "rewakeSummary", "cloud",
    ],
    prompt: ["type", "prompt", "if", "timeout", "model", "continueOnBlock", "statusMessage", "once"],
    agent: ["type", "prompt", "if", "timeout", "model", "statusMessage", "once"],
    http: ["type", "url", "if", "timeout", "onFailure", "headers", "allowedEnvVars", "statusMessage", "once"],
    mcp_tool: ["type", "server", "tool", "input", "if", "timeout", "onFailure", "statusMessage", "once"],
  },
  "source: the hook handler schemas",
); // prettier-ignore

/**
 * The frontmatter retry: when the YAML does not parse, each `key: value` line (key of letters,
 * `_` and `-`, no CR at the end) whose value holds an indicator is quoted, unless it is quoted
 * already or is a valid flow list; leading tabs become spaces; then it is parsed once more.
 * When that fails too, every field is dropped (an agent becomes "Agent from <plugin> plugin").
 */
export const LENIENT_RETRY = fact(
  { indicators: /[{}[\]*&#!|>%@`]|: /, keyLine: /^([A-Z_a-z-]+):\s+(\S.*)$/ },
  'source: the frontmatter parser; loaded: a CRLF agent with `description: a: b` falls back to the generic description, `tools: ["Read", "Grep"]` loads',
);

/** Duplicate frontmatter keys: the last value wins. */
export const DUPLICATE_KEY_LAST_WINS = fact(true, "loaded: `description` twice, the second is listed");

/** A README.md (any .md file) in agents/ or commands/ is registered as an agent or command. */
export const MARKDOWN_IN_COMPONENT_FOLDERS_LOADS = fact(true, "loaded: agents/README.md is listed as <plugin>:README");

/**
 * An MCP server whose `url` is empty is kept and shown as "Not configured" (the user is asked to
 * configure it), not refused: a placeholder, not an error.
 */
export const MCP_EMPTY_URL_IS_PLACEHOLDER = fact(true, 'source: the MCP status text "Not configured (no URL set …)"');
