import { closest, editDistance } from "../../core/text.ts";
import type { Project, Rule, RuleContext } from "../../core/types.ts";
import {
  BUILTIN_AGENTS,
  componentIndex,
  looksLikePlaceholder,
  pluginPart,
  references,
  type ComponentIndex,
  type Reference,
} from "./refs.ts";
import { replaceText } from "../../fix/make.ts";

const AGENT_SOURCES = new Set(["tools", "agent-field", "subagent_type", "at-agent"]);

/** An agent type as 2.1.330 compares it: NFKC, lower case, no white space, dashes or underscores. */
function looseType(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{White_Space}\p{Pd}_]+/gu, "");
}

function where(ref: Reference): string {
  switch (ref.source) {
    case "tools":
      return `in "${ref.key}"`;
    case "agent-field":
      return `in "agent"`;
    case "subagent_type":
      return "as subagent_type";
    case "at-agent":
      return "in an @agent- mention";
    default:
      return "";
  }
}

/** The name of the plugin the referring file belongs to, if any. */
function callerPlugin(project: Project, ref: Reference): string | undefined {
  return ref.file.plugin === undefined ? undefined : project.plugins[ref.file.plugin]?.name;
}

/** The id to suggest for a bare name: the one in the referring file's own plugin first. */
function preferredId(project: Project, ref: Reference, ids: string[]): string {
  const own = callerPlugin(project, ref);
  return ids.find((id) => own !== undefined && id.startsWith(`${own}:`)) ?? ids[0]!;
}

function suggestion(value: string, candidates: Iterable<string>): string | undefined {
  const normalized = value.replace(/:{2,}/g, ":");
  const list = [...candidates];
  if (normalized !== value && list.includes(normalized)) return normalized;
  return closest(normalized, list);
}

/** True when `@agent-<value>` names a file (it has an extension) or a skill or command called "agent-<value>". */
function atMentionOfSomethingElse(index: ComponentIndex, value: string): boolean {
  if (/\.[A-Za-z]{1,5}$/.test(value)) return true;
  const whole = `agent-${value}`;
  return index.bareSkills.has(whole) || [...index.commands.keys()].some((id) => id.endsWith(`:${whole}`));
}

function checkAgent(project: Project, index: ComponentIndex, ref: Reference, report: RuleContext["report"]): void {
  const value = ref.value;
  if (BUILTIN_AGENTS.includes(value) || index.agents.has(value)) return;
  // The Agent tool compares types without case, white space, dashes or underscores (2.1.330).
  const loose = looseType(value);
  if ([...index.agents.keys()].some((id) => looseType(id) === loose)) return;
  const at = { offset: ref.offset, length: value.length };
  const plugin = pluginPart(value);
  const bare = index.bareAgents.get(value);
  if (bare && (plugin === undefined || !index.plugins.has(plugin))) {
    // 2.1.330's Agent tool matches the full type (ignoring case, spaces, dashes and underscores):
    // a bare name is "not found", and the model has to retry with a name from the list it is shown.
    const id = preferredId(project, ref, bare);
    // Qualified only where the name is not in doubt: the caller's own plugin has it, or one plugin does.
    const own = callerPlugin(project, ref);
    const certain = bare.length === 1 || (own !== undefined && id.startsWith(`${own}:`));
    const fix = certain ? replaceText(ref.file, ref.offset, value, id, `qualify "${value}" as "${id}"`) : undefined;
    report({
      file: ref.file,
      at,
      severity: "warning",
      group: `bare|${value}`,
      message: `agent "${value}" ${where(ref)} is not qualified with its plugin; Claude Code registers it as "${id}" and does not find the bare name`,
      hint: `qualify it as "${id}"`,
      ...(fix ? { fix } : {}),
    });
    return;
  }
  // A qualified name of another plugin is external-ref-declared's business.
  if (plugin !== undefined && !index.plugins.has(plugin)) return;
  if (index.skills.has(value) || index.commands.has(value)) {
    report({
      file: ref.file,
      at,
      message: `"${value}" ${where(ref)} is a skill or command, not an agent`,
      hint: "load it with the Skill tool, or name an agent",
    });
    return;
  }
  // A bare name of one of the caller's own skills or commands (an Agent call to a skill).
  const ownPlugin = callerPlugin(project, ref);
  const ownId = plugin === undefined && ownPlugin !== undefined ? `${ownPlugin}:${value}` : undefined;
  if (ownId !== undefined && (index.skills.has(ownId) || index.commands.has(ownId))) {
    report({
      file: ref.file,
      at,
      group: `component|${value}`,
      message: `"${value}" ${where(ref)} is the skill or command "${ownId}", not an agent, so the call finds no agent`,
      hint: "load it with the Skill tool, or name an agent",
    });
    return;
  }
  const byFile = index.agentByFile.get(value);
  if (byFile) {
    report({
      file: ref.file,
      at,
      message: `unknown agent "${value}" ${where(ref)}; the agent in "${byFile.path}" is registered under its frontmatter name`,
      hint: `use "${byFile.id}"`,
    });
    return;
  }
  // "@agent-governance" where a skill or command is named agent-governance, or
  // "@agent-lifecycle.md", is an @-mention of that component or file, not of an agent.
  if (ref.source === "at-agent" && plugin === undefined && atMentionOfSomethingElse(index, value)) return;
  // Documentation writes "your-agent" or "agent-name" where the reader fills in a name; a bare
  // name no plugin defines, inside a code block, is an example or another framework's subagent.
  if (plugin === undefined && (looksLikePlaceholder(value) || ref.inCode)) return;
  const guess = suggestion(value, [
    ...BUILTIN_AGENTS,
    ...index.agents.keys(),
    ...(plugin === undefined ? index.bareAgents.keys() : []),
  ]);
  const resolved =
    guess && index.bareAgents.get(guess) ? preferredId(project, ref, index.bareAgents.get(guess)!) : guess;
  report({
    file: ref.file,
    at,
    message: `unknown agent "${value}" ${where(ref)}`,
    hint: resolved
      ? `did you mean "${resolved}"?`
      : `name a built-in agent (${BUILTIN_AGENTS.join(", ")}) or a plugin agent as "plugin:name"`,
  });
}

