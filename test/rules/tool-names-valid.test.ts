import { describe, expect, it } from "vitest";
import { judgeTool, toolNamesValid } from "../../scripts/rules/components/tool-names-valid.ts";
import { writeTree } from "../helpers/repo.ts";
import { expand, findingsFor } from "../helpers/validate.ts";

describe("judgeTool", () => {
  it.for([
    ["Read", "allow"],
    ["Bash(git diff:*)", "allow"],
    ["Bash(git diff *)", "allow"],
    ['Bash(node -e "console.log(1)")', "allow"],
    ["Bash(*)", "allow"],
    ["Edit(src/**)", "allow"],
    ["Read(~/.config/**)", "allow"],
    ["Grep(src/**)", "allow"],
    ["WebFetch(domain:github.com)", "allow"],
    ["WebFetch(domain:*.google.com)", "allow"],
    ["WebSearch(claude code)", "allow"],
    ["Agent(reviewer, demo:tester)", "agent-tools"],
    ["Skill(demo:fmt)", "allow"],
    ["mcp__github", "allow"],
    ["mcp__github__*", "allow"],
    ["mcp__github__get_*", "allow"],
    ["mcp__plugin_demo_db__query", "allow"],
    ["mcp__*", "deny"],
    ["*", "agent-tools"],
    ["*", "deny"],
    ["Task*", "deny"],
    ["EndConversation", "agent-tools"],
    ["PowerShell", "agent-tools"],
    ["TaskStop", "agent-tools"],
  ])("accepts %s in %s", ([entry, role]) => {
    expect(judgeTool(entry!, role as "allow")).toBeUndefined();
  });

  it.for([
    ["Bsh", "error", "Bash"],
    ["grep", "error", "Grep"],
    ["MultiEdit", "error", "Edit"],
    ["LS", "error", "Glob"],
    ["NotebookRead", "error", "Read"],
    ["TodoRead", "error", "TodoWrite"],
    ["SlashCommand", "error", "Skill"],
    ["pytest", "error", "Bash(pytest *)"],
    ["kubectl", "error", "Bash(kubectl *)"],
    ["Task", "note", "Agent"],
    ["Task(reviewer)", "note", "Agent(reviewer)"],
    ["KillBash", "note", "TaskStop"],
    ["TaskOutput", "error", "Read"],
    ["TeamCreate", "error", "remove"],
    ["Bash(git", "error", "parenthesis"],
    ["Bash)", "error", "parenthesis"],
    ["Read()", "error", "pattern"],
    ["(Read)", "error", "tool first"],
    ["Bash(:*)", "error", "command"],
    ["Bash(git:* status)", "warning", "end"],
    ["Bash(git * push:*)", "warning", "wildcard"],
    ["Bash(rg:*, grep:*, git log:*)", "warning", "Bash(rg:*), Bash(grep:*), Bash(git log:*)"],
    ["Read(src:*)", "error", "glob"],
    ["Write(src/**)", "warning", "Edit(src/**)"],
    ["NotebookEdit(*.ipynb)", "warning", "Edit(*.ipynb)"],
    ["Glob(src/**)", "warning", "Read(src/**)"],
    ["WebFetch(https://example.com)", "error", "domain:"],
    ["WebFetch(example.com)", "error", "domain:example.com"],
    ["WebSearch(foo*)", "error", "exact"],
    ["Agent(a,,b)", "error", "commas"],
    ["mcp__github__x(y)", "error", "alone"],
    ["mcp__my.server__x", "error", "normalises"],
    ["mcp__github__", "error", "mcp__<server>__*"],
    ["mcp__", "error", "mcp__<server>"],
    ["mcp__*", "error", "literally"],
    ["*", "error", "by name"],
    ["Bash*", "error", "by name"],
  ])("flags %s as %s", ([entry, severity, hint]) => {
    const problem = judgeTool(
      entry!,
      entry === "mcp__*" || entry === "*" || entry === "Bash*" ? "allow" : "agent-tools",
    );
    expect(problem?.severity).toBe(severity);
    expect(`${problem?.message} ${problem?.hint}`).toContain(hint);
  });

  it("makes removed tools a warning in deny lists, where they only have no effect", async () => {
    expect(judgeTool("BashOutput", "deny")?.severity).toBe("warning");
    expect(judgeTool("Nope", "deny")?.severity).toBe("error");
  });

  it("points each finding at its own entry, also for repeated names and YAML lists", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": '{"name":"demo"}',
      "agents/a.md":
        '---\nname: a\ndescription: A.\ntools: Bash(Bsh), Bsh, Bsh\ndisallowedTools:\n  - Read\n  - "Nope"\n---\nBody\n',
    });
    const findings = (await findingsFor(root)).filter((f) => f.ruleId === "tool-names-valid");
    // The repeated "Bsh" is one cause: one finding that lists its other place.
    const found = expand(findings).map((f) => `${f.location.start.line}:${f.location.start.column}`);
    expect(found.sort()).toEqual(["4:19", "4:24", "7:6"]);
    expect(findings.find((f) => f.location.start.column === 19)?.count).toBe(2);
  });

  it("never throws on values of the wrong type", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": '{"name":"demo"}',
      "agents/a.md": "---\nname: a\ndescription: A.\ntools: 5\ndisallowedTools: {a: 1}\n---\nBody\n",
      "skills/s/SKILL.md": "---\nname: s\ndescription: S.\nallowed-tools: [1, null, [Read]]\n---\nBody\n",
    });
    expect((await findingsFor(root)).filter((f) => f.ruleId === "tool-names-valid")).toEqual([]);
  });
});

describe("tool-names-valid: names of other things", () => {
  it("tells an MCP tool written without its server from a program, and reports a file's MCP names once", async () => {
    expect(judgeTool("block_create", "agent-tools")?.message).toBe(
      '"block_create" looks like an MCP tool named without its server, so the entry is dropped',
    );
    expect(judgeTool("jq", "agent-tools")?.message).toBe(
      '"jq" is a program, not a Claude Code tool, so the entry is dropped',
    );
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "schedule", version: "1.0.0", description: "d" }),
      "agents/keeper.md":
        "---\nname: keeper\ndescription: Keeps time. Use when planning.\ntools: Read, block_create, block_list, free_slots\n---\n\nYou keep time.\n",
    });
    const found = await findingsFor(root, [toolNamesValid]);
    expect(found.map((f) => `${f.message.split(",")[0]} ×${f.count ?? 1}`)).toEqual([
      '"block_create" looks like an MCP tool named without its server ×3',
    ]);
  });
});
