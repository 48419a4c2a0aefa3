import type { JsonPath, Rule, SourceFile } from "../../core/types.ts";
import { frontmatter } from "../util.ts";
import { guardsOutsideHooks, HOOK_EVENTS, holdsGuards, unloadableGuards } from "./guards.ts";
import { eventMaps, handlersOf, isObject, type EventMap } from "./sources.ts";

const ALL_TYPES = ["command", "prompt", "agent", "http", "mcp_tool"];
/** Events that give prompt and agent hooks a conversation to work with [spec §8]. */
const CONVERSATION_EVENTS = new Set([
  "PermissionDenied",
  "PermissionRequest",
  "PostToolBatch",
  "PostToolUse",
  "PostToolUseFailure",
  "PreToolUse",
  "Stop",
  "SubagentStop",
  "TaskCompleted",
  "TaskCreated",
  "TeammateIdle",
  "UserPromptExpansion",
  "UserPromptSubmit",
]);

/** Handler types that run on an event; the CLI skips the others when the event fires. */
function allowedTypes(event: string): string[] {
  if (event === "SessionStart" || event === "Setup") return ["command", "mcp_tool"];
  // 2.1.330: "agent-type hooks are not supported for PermissionRequest events (an agent hook
  // answers ok or not ok, and cannot return the allow / deny decision a permission request needs)".
  if (event === "PermissionRequest") return ["command", "prompt", "http", "mcp_tool"];
  if (CONVERSATION_EVENTS.has(event)) return ALL_TYPES;
  return ["command", "http", "mcp_tool"];
}

/** Events whose matcher is tested (tool names, sources, file names); on the others it is ignored. */
const MATCHER_EVENTS = new Set([
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "PermissionRequest",
  "PermissionDenied",
  "UserPromptExpansion",
  "SessionStart",
  "SessionEnd",
  "Setup",
  "PreCompact",
  "PostCompact",
  "PreModelSwitch",
  "PostModelSwitch",
  "Notification",
  "SubagentStart",
  "SubagentStop",
  "Elicitation",
  "ElicitationResult",
  "ConfigChange",
  "InstructionsLoaded",
  "DirectoryAdded",
  "FileChanged",
  "StopFailure",
]);

function regexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
  }
}

const KNOWN_TYPES = new Set(ALL_TYPES);
const KNOWN_EVENTS = new Set(HOOK_EVENTS);
const FRONTMATTER_UNSCANNED = new Set(["metadata", "mcpServers", "lspServers"]);
const MANIFEST_UNSCANNED = new Set([...FRONTMATTER_UNSCANNED, "experimental"]);
const PLUGIN_OFF = "Claude Code 2.1.330 then does not load the plugin at all";
const SKILL_OFF = "the skill then loads without its hooks and without its allowed-tools";

function consequence(origin: EventMap["origin"]): string {
  return origin === "skill" ? SKILL_OFF : PLUGIN_OFF;
}

