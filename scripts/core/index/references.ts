import { frontmatter, listField } from "../frontmatter.ts";
import type { Project, SourceFile } from "../types.ts";

/** Where a reference to a component was written. */
type RefSource =
  | "tools" // Agent(x) / Task(x) in a tool list
  | "agent-field" // skill/command `agent:` (the agent a forked skill runs in)
  | "subagent_type"
  | "at-agent" // @agent-x
  | "skills" // agent `skills:` entry
  | "skill-rule" // Skill(x) in a tool list
  | "slash" // /plugin:command
  | "mention" // plain qualified mention plugin:name in prose or inline code
  | "body-agent"; // Agent(x:y) written in prose

export interface Reference {
  file: SourceFile;
  source: RefSource;
  /** The name as written ("mars:fastapi-pro", "Explore", "conductor:setup" without the slash). */
  value: string;
  /** Offset of the value in file.text. */
  offset: number;
  /** The frontmatter key the value came from, for messages. */
  key?: string;
  /** True for a backticked `x:y` mention (only external-ref-declared uses these for unknown plugins). */
  backticked?: boolean;
  /** True when the words around it name a component kind (agent, skill, command) or a delegation verb. */
  context?: boolean;
  /** True when it stands in a code block (an Agent call example, or another framework's code). */
  inCode?: boolean;
}

/** Spans of code blocks (fences included), as sorted [start, end) offsets into file.text. */
export function fencedSpans(file: SourceFile): [number, number][] {
  return (file.markdown?.codeBlocks ?? []).map((block) => [block.fenceOffset, block.end] as [number, number]);
}

