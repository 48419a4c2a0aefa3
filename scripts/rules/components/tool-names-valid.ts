import { closest } from "../../core/text.ts";
import type { ReportInput, Rule, Severity, SourceFile } from "../../core/types.ts";
import { frontmatter, listField } from "../util.ts";
import { entryOffsets } from "./helpers.ts";
import { own } from "../../core/own.ts";
import { BUILTIN_TOOLS, LEGACY_TOOLS } from "../../core/tool-names.ts";

/** Tools 2.1.330 knows as removed: entries naming them are skipped with a debug log. */
const REMOVED_TOOLS: Readonly<Record<string, string>> = {
  TaskOutput: "read a background task's output file with the Read tool instead",
  BashOutput: "read a background task's output file with the Read tool instead",
  BashOutputTool: "read a background task's output file with the Read tool instead",
  AgentOutput: "read a background task's output file with the Read tool instead",
  AgentOutputTool: "read a background task's output file with the Read tool instead",
  TeamCreate: "remove the entry",
  TeamDelete: "remove the entry",
  Frame: "remove the entry",
  FrameRead: "remove the entry",
  SuggestBackgroundPR: "remove the entry",
  AutofixPr: "remove the entry",
};

/** Names people write that never were tools, with what to use instead. */
const NOT_TOOLS: Readonly<Record<string, string>> = {
  MultiEdit: 'use "Edit"',
  LS: 'use "Glob" (or "Bash(ls *)")',
  NotebookRead: '"Read" reads notebooks; use it',
  TodoRead: 'use "TodoWrite"',
  SlashCommand: 'use "Skill"',
};

const FILE_PATTERN_TOOLS = new Set(["Read", "Write", "Edit", "Glob", "NotebookEdit"]);
const MCP_PART = /^[A-Za-z0-9_-]+$/;
const MCP_TOOL_PART = /^[A-Za-z0-9_*-]+$/;

type FieldRole = "agent-tools" | "allow" | "deny";

const FIELDS: Readonly<Record<string, readonly [string, FieldRole][]>> = {
  agent: [
    ["tools", "agent-tools"],
    ["disallowedTools", "deny"],
  ],
  skill: [
    ["allowed-tools", "allow"],
    ["disallowed-tools", "deny"],
    ["disallowedTools", "deny"],
  ],
  command: [
    ["allowed-tools", "allow"],
    ["disallowed-tools", "deny"],
    ["disallowedTools", "deny"],
  ],
};

interface Problem {
  message: string;
  hint?: string;
  severity: Severity;
  /** Entries of one file that share this cause make one finding (by default: the same message anywhere). */
  perFile?: string;
}

/** Splits `Tool(content)` as Claude Code does: first "(" and a ")" that ends the entry; undefined content for a bare name. */
function parseEntry(entry: string): { name: string; content: string | undefined } | "malformed" {
  const open = entry.indexOf("(");
  const close = entry.lastIndexOf(")");
  if (open === -1 && close === -1) return { name: entry, content: undefined };
  if (open === -1 || close !== entry.length - 1 || close < open) return "malformed";
  return { name: entry.slice(0, open), content: entry.slice(open + 1, close) };
}

/**
 * Whether `name` matches a pattern whose only wildcard is "*". Greedy with one resume point, so
 * it takes at most pattern × name steps; a regular expression of ".*" runs is exponential.
 */
export function globMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === name[n]) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = n;
    } else if (star !== -1) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function unescapedStar(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text[i] === "*" && text[i - 1] !== "\\") return true;
  return false;
}

function checkMcp(entry: string, name: string, content: string | undefined, role: FieldRole): Problem | undefined {
  if (content !== undefined)
    return {
      severity: "error",
      message: `MCP tool "${name}" cannot take a pattern in parentheses`,
      hint: `write "${name}" alone, or "mcp__<server>__*" for every tool of a server`,
    };
  const rest = name.slice("mcp__".length);
  const split = rest.indexOf("__");
  const server = split === -1 ? rest : rest.slice(0, split);
  const tool = split === -1 ? undefined : rest.slice(split + 2);
  const wildServer = server.includes("*");
  if (server === "" || (!wildServer && !MCP_PART.test(server)) || (wildServer && !/^[A-Za-z0-9_*-]+$/.test(server))) {
    return {
      severity: "error",
      message: `"${entry}" is not a valid MCP tool name: server names use only letters, digits, "_" and "-"`,
      hint: "write mcp__<server> or mcp__<server>__<tool>, with the server name as Claude Code normalises it",
    };
  }
  if (tool !== undefined && (tool === "" || !MCP_TOOL_PART.test(tool))) {
    return {
      severity: "error",
      message: `"${entry}" is not a valid MCP tool name: the tool part is empty or holds characters outside letters, digits, "_", "-" and "*"`,
      hint: "write mcp__<server>__<tool> or mcp__<server>__*",
    };
  }
  if (wildServer && role !== "deny") {
    return {
      severity: "error",
      message: `"${entry}" puts a wildcard in the MCP server name, which only disallowed-tools lists accept`,
      hint: "name the server literally, e.g. mcp__github__*",
    };
  }
  return undefined;
}

