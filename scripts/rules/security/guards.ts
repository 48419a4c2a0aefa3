import { isObject, type Data } from "./sources.ts";

/**
 * Claude Code 2.1.330 fails closed on permission guards: a PreToolUse or PermissionRequest hook
 * that cannot be loaded disables what it sits in (the whole plugin for hooks.json and
 * plugin.json; the skill's hooks and allowed-tools for a skill). These are ports of the CLI's
 * own detectors, so the rule flags what the CLI refuses and nothing else.
 */

export const HOOK_EVENTS: readonly string[] = [
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "PostToolBatch",
  "Notification",
  "UserPromptSubmit",
  "UserPromptExpansion",
  "SessionStart",
  "SessionEnd",
  "Stop",
  "StopFailure",
  "SubagentStart",
  "SubagentStop",
  "PreCompact",
  "PostCompact",
  "PreModelSwitch",
  "PostModelSwitch",
  "PermissionRequest",
  "PermissionDenied",
  "Setup",
  "TeammateIdle",
  "TaskCreated",
  "TaskCompleted",
  "Elicitation",
  "ElicitationResult",
  "ConfigChange",
  "WorktreeCreate",
  "WorktreeRemove",
  "InstructionsLoaded",
  "CwdChanged",
  "FileChanged",
  "DirectoryAdded",
  "MessageDisplay",
];
const EVENTS = new Set(HOOK_EVENTS);
const GUARD_EVENTS: ReadonlySet<string> = new Set(["PreToolUse", "PermissionRequest"]);

/** An object that carries a non-empty PreToolUse/PermissionRequest key. */
function hasGuardKey(value: unknown): boolean {
  if (!isObject(value)) return false;
  return Object.entries(value).some(
    ([key, v]) => GUARD_EVENTS.has(key) && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0),
  );
}

/** An object shaped like one matcher entry ({matcher?, hooks: [...]}). */
function looksLikeMatcher(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!("matcher" in value) && Object.keys(value).some((k) => EVENTS.has(k))) return false;
  const hooks = value.hooks;
  if (Array.isArray(hooks)) return hooks.length > 0;
  return isObject(hooks) && ("matcher" in value || typeof hooks.type === "string");
}

interface ScanOptions {
  matchersCount?: boolean;
  unscanned?: ReadonlySet<string>;
  inHooksList?: boolean;
}

/** True when a value holds guard hooks (or, with matchersCount, any matcher) within `depth` levels. */
export function holdsGuards(
  value: unknown,
  depth = 3,
  { matchersCount = true, unscanned = new Set(), inHooksList = false }: ScanOptions = {},
): boolean {
  if (hasGuardKey(value)) return true;
  if (matchersCount && looksLikeMatcher(value)) return true;
  if (depth === 0 || !value || typeof value !== "object") return false;
  if (Array.isArray(value))
    return value.some((item) => holdsGuards(item, depth - 1, { matchersCount, unscanned, inHooksList }));
  if (inHooksList && typeof (value as Data).type === "string") return false;
  return Object.entries(value as Data).some(
    ([key, v]) =>
      !unscanned.has(key) &&
      holdsGuards(v, depth - 1, {
        unscanned,
        matchersCount: matchersCount && !EVENTS.has(key),
        inHooksList: key === "hooks" && Array.isArray(v),
      }),
  );
}

/**
 * Keys of an object that hold guard hooks outside the `hooks` object (the CLI's top-level
 * check). `nested` is for the entries of plugin.json `experimental`, which the CLI scans one
 * level down and without exempting a `hooks` key.
 */
export function guardsOutsideHooks(value: unknown, unscanned: ReadonlySet<string>, nested = false): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value)
    .filter(([key, v]) => {
      if ((!nested && key === "hooks") || unscanned.has(key)) return false;
      if (GUARD_EVENTS.has(key) && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) return true;
      return holdsGuards(v, nested ? 2 : 3, { unscanned, matchersCount: !EVENTS.has(key) });
    })
    .map(([key]) => key);
}

const TYPES = new Set(["command", "prompt", "agent", "http", "mcp_tool"]);

function optional(handler: Data, key: string, test: (v: unknown) => boolean, expected: string): string | undefined {
  return key in handler && handler[key] !== undefined && !test(handler[key])
    ? `"${key}" must be ${expected}`
    : undefined;
}

function isUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Why Claude Code cannot load one handler, or undefined when it can (the checks of its zod schema). */
function handlerProblem(handler: unknown): string | undefined {
  if (!isObject(handler)) return "a hook entry must be an object";
  const type = handler.type;
  if (typeof type !== "string")
    return type === undefined ? 'a hook entry has no "type"' : 'a hook entry\'s "type" must be a string';
  if (!TYPES.has(type)) return `unknown hook type "${type}"`;
  const isString = (v: unknown) => typeof v === "string";
  const required: Record<string, string[]> = {
    command: ["command"],
    prompt: ["prompt"],
    agent: ["prompt"],
    http: ["url"],
    mcp_tool: ["server", "tool"],
  };
  for (const key of required[type] ?? [])
    if (typeof handler[key] !== "string") return `a ${type} hook needs a string "${key}"`;
  if (type === "http" && !isUrl(handler.url)) return `"url" of an http hook must be a valid URL`;
  return (
    optional(handler, "timeout", (v) => typeof v === "number" && v > 0, "a number above 0") ??
    optional(handler, "if", isString, "a string") ??
    optional(handler, "statusMessage", isString, "a string") ??
    optional(handler, "model", isString, "a string") ??
    optional(handler, "once", (v) => typeof v === "boolean", "true or false") ??
    optional(handler, "async", (v) => typeof v === "boolean", "true or false") ??
    optional(handler, "args", (v) => Array.isArray(v) && v.every(isString), "a list of strings") ??
    optional(handler, "shell", (v) => v === "bash" || v === "powershell", '"bash" or "powershell"')
  );
}

export interface GuardProblem {
  path: (string | number)[];
  message: string;
  /** Set when the problem is the key itself (guard hooks under a key that cannot hold them). */
  part?: "key";
}

/**
 * The unloadable guard entries of an event map, as the CLI's loader finds them: a guard event
 * that is not a list, a matcher entry that is not an object or has no hook list, an invalid
 * handler, a matcher that is not a string; and, on any event, an entry that holds guard hooks
 * where a matcher was expected. `withHandlers` is false where a schema rule already reports
 * the handler problems.
 */
export function unloadableGuards(map: Data, withHandlers: boolean): GuardProblem[] {
  const problems: GuardProblem[] = [];
  for (const [event, entries] of Object.entries(map)) {
    const guard = GUARD_EVENTS.has(event);
    if (!EVENTS.has(event)) {
      if (withHandlers && holdsGuards(entries, 3, { matchersCount: !Array.isArray(entries) }))
        problems.push({
          path: [event],
          part: "key",
          message: `"${event}" is not a hook event, but it holds PreToolUse/PermissionRequest hooks`,
        });
      continue;
    }
    if (!Array.isArray(entries)) {
      if (withHandlers && ((guard && entries !== null) || holdsGuards(entries, 3, { matchersCount: false })))
        problems.push({ path: [event], message: `"${event}" must be a list of matcher entries` });
      continue;
    }
    entries.forEach((entry, index) => {
      if (holdsGuards(entry, 3, { matchersCount: false })) {
        // The CLI refuses the whole entry; point at the key that carries the guard hooks.
        const key = isObject(entry)
          ? Object.keys(entry).find((k) => holdsGuards({ [k]: entry[k] }, 3, { matchersCount: false }))
          : undefined;
        // A "hooks" that is not a list is already a schema error in hooks files and plugin.json.
        if (key === "hooks" && !withHandlers && !Array.isArray((entry as Data).hooks)) return;
        problems.push({
          ...(key === undefined ? { path: [event, index] } : { path: [event, index, key], part: "key" as const }),
          message: `a matcher entry of "${event}" holds PreToolUse/PermissionRequest hooks where hook handlers were expected`,
        });
        return;
      }
      if (!guard || !withHandlers) return;
      if (!isObject(entry))
        return void problems.push({ path: [event, index], message: `a ${event} matcher entry must be an object` });
      if (!Array.isArray(entry.hooks))
        return void problems.push({
          path: [event, index, "hooks"],
          message: `a ${event} matcher entry needs a "hooks" list`,
        });
      if ("matcher" in entry && entry.matcher !== undefined && typeof entry.matcher !== "string")
        problems.push({ path: [event, index, "matcher"], message: `the ${event} "matcher" must be a string` });
      entry.hooks.forEach((handler, h) => {
        const problem = handlerProblem(handler);
        if (problem) problems.push({ path: [event, index, "hooks", h], message: `${event} hook: ${problem}` });
      });
    });
  }
  return problems;
}