export const hookEventType: Rule = {
  id: "hook-event-type",
  severity: "error",
  description:
    "Hook handler types suit their event, matchers compile as regular expressions, and PreToolUse/PermissionRequest hooks can be loaded (in 2.1.330 an unloadable one disables the plugin).",
  consequence:
    "Claude Code skips a hook whose type does not run on its event; a matcher that is not a valid regular expression never matches, so the hook never fires; in 2.1.330 a PreToolUse or PermissionRequest hook that cannot load disables the whole plugin. A timeout is in seconds: 30000 waits more than eight hours.",
  check({ project, report }) {
    for (const source of eventMaps(project)) {
      for (const hook of handlersOf(source)) {
        const type = hook.handler.type;
        if (typeof type !== "string" || !KNOWN_TYPES.has(type)) continue;
        const allowed = allowedTypes(hook.event);
        if (KNOWN_EVENTS.has(hook.event) && !allowed.includes(type)) {
          report({
            file: hook.file,
            at: { path: [...hook.path, "type"] },
            message: `"${type}" hooks do not run on ${hook.event}; Claude Code skips this hook, expected one of ${allowed.map((t) => `"${t}"`).join(", ")}`,
            hint:
              hook.event === "PermissionRequest"
                ? "an agent hook answers ok or not ok and cannot return the allow/deny decision a permission request needs; use a command, prompt or http hook"
                : type === "prompt" || type === "agent"
                  ? `${hook.event} has no conversation for ${type === "agent" ? "an agent" : "a prompt"} hook to use; use a command hook`
                  : `${hook.event} runs only command and mcp_tool hooks`,
          });
        }
      }
      for (const hook of handlersOf(source)) {
        const timeout = hook.handler.timeout;
        // The field is seconds; a round thousand or more is almost always milliseconds.
        if (typeof timeout === "number" && timeout >= 1000 && timeout % 1000 === 0)
          report({
            file: hook.file,
            at: { path: [...hook.path, "timeout"] },
            severity: "warning",
            // One belief (the field is milliseconds) behind every such value in a file: one finding.
            group: `timeout-ms|${hook.file.path}`,
            message: `timeout ${timeout} is in seconds (${(timeout / 3600).toFixed(1)} hours); it looks like milliseconds`,
            hint: `write ${timeout / 1000} for ${timeout / 1000} seconds`,
          });
      }
      for (const [event, entries] of Object.entries(source.map)) {
        if (!MATCHER_EVENTS.has(event) || !Array.isArray(entries)) continue;
        entries.forEach((entry, index) => {
          // "" and "*" match everything; a name list (Edit|Write) is always a valid pattern too.
          if (!isObject(entry) || typeof entry.matcher !== "string" || entry.matcher === "" || entry.matcher === "*")
            return;
          const problem = regexError(entry.matcher);
          // "Write(docs/**)" is a permission rule: the hook's "if" field takes those, the matcher only tool names.
          const rule = /^([A-Z]\w*)\(.+\)$/.exec(entry.matcher);
          if (problem)
            report({
              file: source.file,
              at: { path: [...source.path, event, index, "matcher"] },
              // Permission rules written as matchers are one habit per file: one finding with its count.
              ...(rule ? { group: `permission-matcher|${source.file.path}` } : {}),
              message: `matcher "${entry.matcher}" of ${event} is not a valid regular expression (${problem}), so this entry never matches`,
              hint: rule
                ? `a matcher takes tool names; put the rule in the handler's "if" field: "matcher": "${rule[1]}" with "if": "${entry.matcher}"`
                : "list tool names separated by | (Edit|Write), or escape the regex characters",
            });
        });
      }
      for (const problem of unloadableGuards(source.map, source.origin === "skill")) {
        report({
          file: source.file,
          at: { path: [...source.path, ...problem.path], ...(problem.part ? { part: problem.part } : {}) },
          message: `${problem.message}; ${consequence(source.origin)}`,
        });
      }
    }
    for (const file of project.files) {
      if (!file.ok) continue;
      if (file.kind === "hooks") outsideHooks(file, file.json?.value, [], PLUGIN_OFF, new Set(), report);
      else if (file.kind === "plugin-manifest") {
        const value = file.json?.value;
        outsideHooks(file, value, [], PLUGIN_OFF, MANIFEST_UNSCANNED, report);
        if (isObject(value))
          outsideHooks(file, value.experimental, ["experimental"], PLUGIN_OFF, MANIFEST_UNSCANNED, report);
      } else if (file.kind === "skill")
        outsideHooks(file, frontmatter(file), [], SKILL_OFF, FRONTMATTER_UNSCANNED, report);
      else if (file.kind === "command") commandHooks(file, report);
    }
  },
};

type Report = Parameters<Rule["check"]>[0]["report"];

function outsideHooks(
  file: SourceFile,
  value: unknown,
  path: JsonPath,
  off: string,
  unscanned: ReadonlySet<string>,
  report: Report,
): void {
  const nested = path.length > 0;
  if (!isObject(value)) return;
  // A hooks file with neither "hooks" nor "modules" is already an error of hooks-schema.
  if (file.kind === "hooks" && path.length === 0 && !("hooks" in value) && !("modules" in value)) return;
  for (const key of guardsOutsideHooks(value, unscanned, nested)) {
    report({
      file,
      at: { path: [...path, key], part: "key" },
      message: `"${key}" holds PreToolUse/PermissionRequest hooks outside the "hooks" object; ${off}`,
      hint: 'move the entries into "hooks": {"PreToolUse": [...]}',
    });
  }
}

/** Command files ignore frontmatter hooks, but 2.1.330 refuses guard hooks there outright. */
function commandHooks(file: SourceFile, report: Report): void {
  const data = frontmatter(file);
  if (!data) return;
  outsideHooks(file, data, [], "the command then loads without its allowed-tools", FRONTMATTER_UNSCANNED, report);
  const hooks = data.hooks;
  if (hooks === undefined || hooks === null) return;
  const bad =
    typeof hooks !== "object" ||
    (Array.isArray(hooks) && hooks.some((h) => !h || typeof h !== "object")) ||
    holdsGuards(hooks);
  if (bad)
    report({
      file,
      at: { path: ["hooks"], part: "key" },
      message: `command frontmatter "hooks" ${typeof hooks !== "object" ? "is not a mapping" : "holds PreToolUse/PermissionRequest hooks"}; commands do not run frontmatter hooks, and Claude Code 2.1.330 then loads the command without its allowed-tools`,
      hint: "move the hooks to hooks/hooks.json, or turn the command into a skill (skills run frontmatter hooks)",
    });
}