function checkContent(name: string, canonical: string, content: string): Problem | undefined {
  if (content === "")
    return {
      severity: "error",
      message: `"${name}()" has empty parentheses`,
      hint: `write "${name}" alone or put a pattern inside the parentheses`,
    };
  if (content === "*") return undefined;
  if (canonical === "Bash") {
    if (content.trim() === ":*")
      return {
        severity: "error",
        message: `"${name}(${content})" has an empty prefix before ":*"`,
        hint: 'name the command, e.g. "Bash(git diff:*)" or "Bash(git diff *)"',
      };
    // "Bash(rg:*, grep:*, git:*)": one rule whose prefix is the whole list, which no command starts with.
    const commands = content.split(/,\s*/);
    if (commands.length > 1 && commands.every((c) => /^[\w./-]+(?: [\w./=-]+)*:\*$/.test(c.trim())))
      return {
        severity: "warning",
        message: `"${name}(${content})" is one rule, not ${commands.length}: its prefix is the whole list, which no command line starts with, so none of these commands is allowed`,
        hint: `write one rule per command: ${commands.map((c) => `${name}(${c.trim()})`).join(", ")}`,
      };
    if (content.endsWith(":*") && unescapedStar(content.slice(0, -2))) {
      return {
        severity: "warning",
        message: `"${name}(${content})" mixes "*" with the trailing ":*" prefix syntax, so its "*" is matched literally`,
        hint: `use "${name}(${content.slice(0, -2)} *)" for wildcard matching`,
      };
    }
    if (content.includes(":*") && !content.endsWith(":*")) {
      return {
        severity: "warning",
        message: `"${name}(${content})" has a ":*" that is not at the end, so it is matched as a "*" wildcard with a literal ":"`,
        hint: 'put ":*" only at the end, or write the pattern with spaces and "*" ("Bash(git diff *)")',
      };
    }
    return undefined;
  }
  if (FILE_PATTERN_TOOLS.has(canonical) && content.includes(":*")) {
    return {
      severity: "error",
      message: `"${name}(${content})" uses ":*", which only Bash prefix rules understand`,
      hint: `use a glob such as "${name}(src/**)" or "${name}(*.ts)"`,
    };
  }
  if (canonical === "Write" || canonical === "NotebookEdit" || canonical === "Glob") {
    const instead = canonical === "Glob" ? "Read" : "Edit";
    return {
      severity: "warning",
      message: `"${name}(${content})" is never matched: file permission checks only read ${instead}(path) rules`,
      hint: `use "${instead}(${content})" (${instead} rules cover every file-${instead === "Edit" ? "editing" : "reading"} tool)`,
    };
  }
  if (canonical === "WebFetch") {
    if (content.includes("://") || content.startsWith("http"))
      return {
        severity: "error",
        message: `"${name}(${content})" names a URL; WebFetch rules name a domain`,
        hint: 'write "WebFetch(domain:example.com)"',
      };
    if (!content.startsWith("domain:"))
      return {
        severity: "error",
        message: `"${name}(${content})" lacks the "domain:" prefix that WebFetch rules need`,
        hint: `write "WebFetch(domain:${content})"`,
      };
    return undefined;
  }
  if (canonical === "WebSearch" && /[*?]/.test(content))
    return {
      severity: "error",
      message: `"${name}(${content})" uses a wildcard, which WebSearch rules do not support`,
      hint: "use exact search terms",
    };
  if (canonical === "Agent" && content.split(",").some((part) => part.trim() === "")) {
    return {
      severity: "error",
      message: `"${name}(${content})" has an empty agent type in its list`,
      hint: 'separate agent types with commas: "Agent(reviewer, tester)"',
    };
  }
  return undefined;
}

