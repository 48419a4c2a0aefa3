import { beforeAll, describe, expect, it } from "vitest";
import { agentRefExists } from "../../scripts/rules/references/agent-ref-exists.ts";
import { commandRefExists } from "../../scripts/rules/references/command-ref-exists.ts";
import { externalRefDeclared } from "../../scripts/rules/references/external-ref-declared.ts";
import { skillRefExists } from "../../scripts/rules/references/skill-ref-exists.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const RULES = [agentRefExists, skillRefExists, commandRefExists, externalRefDeclared];

function plugin(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name, version: "1.0.0", description: "d", author: { name: "a" }, ...extra });
}

describe("reference rules never throw on odd frontmatter", () => {
  it.for([
    "tools: 5\nskills: { a: 1 }",
    "tools: [1, null, { a: b }]\nskills: [2, [x]]",
    "tools: Agent(\nskills: ''",
    "tools: Agent()\ndisallowedTools: Task(,)",
    "tools: 'Agent(a, b'\nallowed-tools: Skill(",
    "skills: ~\nagent: 7",
  ])("%s", async (yaml) => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("alpha"),
      "agents/odd.md": `---\nname: odd\ndescription: d\n${yaml}\n---\n\nsubagent_type: ""\nsubagent_type: "<name>"\n@agent-\n/alpha:\n`,
      "skills/s/SKILL.md": `---\ndescription: d\n${yaml}\n---\n\nBody.\n`,
    });
    await expect(findingsFor(root, RULES)).resolves.toBeInstanceOf(Array);
  });
});

describe("agent-ref-exists across the plugins of a marketplace", () => {
  const root = writeTree({
    ".claude-plugin/marketplace.json": JSON.stringify({
      name: "market",
      owner: { name: "o" },
      plugins: [
        { name: "alpha", source: "./plugins/alpha" },
        { name: "beta", source: "./plugins/beta" },
      ],
    }),
    "plugins/alpha/.claude-plugin/plugin.json": plugin("alpha"),
    "plugins/beta/.claude-plugin/plugin.json": plugin("beta"),
    "plugins/beta/agents/data-engineer.md": "---\nname: data-engineer\ndescription: d\n---\n\nBody.\n",
    "plugins/alpha/commands/pipeline.md": [
      "---",
      "description: d",
      "---",
      "",
      "```",
      "subagent_type: data-engineer",
      "```",
      "",
      "Then beta:data-engineer reviews, and beta:data-enginer is a typo.",
      'Placeholders are not names: subagent_type: "your-agent-name"',
    ].join("\n"),
  });
  let findings: string[] = [];
  beforeAll(async () => {
    findings = (await findingsFor(root, [agentRefExists])).map(
      (f) => `${f.location.start.line} ${f.severity} ${f.hint ?? ""}`,
    );
  });

  it("asks to qualify a bare name: the Agent tool does not find it (2.1.330 matches the full type)", async () => {
    expect(findings).toContain('6 warning qualify it as "beta:data-engineer"');
  });

  it("suggests the closest id for a misspelt qualified mention", async () => {
    expect(findings).toContain('9 warning did you mean "beta:data-engineer"?');
  });

  it("reports nothing else", async () => {
    expect(findings).toHaveLength(2);
  });
});

describe("command names from a manifest that lists command files", () => {
  // claude plugin validate --json (2.1.330) provides "build:fix" and "build:deep" for these paths.
  it("names a listed file by its file name alone, even in a subfolder", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("alpha", { commands: ["./commands/fix.md", "./commands/sub/deep.md"] }),
      "commands/fix.md": "---\ndescription: Fix it\n---\n\nThen run /alpha:deep.\n",
      "commands/sub/deep.md":
        "---\ndescription: Deep\n---\n\nThen run /alpha:fix, never /alpha:sub:deep or /alpha:commands:fix.\n",
    });
    const messages = (await findingsFor(root, [commandRefExists])).map((f) => f.message);
    expect(messages).toEqual(['unknown command "/alpha:sub:deep"', 'unknown command "/alpha:commands:fix"']);
  });
});

describe("@agent- mentions", () => {
  it("leaves an @-mention of a skill named agent-x or of a file alone, and still reports an unknown agent", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("alpha"),
      "skills/agent-governance/SKILL.md": "---\ndescription: d\n---\n\nBody.\n",
      "agents/planner.md":
        "---\nname: planner\ndescription: d\n---\n\n- Reference @agent-governance for design rules.\n- See @agent-lifecycle-crud.md for patterns.\n- Hand off to @agent-reviwer.\n",
    });
    const messages = (await findingsFor(root, [agentRefExists])).map((f) => f.message);
    expect(messages).toEqual(['unknown agent "reviwer" in an @agent- mention']);
  });
});

