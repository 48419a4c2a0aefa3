import type { JsonPath, Project, SourceFile } from "../../core/types.ts";
import { frontmatter } from "../util.ts";

export type Data = Record<string, unknown>;

export function isObject(value: unknown): value is Data {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One event map (`{"PreToolUse": [...], ...}`) and where it sits in its file. */
export interface EventMap {
  file: SourceFile;
  map: Data;
  path: JsonPath;
  /** Where it came from: the hooks file, plugin.json `hooks`, or a skill's frontmatter. */
  origin: "hooks-file" | "manifest" | "skill";
}

export interface HookHandler {
  file: SourceFile;
  event: string;
  /** The matcher entry ({matcher, hooks}). */
  entry: Data;
  entryPath: JsonPath;
  handler: Data;
  path: JsonPath;
  origin: EventMap["origin"];
}

/**
 * Every hook event map of the project: `hooks` in each hooks file, plugin.json `hooks` (an
 * inline map or inline maps inside an array) and skill frontmatter `hooks` (honoured for skills
 * only; command files ignore theirs).
 */
export function eventMaps(project: Project): EventMap[] {
  const maps: EventMap[] = [];
  for (const file of project.files) {
    if (file.kind === "hooks" && file.ok && isObject(file.json?.value)) {
      const hooks = file.json.value.hooks;
      if (isObject(hooks)) maps.push({ file, map: hooks, path: ["hooks"], origin: "hooks-file" });
    } else if (file.kind === "plugin-manifest" && file.ok && isObject(file.json?.value)) {
      const hooks = file.json.value.hooks;
      if (isObject(hooks)) maps.push({ file, map: hooks, path: ["hooks"], origin: "manifest" });
      else if (Array.isArray(hooks))
        hooks.forEach(
          (item, index) => isObject(item) && maps.push({ file, map: item, path: ["hooks", index], origin: "manifest" }),
        );
    } else if (file.kind === "skill") {
      const hooks = frontmatter(file)?.hooks;
      if (isObject(hooks)) maps.push({ file, map: hooks, path: ["hooks"], origin: "skill" });
    }
  }
  return maps;
}

/** The handlers of one event map that are objects, with their paths. */
export function handlersOf(source: EventMap): HookHandler[] {
  const handlers: HookHandler[] = [];
  for (const [event, entries] of Object.entries(source.map)) {
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, entryIndex) => {
      if (!isObject(entry) || !Array.isArray(entry.hooks)) return;
      const entryPath = [...source.path, event, entryIndex];
      entry.hooks.forEach((handler, index) => {
        if (isObject(handler))
          handlers.push({
            file: source.file,
            event,
            entry,
            entryPath,
            handler,
            path: [...entryPath, "hooks", index],
            origin: source.origin,
          });
      });
    });
  }
  return handlers;
}

export function hookHandlers(project: Project): HookHandler[] {
  return eventMaps(project).flatMap(handlersOf);
}

export interface McpServer {
  file: SourceFile;
  name: string;
  server: Data;
  path: JsonPath;
}

/**
 * Every MCP server config: `.mcp.json` and the other MCP files plugin.json names (wrapped in
 * `mcpServers` or a bare name → config map), and inline plugin.json `mcpServers` (a map or maps
 * inside an array).
 */
export function mcpServers(project: Project): McpServer[] {
  const servers: McpServer[] = [];
  const addMap = (file: SourceFile, map: unknown, path: JsonPath) => {
    if (!isObject(map)) return;
    for (const [name, server] of Object.entries(map))
      if (isObject(server)) servers.push({ file, name, server, path: [...path, name] });
  };
  for (const file of project.files) {
    if (!file.ok || !isObject(file.json?.value)) continue;
    const value = file.json.value;
    if (file.kind === "mcp") {
      if ("mcpServers" in value) addMap(file, value.mcpServers, ["mcpServers"]);
      else addMap(file, value, []);
    } else if (file.kind === "plugin-manifest") {
      if (isObject(value.mcpServers)) addMap(file, value.mcpServers, ["mcpServers"]);
      else if (Array.isArray(value.mcpServers))
        value.mcpServers.forEach((item, index) => addMap(file, item, ["mcpServers", index]));
    }
  }
  return servers;
}

export function isRemote(server: Data): boolean {
  const type = server.type;
  if (typeof type === "string" && type !== "stdio") return true;
  return type === undefined && typeof server.url === "string" && typeof server.command !== "string";
}

export interface ShellInjection {
  file: SourceFile;
  /** The command text. */
  command: string;
  /** Offset of the command text in file.text. */
  offset: number;
}

// Claude Code's own patterns (2.1.330 bundle): a ```! block anywhere, and !`cmd` at line start
// or after whitespace. Neither looks at ordinary code fences, so a !`cmd` inside one runs too.
const BLOCK = /```!\s*((?:\S[\s\S]*?)?)\n?```/g;
const INLINE = /(?<=^|\s)!`([^`]+)`/gm;

/** The shell commands a command or skill body runs when it is invoked. */
export function shellInjections(file: SourceFile): ShellInjection[] {
  const md = file.markdown;
  if (!md || (file.kind !== "command" && file.kind !== "skill")) return [];
  const body = md.body;
  if (!body.includes("```!") && !body.includes("!`")) return [];
  const found: ShellInjection[] = [];
  let masked = body;
  for (const match of body.matchAll(BLOCK)) {
    const code = match[1] ?? "";
    const at = match.index + match[0].indexOf(code, 4);
    found.push({ file, command: code, offset: md.bodyOffset + at });
    masked = masked.slice(0, match.index) + " ".repeat(match[0].length) + masked.slice(match.index + match[0].length);
  }
  for (const match of masked.matchAll(INLINE)) {
    found.push({ file, command: match[1] ?? "", offset: md.bodyOffset + match.index + 2 });
  }
  return found;
}