/** Prefixes runtimes and package managers give module specifiers (`node:fs`, `bun:test`, `npm:react`). */
/**
 * The one component whose name is the mentioned one with a word before or after it
 * ("paidagogos:micro" for the skill folder paidagogos-micro), when exactly one is.
 */
function affixGuess(value: string, ids: readonly string[]): string | undefined {
  const name = value.slice(value.lastIndexOf(":") + 1);
  if (name === "") return undefined;
  const found = ids.filter((id) => {
    const last = id.slice(id.lastIndexOf(":") + 1);
    return last.endsWith(`-${name}`) || last.startsWith(`${name}-`);
  });
  return found.length === 1 ? found[0] : undefined;
}

const MODULE_SCHEMES = new Set(["node", "bun", "deno", "npm", "jsr", "file", "data", "http", "https", "git", "github"]);

function checkMention(index: ComponentIndex, ref: Reference, report: RuleContext["report"]): void {
  const value = ref.value;
  const plugin = pluginPart(value);
  if (plugin === undefined || !index.plugins.has(plugin)) return;
  if (index.agents.has(value) || index.skills.has(value) || index.commands.has(value) || index.outputStyles.has(value))
    return;
  const at = { offset: ref.offset, length: value.length };
  const byFile = index.agentByFile.get(value);
  if (byFile) {
    report({
      file: ref.file,
      at,
      message: `unknown agent "${value}"; the agent in "${byFile.path}" is registered under its frontmatter name`,
      hint: `use "${byFile.id}"`,
    });
    return;
  }
  const own = [...index.agents.keys(), ...index.skills.keys(), ...index.commands.keys(), ...index.outputStyles].filter(
    (id) => id.startsWith(`${plugin}:`),
  );
  const guess = suggestion(value, own);
  // Without words about agents, skills or commands around it, only a near miss is a reference; so
  // too for a plugin named after a module scheme, where `bun:sqlite` or `node:fs` is an import.
  const nearMiss = guess !== undefined && editDistance(guess, value) <= 2;
  if ((!ref.context || MODULE_SCHEMES.has(plugin)) && !nearMiss) return;
  const meant = guess ?? affixGuess(value, own);
  // A mention in prose is something Claude is told to use; it does not stop anything from loading.
  report({
    file: ref.file,
    at,
    severity: "warning",
    message: `"${value}" names no agent, skill or command of plugin "${plugin}"`,
    hint: meant ? `did you mean "${meant}"?` : `plugin "${plugin}" has ${own.length} components; check the name`,
  });
}

export const agentRefExists: Rule = {
  id: "agent-ref-exists",
  // The component loads; the Agent tool then fails with the list of agents it has, and the model retries.
  severity: "warning",
  description:
    "Agents named in Agent(...) tool entries, subagent_type, @agent- mentions and plugin:name mentions exist, under the plugin-qualified id Claude Code registers.",
  consequence:
    "The Agent tool fails for an agent type Claude Code does not know, so a delegation step or an Agent(...) allowlist entry names nothing; a bare name resolves to the caller's own plugin, then to any agent whose id ends with it, so a name several plugins define can start the wrong one.",
  check({ project, report }) {
    const index = componentIndex(project);
    for (const ref of references(project)) {
      if (AGENT_SOURCES.has(ref.source)) checkAgent(project, index, ref, report);
      else if (ref.source === "mention") checkMention(index, ref, report);
    }
  },
};