describe("plain plugin:name mentions", () => {
  it("reads `bun:sqlite` in a plugin named bun as a module specifier, and still reports a near miss", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("bun"),
      "skills/use-bun/SKILL.md":
        "---\ndescription: d\n---\n\nThis skill prefers `bun:sqlite` and `bun:test`; see the `bun:use-bnu` skill.\n",
    });
    const messages = (await findingsFor(root, [agentRefExists])).map((f) => f.message);
    expect(messages).toEqual(['"bun:use-bnu" names no agent, skill or command of plugin "bun"']);
  });
});

describe("agent-ref-exists: subagent_type in code", () => {
  it("reads calls in code blocks and leaves comment lines that only talk about one", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("swarm"),
      "agents/research.md": "---\nname: research\ndescription: Researches. Use when asked.\n---\n\nYou research.\n",
      "skills/go/SKILL.md": [
        "---\nname: go\ndescription: Runs it. Use when asked.\n---\n",
        "```python",
        '# NOTE: subagent_type="research" has a known bug; use general-purpose.',
        'Task(subagent_type="general-purpose", prompt=p)',
        '// subagent_type: "research" is not used here',
        "```",
        "",
        "```python",
        'Task(subagent_type="research", prompt=p)  # the bare name',
        "```",
        "",
      ].join("\n"),
    });
    const found = await findingsFor(root, [agentRefExists]);
    expect(found.map((f) => `${f.location.start.line} ${f.message.split(";")[0]}`)).toEqual([
      '13 agent "research" as subagent_type is not qualified with its plugin',
    ]);
  });
});

describe("agent-ref-exists: plugin-prefixed words that name no component", () => {
  it("leaves the names of HTML comment markers of generated regions alone", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("onboard"),
      "agents/writer.md": "---\nname: writer\ndescription: Writes. Use when asked.\n---\n\nYou write.\n",
      "skills/go/SKILL.md":
        "---\nname: go\ndescription: Runs it. Use when asked.\n---\n\nRegenerate the skills between the `<!-- onboard:builtin-skills:start -->` and `<!-- onboard:builtin-skills:end -->` markers, then run the onboard:writter agent.\n",
    });
    const found = await findingsFor(root, [agentRefExists]);
    expect(found.map((f) => f.message.split("(")[0]!.trim())).toEqual([
      '"onboard:writter" names no agent, skill or command of plugin "onboard"',
    ]);
  });

  it("does not read prose between two inline code spans as a quoted agent name", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("ycc"),
      "skills/plan/SKILL.md":
        "---\nname: plan\ndescription: Plans. Use when asked.\n---\n\nCall `Agent` with `subagent_type=` and `name=` in one message.\n",
    });
    expect(await findingsFor(root, [agentRefExists])).toEqual([]);
  });
});

describe("agent-ref-exists: the hint for a name that misses", () => {
  it("suggests the one component whose name is the mentioned one with a word added", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("learn"),
      "skills/learn-micro/SKILL.md":
        "---\nname: learn-micro\ndescription: Teaches one concept. Use when asked.\n---\n\nTeach.\n",
      "skills/path/SKILL.md":
        "---\nname: path\ndescription: Plans a path. Use when asked.\n---\n\nRoute each concept to the learn:micro skill for teaching.\n",
    });
    const found = await findingsFor(root, [agentRefExists]);
    expect(found.map((f) => f.hint)).toEqual(['did you mean "learn:learn-micro"?']);
  });
});

describe("agent-ref-exists: a bare name of the caller's own skill", () => {
  it("says the subagent_type names a skill, not an agent", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": plugin("svg"),
      "skills/designer/SKILL.md":
        "---\nname: designer\ndescription: Designs SVG diagrams. Use when asked for a diagram.\n---\n\nDraw it.\n",
      "commands/create.md":
        '---\ndescription: Creates a diagram\n---\n\nSpawn it with `Agent(subagent_type="designer", prompt="Draw the flow")`.\n',
    });
    const found = (await findingsFor(root, RULES)).filter((f) => f.ruleId === "agent-ref-exists");
    expect(found.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'warning "designer" as subagent_type is the skill or command "svg:designer", not an agent, so the call finds no agent',
    ]);
  });
});