/** Judges one entry of a tool list; undefined when it is valid. */
export function judgeTool(entry: string, role: FieldRole): Problem | undefined {
  const parsed = parseEntry(entry);
  if (parsed === "malformed") {
    return {
      severity: "error",
      message: `malformed tool rule "${entry}": expected Tool or Tool(pattern) with balanced parentheses`,
      hint: "close the parenthesis at the end of the entry",
    };
  }
  const { name, content } = parsed;
  if (name === "")
    return {
      severity: "error",
      message: `tool rule "${entry}" has no tool name before its parentheses`,
      hint: 'write the tool first, e.g. "Bash(npm test)"',
    };
  if (name.startsWith("mcp__")) return checkMcp(entry, name, content, role);
  if (name.includes("*")) {
    if (role === "allow" || (role === "agent-tools" && name !== "*")) {
      return {
        severity: "error",
        message: `wildcard tool name "${name}" is only supported in disallowed-tools lists${role === "agent-tools" ? ' (agent tools accept "*" alone)' : ""}`,
        hint: "list the tools by name; only mcp__<server>__* may use a wildcard",
      };
    }
    if (content !== undefined)
      return { severity: "error", message: `wildcard tool name "${name}" cannot take a pattern in parentheses` };
    if (name === "*" || [...BUILTIN_TOOLS].some((tool) => globMatches(name, tool))) return undefined;
    return { severity: "error", message: `"${name}" matches no Claude Code tool, so the entry has no effect` };
  }
  const removed = own(REMOVED_TOOLS, name);
  if (removed) {
    return {
      severity: role === "deny" ? "warning" : "error",
      message: `"${name}" was removed from Claude Code, so the entry has no effect`,
      hint: removed,
    };
  }
  const legacy = own(LEGACY_TOOLS, name);
  const canonical = legacy ?? name;
  if (!BUILTIN_TOOLS.has(canonical)) {
    const known = own(NOT_TOOLS, name);
    if (known)
      return {
        severity: "error",
        message: `"${name}" is not a Claude Code tool, so the entry is dropped`,
        hint: known,
      };
    const suggestion = closest(name, [...BUILTIN_TOOLS, ...Object.keys(LEGACY_TOOLS)]);
    if (suggestion)
      return {
        severity: "error",
        message: `unknown tool "${name}", so the entry is dropped`,
        hint: `did you mean "${suggestion}"?`,
      };
    // block_create, search_issues: MCP tools are snake_case, and are matched only by their full name.
    if (/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(name))
      return {
        severity: "error",
        message: `"${name}" looks like an MCP tool named without its server, so the entry is dropped`,
        perFile: "mcp-unprefixed",
        hint: `write its full name: mcp__<server>__${name} (for a plugin's own server, mcp__plugin_<plugin>_<server>__${name})`,
      };
    if (/^[a-z][a-z0-9._+-]*$/.test(name)) {
      return {
        severity: "error",
        message: `"${name}" is a program, not a Claude Code tool, so the entry is dropped`,
        hint: `allow the command through Bash: "Bash(${name} *)"`,
      };
    }
    return {
      severity: "error",
      message: `unknown tool "${name}", so the entry is dropped`,
      hint: "use a built-in tool name (Read, Edit, Bash, ...), an MCP tool mcp__<server>__<tool>, or Tool(pattern)",
    };
  }
  if (content !== undefined) {
    const problem = checkContent(name, canonical, content);
    if (problem) return problem;
  }
  if (legacy) {
    const renamed = content === undefined ? legacy : `${legacy}(${content})`;
    // Claude Code resolves the old name, so the entry works; renaming is housekeeping.
    return {
      severity: "note",
      message: `"${name}" is the legacy name of the "${legacy}" tool`,
      hint: `write "${renamed}"`,
    };
  }
  return undefined;
}

/**
 * Entries judged per field. Real lists hold a few dozen; judging each costs a did-you-mean
 * search, so a crafted list of hundreds of thousands is checked up to here and said to be.
 */
const MAX_CHECKED_ENTRIES = 1000;

function checkField(file: SourceFile, key: string, role: FieldRole, report: (input: ReportInput) => void): void {
  const value = frontmatter(file)?.[key];
  const listed = listField(value);
  if (listed.length === 0) return;
  const entries = listed.slice(0, MAX_CHECKED_ENTRIES);
  if (listed.length > entries.length)
    report({
      file,
      at: { path: [key] },
      severity: "warning",
      message: `"${key}" lists ${listed.length} entries; too many to check, so only the first ${MAX_CHECKED_ENTRIES} were`,
    });
  const offsets = entryOffsets(
    file,
    key,
    entries.map((e) => e.item),
  );
  entries.forEach(({ item, index }, i) => {
    const problem = judgeTool(item.trim(), role);
    if (!problem) return;
    const offset = offsets[i];
    const at =
      offset !== undefined ? { offset, length: item.length } : { path: index === undefined ? [key] : [key, index] };
    // The same bad entry across many files is one cause (a copied tool list): one finding with a count.
    const input: ReportInput = {
      file,
      at,
      severity: problem.severity,
      message: problem.message,
      group: problem.perFile ? `${problem.perFile}|${file.path}` : problem.message,
    };
    report(problem.hint ? { ...input, hint: problem.hint } : input);
  });
}

export const toolNamesValid: Rule = {
  id: "tool-names-valid",
  severity: "error",
  description:
    "Entries of agent `tools`/`disallowedTools` and skill/command `allowed-tools`/`disallowed-tools` name real tools (or MCP tools) in valid permission-rule syntax; unknown names are dropped silently.",
  consequence:
    "Claude Code drops a tools entry it does not know without a word, so the agent, skill or command lacks the tool (or, in a disallowed list, the tool is not blocked); a malformed permission rule never matches. Legacy names still resolve (a note).",
  check({ project, report }) {
    for (const file of project.files) {
      const fields = FIELDS[file.kind];
      if (!fields || !frontmatter(file)) continue;
      for (const [key, role] of fields) checkField(file, key, role, report);
    }
  },
};
