import type { SchemaProblem } from "../../core/schema.ts";
import { schemaRule, valueAt, type Restated } from "./schema-rule.ts";

/** A handler's own fields, written where Claude Code expects a matcher group. */
const HANDLER_FIELDS = new Set(["type", "command", "prompt", "url", "timeout", "args", "async"]);

function isFlatHandler(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value) || Object.hasOwn(value, "hooks"))
    return false;
  return Object.hasOwn(value, "type") || Object.hasOwn(value, "command");
}

/**
 * `"PreToolUse": [{"type": "command", "command": "x"}]`: handlers written straight into the
 * event's list, without the matcher group's "hooks" array. The schema sees a group missing
 * "hooks" and two unknown keys per entry; the cause is one, and it is said once per file.
 */
function restateFlatHandler(data: unknown, problem: SchemaProblem): Restated | "skip" | undefined {
  const { path } = problem;
  if (path[0] !== "hooks" || typeof path[2] !== "number") return undefined;
  const group = valueAt(data, path.slice(0, 3));
  if (!isFlatHandler(group)) return undefined;
  if (path.length === 4 && problem.part === "key" && HANDLER_FIELDS.has(String(path[3]))) return "skip";
  if (path.length !== 3) return undefined;
  return {
    message: `hook handler written straight into the "${String(path[1])}" list, without a "hooks" array around it; Claude Code ignores the entry`,
    hint: 'wrap each handler in a matcher group: {"matcher": "…", "hooks": [{"type": "command", "command": "…"}]} (the matcher is optional for events that take none)',
    group: "flat-handler",
  };
}

/**
 * `"hooks": [...]` or `"hooks": "x"`: not an object keyed by event. Claude Code 2.1.330 then fails
 * to load the plugin itself (`plugin details` does not find it), so every component is lost.
 */
function restateHooksType(data: unknown, problem: SchemaProblem): Restated | undefined {
  if (problem.path.length !== 1 || problem.path[0] !== "hooks" || problem.part === "key") return undefined;
  const value = valueAt(data, ["hooks"]);
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return undefined;
  const found = Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`;
  return {
    message: `"hooks" must be an object keyed by event name ("PreToolUse": [...]), found ${found}: Claude Code fails to load the whole plugin, not only its hooks`,
    hint: 'write {"hooks": {"PostToolUse": [{"matcher": "…", "hooks": [{"type": "command", "command": "…"}]}]}}',
    group: "hooks-type",
  };
}

function restate(data: unknown, problem: SchemaProblem): Restated | "skip" | undefined {
  return restateHooksType(data, problem) ?? restateFlatHandler(data, problem);
}

export const hooksSchema = schemaRule({
  id: "hooks-schema",
  description:
    'hooks.json has the {"hooks": {...}} wrapper, known event names, and handlers with the fields their type needs.',
  consequence:
    'A hooks file without the {"hooks": {...}} wrapper, with an unknown event or a handler missing its required field fails to load, and the plugin runs without those hooks (a broken PreToolUse or PermissionRequest hook disables the whole plugin in 2.1.330).',
  schema: "hooks",
  kinds: ["hooks"],
  restate,
});