/** Raw text of a top-level frontmatter key (its line and every indented line after it). */
function frontmatterRegion(file: SourceFile, key: string): { start: number; text: string } | undefined {
  const fm = file.markdown?.frontmatter;
  if (!fm) return undefined;
  const keyAt = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ \\t]*:`, "m").exec(fm.raw);
  if (!keyAt) return undefined;
  const from = keyAt.index;
  const rest = fm.raw.slice(from + keyAt[0].length);
  const end = rest.search(/\n(?=[^\s#])/);
  const text = fm.raw.slice(from, end === -1 ? undefined : from + keyAt[0].length + end);
  return { start: fm.offset + from, text };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Offset of `needle` as a whole token inside a frontmatter key's region, searching after `after`. */
function locateToken(file: SourceFile, key: string, needle: string, after = 0): number | undefined {
  const region = frontmatterRegion(file, key);
  if (!region) return undefined;
  const re = new RegExp(`(?<![A-Za-z0-9_:-])${escapeRegExp(needle)}(?![A-Za-z0-9_:-])`, "g");
  for (const match of region.text.matchAll(re)) {
    const at = region.start + match.index;
    if (at >= after) return at;
  }
  return undefined;
}

const TOOL_KEYS = ["tools", "disallowedTools", "allowed-tools", "disallowed-tools"];
const COMPONENT = new Set(["agent", "skill", "command"]);
const CONTEXT_WORDS =
  /\b(?:sub-?agents?|agents?|skills?|(?:slash )?commands?|delegat\w*|invok\w*|spawn\w*|dispatch\w*|use|using|hand(?:s|ed)? off|route\w*)\b/i;
const QUOTED_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

function frontmatterRefs(file: SourceFile, refs: Reference[]): void {
  const fm = frontmatter(file);
  if (!fm || !COMPONENT.has(file.kind)) return;
  const frontmatterStart = file.markdown?.frontmatter?.offset ?? 0;
  for (const key of TOOL_KEYS) {
    const cursor = new Map<string, number>();
    for (const { item } of listField(fm[key])) {
      const match = /^(Agent|Task|Skill)\((.*)\)$/s.exec(item.trim());
      if (!match) continue;
      const tool = match[1]!;
      for (const raw of match[2]!.split(/[\s,]+/)) {
        let name = raw.trim().replace(/^["']|["']$/g, "");
        if (tool === "Skill") name = name.replace(/:?\*$/, ""); // no white space: split on it above
        if (!name || /[*?[\]{}<>$]/.test(name)) continue;
        const offset = locateToken(file, key, name, cursor.get(name) ?? 0) ?? frontmatterStart;
        cursor.set(name, offset + 1);
        refs.push({ file, source: tool === "Skill" ? "skill-rule" : "tools", value: name, offset, key });
      }
    }
  }
  if (file.kind === "agent") {
    const cursor = new Map<string, number>();
    for (const { item } of listField(fm.skills)) {
      const name = item.trim();
      if (!name || /[*?[\]{}<>$]/.test(name)) continue;
      const offset = locateToken(file, "skills", name, cursor.get(name) ?? 0) ?? frontmatterStart;
      cursor.set(name, offset + 1);
      refs.push({ file, source: "skills", value: name, offset, key: "skills" });
    }
  }
  if (
    (file.kind === "skill" || file.kind === "command") &&
    typeof fm.agent === "string" &&
    QUOTED_NAME.test(fm.agent.trim())
  ) {
    const name = fm.agent.trim();
    refs.push({
      file,
      source: "agent-field",
      value: name,
      offset: locateToken(file, "agent", name) ?? frontmatterStart,
      key: "agent",
    });
  }
}

const SUBAGENT_TYPE =
  /\bsubagent_type["'`]?[ \t]*([:=])[ \t]*(?:(["'`])([^"'`\r\n]*)\2|([A-Za-z0-9][A-Za-z0-9_.:-]*)(?=[ \t]*(?:[,})\]#]|\r?$)))/dgm;
const AT_AGENT = /(?<![\w@.-])@agent-([A-Za-z0-9][A-Za-z0-9_:.-]*[A-Za-z0-9_])/g;
// Starts with a literal "/" so the engine can skip ahead; the character before it is checked by hand.
const SLASH = /\/([A-Za-z0-9][A-Za-z0-9_.-]*)((?::[A-Za-z0-9][A-Za-z0-9_-]*)+)(?![\w/@]|\.\w)/g;
/** What may stand before a slash command: nothing, white space, an opening bracket, quote or emphasis. */
const SLASH_BEFORE = /[\s(`"'[*>|]/;
const BODY_AGENT = /\b(?:Agent|Task)\(([^()\r\n]*)\)/g;
const BACKTICKED = /`([a-z0-9]+(?:-[a-z0-9]+)*(?::[a-z0-9]+(?:-[a-z0-9]+)*)+)`/g;

/** The words right around a mention (same line, about five words each side). */
function around(text: string, index: number, length: number): string {
  const start = Math.max(text.lastIndexOf("\n", index) + 1, index - 40);
  const lineEnd = text.indexOf("\n", index + length);
  const end = Math.min(lineEnd === -1 ? text.length : lineEnd, index + length + 30);
  return text.slice(start, index) + " " + text.slice(index + length, end);
}

/**
 * True when the words at `index` open an HTML comment marker ("<!-- plugin:section:start -->"):
 * a generated region's name, which shares the plugin's prefix but names no component.
 */
function inCommentMarker(text: string, index: number): boolean {
  return text
    .slice(Math.max(0, index - 8), index)
    .trimEnd()
    .endsWith("<!--");
}

/** `<plugin>:<name>` mentions of project plugins in prose, inline code and the description. */
interface MentionScan {
  pattern: RegExp;
  plugins: ReadonlySet<string>;
}

function mentionRegex(project: Project): MentionScan | undefined {
  // A bare agents/, skills/ or commands/ folder gets the stand-in name "plugin", which nobody writes as a prefix.
  if (project.componentFolder) return undefined;
  const plugins = new Set(project.plugins.map((p) => p.name).filter((n) => n.length > 0));
  if (plugins.size === 0) return undefined;
  // Any name-shaped token is matched and then looked up: an alternation of a marketplace's
  // thousand plugin names would be tried at every character.
  // Not after a path, URL, @, another colon or a slash (slash mentions belong to command-ref-exists);
  // not before "/", "@", ".x" or ":digit" (URLs, emails, file names, ports).
  return {
    plugins,
    // Sticky: it is tried only where `mentionsIn` says a mention can start.
    pattern:
      /(?<![A-Za-z0-9_./@:\\$-])([A-Za-z0-9][A-Za-z0-9_.-]*)((?::[A-Za-z][A-Za-z0-9_-]*)+)(?![A-Za-z0-9_/@]|\.[A-Za-z0-9]|:[A-Za-z0-9])/y,
  };
}

/** True when a text offset lies in a fenced code block (binary search over the sorted spans). */
function inCode(spans: [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = spans[mid]!;
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A character of a mention's plugin name (and of what may not stand right before one). */
function isNameChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f /* _ */ ||
    code === 0x2e /* . */ ||
    code === 0x2d /* - */
  );
}

/**
 * The matches `matchAll` would give, found without trying the pattern at every character. A
 * match's name runs up to its first colon in name characters only, and the character before it
 * may not be one, so a match can start only where the run of name characters before some colon
 * starts: the sticky pattern is tried there alone (a scan of every character cost 50 ms on a
 * 91-plugin marketplace).
 */
function* mentionsIn(text: string, pattern: RegExp): Generator<RegExpExecArray> {
  let end = 0;
  for (let colon = text.indexOf(":"); colon !== -1; colon = text.indexOf(":", colon + 1)) {
    let start = colon;
    while (start > end && isNameChar(text.charCodeAt(start - 1))) start--;
    if (start === colon || (start === end && end > 0 && isNameChar(text.charCodeAt(end - 1)))) continue;
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (!match) continue;
    yield match;
    end = match.index + match[0].length;
    colon = Math.max(colon, end - 1);
  }
}

/**
 * Plain `plugin:name` words are references where the words around them talk about agents,
 * skills or commands (or tell the reader to use one); elsewhere (`design:content:read` is an
 * OAuth scope) only a near miss of a real id counts. Descriptions are read whole.
 */
function scanMentions(
  file: SourceFile,
  text: string,
  base: number,
  mention: MentionScan | undefined,
  refs: Reference[],
  spans: [number, number][] = [],
  everywhere = false,
): void {
  if (!mention || !text.includes(":")) return;
  for (const match of mentionsIn(text, mention.pattern)) {
    if (!mention.plugins.has(match[1]!) || inCode(spans, base + match.index) || inCommentMarker(text, match.index))
      continue;
    const context = everywhere || CONTEXT_WORDS.test(around(text, match.index, match[0].length));
    const value = `${match[1]}${match[2]}`.replace(/(?<!-)-+$/, "");
    refs.push({ file, source: "mention", value, offset: base + match.index, context });
  }
}

/** True when the line holding `index` is a comment before it: # (Python, shell, YAML), // or -- (SQL, Lua). */
function commentedOut(text: string, index: number): boolean {
  const lead = text.slice(text.lastIndexOf("\n", index - 1) + 1, index).trimStart();
  return lead.startsWith("#") || lead.startsWith("//") || lead.startsWith("--");
}

function bodyRefs(
  project: Project,
  file: SourceFile,
  mention: MentionScan | undefined,
  refs: Reference[],
  spans: [number, number][],
): void {
  const markdown = file.markdown;
  if (!markdown) return;
  const body = markdown.body;
  const base = markdown.bodyOffset;
  // subagent_type is read everywhere, code blocks included: that is where Agent-tool calls are written.
  for (const match of body.matchAll(SUBAGENT_TYPE)) {
    // The quoted value is matched with its blanks and trimmed here: blanks on both sides of a
    // lazy match made the pattern backtrack quadratically on an unclosed quote.
    const padded = match[3];
    // "`subagent_type=` and `name=`": the backtick after = closes an inline code span; what follows
    // up to the next backtick is prose, not a quoted value.
    if (match[2] === "`" && padded !== undefined && /^[ \t]/.test(padded)) continue;
    const lead = padded === undefined ? 0 : padded.length - padded.replace(/^[ \t]+/, "").length;
    const quoted = padded?.slice(lead).replace(/(?<![ \t])[ \t]+$/, "");
    const bare = match[4];
    // `subagent_type=name` unquoted is a variable in code, not a name; an unquoted value counts
    // only when it ends the line (YAML) or a flow item, not as the first word of a sentence.
    if (quoted === undefined && match[1] === "=") continue;
    const value = (quoted ?? bare ?? "").replace(/(?<![.:])[.:]+$/, "");
    if (!QUOTED_NAME.test(value)) continue;
    const at = (match.indices?.[quoted !== undefined ? 3 : 4]?.[0] ?? match.index) + lead;
    const inBlock = inCode(spans, base + at);
    // In code, a comment line ("# NOTE: subagent_type=\"x\" has a bug") talks about a call; it makes none.
    if (inBlock && commentedOut(body, match.index)) continue;
    refs.push({
      file,
      source: "subagent_type",
      value,
      offset: base + at,
      inCode: inBlock,
    });
  }
  const code = (index: number): boolean => inCode(spans, base + index);
  // Slash commands of the project's plugins are read in code blocks too: a block showing
  // `/plugin:command` tells the user to type it. Other prefixes only count outside code blocks.
  for (const match of body.matchAll(SLASH)) {
    const before = body[match.index - 1];
    if (before !== undefined && !SLASH_BEFORE.test(before)) continue;
    const value = `${match[1]}${match[2]}`.replace(/(?<!-)-+$/, "");
    const plugin = match[1]!;
    if (code(match.index) && !project.plugins.some((p) => p.name === plugin)) continue;
    refs.push({ file, source: "slash", value, offset: base + match.index + 1, context: true });
  }
  for (const match of body.matchAll(AT_AGENT)) {
    if (code(match.index)) continue;
    refs.push({
      file,
      source: "at-agent",
      value: match[1]!.replace(/(?<![.:])[.:]+$/, ""),
      offset: base + match.index + "@agent-".length,
    });
  }
  for (const match of body.matchAll(BODY_AGENT)) {
    if (code(match.index)) continue;
    let at = match.index + match[0].indexOf("(") + 1;
    for (const part of match[1]!.split(",")) {
      const name = part.trim().replace(/^["']|["']$/g, "");
      const lead = part.length - part.trimStart().length;
      if (name.includes(":") && QUOTED_NAME.test(name))
        refs.push({
          file,
          source: "body-agent",
          value: name,
          offset: base + at + lead + (part.trim().startsWith('"') || part.trim().startsWith("'") ? 1 : 0),
        });
      at += part.length + 1;
    }
  }
  for (const match of body.matchAll(BACKTICKED)) {
    if (body[match.index - 1] === "`" || code(match.index)) continue;
    refs.push({
      file,
      source: "mention",
      value: match[1]!,
      offset: base + match.index + 1,
      backticked: true,
      context: CONTEXT_WORDS.test(around(body, match.index, match[0].length)),
    });
  }
  scanMentions(file, body, base, mention, refs, spans);
}

/**
 * Every reference in every Markdown file of the project. Who owns what, so nothing is reported twice:
 * - agent-ref-exists: `Agent(...)`/`Task(...)` tool entries, a skill's `agent:` field,
 *   `subagent_type` values, `@agent-` mentions, and every other fully qualified
 *   `<project plugin>:<name>` mention in prose (any component kind may be named there);
 * - skill-ref-exists: agent `skills:` entries and `Skill(...)` tool entries;
 * - command-ref-exists: `/<project plugin>:<name>` slash mentions;
 * - external-ref-declared: any of the above whose plugin is not in the project.
 */
export function scanReferences(project: Project, spansOf: (file: SourceFile) => [number, number][]): Reference[] {
  const refs: Reference[] = [];
  const mention = mentionRegex(project);
  for (const file of project.files) {
    if (!file.markdown) continue;
    try {
      frontmatterRefs(file, refs);
      bodyRefs(project, file, mention, refs, spansOf(file));
      if (COMPONENT.has(file.kind)) {
        for (const key of ["description", "when_to_use", "when-to-use"]) {
          const region = frontmatterRegion(file, key);
          if (region) scanMentions(file, region.text, region.start, mention, refs, [], true);
        }
      }
    } catch {
      // A pathological file must not stop the other files from being scanned.
    }
  }
  // A backticked mention of a project plugin is also a plain mention: keep one.
  const seen = new Set<string>();
  const unique = refs.filter((r) => {
    const key = `${r.file.path}|${r.offset}|${r.source}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique;
}
