import { describe, expect, it } from "vitest";
import { evalRules } from "../../scripts/rules/evals/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "p", version: "1.0.0", description: "d", author: { name: "A" } });

async function findings(files: Record<string, string>, manifest = MANIFEST) {
  const root = writeTree({ ".claude-plugin/plugin.json": manifest, ...files });
  return (await findingsFor(root))
    .filter((f) => f.ruleId === "eval-case-structure")
    .map((f) => `${f.location.file}:${f.location.start.line} ${f.severity}: ${f.message}`);
}

/** A case.yaml with one grader given as YAML flow text. */
function caseWith(
  grader: string,
  execution = "prompt: Review src/app.py.\n  allowed_tools: [Read, Agent]",
): Record<string, string> {
  return {
    "evals/c/case.yaml": `schema_version: "1.1"\nname: c\nexecution:\n  ${execution}\ngraders:\n  - ${grader}\n`,
  };
}

describe("eval-case-structure", () => {
  it.for([
    ["a literal (?i) escaped", String.raw`{ type: regex, name: r, pattern: '\(\?i\)' }`],
    ["(?i) inside a character class", "{ type: regex, name: r, pattern: '[(?i)]' }"],
    [
      "non-capturing, lookaround and named groups",
      "{ type: regex, name: r, pattern: '(?:a)(?=b)(?!c)(?<=d)(?<!e)(?<n>f)\\k<n>' }",
    ],
    ["the v flag with set notation", "{ type: regex, name: r, pattern: '[\\p{L}--[a-z]]', flags: v }"],
    [
      "input_match with JSON quotes",
      String.raw`{ type: tool_used, name: t, tool: Agent, input_match: '"subagent_type"\s*:\s*"p:x"' }`,
    ],
    ["a legacy Task grant for Agent", "{ type: tool_used, name: t, tool: Agent }"],
    ["a must-not-call grader on an ungranted tool", "{ type: tool_used, name: t, tool: Bash, min: 0, max: 0 }"],
    ["min equal to max", "{ type: tool_used, name: t, tool: Read, min: 2, max: 2 }"],
    ["criteria that mention TODO in prose", "{ type: llm, name: l, criteria: 'The answer lists each TODO comment.' }"],
    [
      "scoped modifiers, which the eval command's engine supports",
      "{ type: regex, name: r, pattern: '(?i:owasp) (?-i:API)(?ms-i:.)' }",
    ],
    [
      "a name repeated in different alternatives (ES2025)",
      "{ type: regex, name: r, pattern: '(?<id>\\d+)|#(?<id>\\w+)' }",
    ],
    ["a read-only tool the case does not list", "{ type: tool_used, name: t, tool: Skill }"],
    ["a gated tool listed with a rule", "{ type: tool_used, name: t, tool: Bash }"],
  ] as const)("accepts %s", async ([, grader]) => {
    const execution = grader.includes("tool: Agent }")
      ? "prompt: Go.\n  allowed_tools: [Task]"
      : grader.includes("tool: Bash }")
        ? 'prompt: Go.\n  allowed_tools: ["Bash(git diff:*)"]'
        : undefined;
    expect(await findings(caseWith(grader, execution))).toEqual([]);
  });

  it.for([
    [
      "(?s) with a flags hint",
      "{ type: regex, name: r, pattern: 'a(?s).b' }",
      'c/case.yaml:7 error: grader "r": pattern "a(?s).b" uses the inline flag group "(?s)", which JavaScript regular expressions do not support; the grader fails at grading time',
    ],
    [
      "a scoped group with a letter other than i, m, s",
      "{ type: regex, name: r, pattern: '(?x:a)' }",
      'c/case.yaml:7 error: grader "r": pattern "(?x:a)" is not a valid JavaScript regular expression (Invalid group); the grader fails at grading time',
    ],
    [
      "a scoped group with a repeated letter",
      "{ type: regex, name: r, pattern: '(?i-i:a)' }",
      'c/case.yaml:7 error: grader "r": pattern "(?i-i:a)" is not a valid JavaScript regular expression (Invalid group); the grader fails at grading time',
    ],
    [
      "(?i) in input_match",
      "{ type: tool_used, name: t, tool: Agent, input_match: '(?i)x' }",
      'c/case.yaml:7 error: grader "t": input_match "(?i)x" uses the inline flag group "(?i)", which JavaScript regular expressions do not support; the grader cannot match a call with it',
    ],
    [
      "u together with v",
      "{ type: regex, name: r, pattern: a, flags: uv }",
      'c/case.yaml:7 error: grader "r": flags "uv" are not a valid flag set (Invalid flags supplied to RegExp constructor \'uv\'); the grader fails at grading time',
    ],
    [
      "a pattern that only fails with the u flag",
      String.raw`{ type: regex, name: r, pattern: '[\w-a]', flags: u }`,
      'c/case.yaml:7 error: grader "r": pattern "[\\w-a]" is not a valid JavaScript regular expression (Invalid character class); the grader fails at grading time',
    ],
    [
      "a tool_order side outside allowed_tools",
      "{ type: tool_order, name: o, before: Read, after: Write }",
      'c/case.yaml:7 warning: grader "o" needs a call to "Write", but "Write" is not in the case\'s allowed_tools; unless the suite runs with --allow-tools Write, the run withholds it and the grader cannot pass',
    ],
  ] as const)("reports %s", async ([, grader, expected]) => {
    expect(await findings(caseWith(grader))).toEqual([`evals/${expected}`]);
  });

  it("follows experimental.evals and ignores cases inside other cases", async () => {
    const manifest = JSON.stringify({
      name: "p",
      version: "1.0.0",
      description: "d",
      author: { name: "A" },
      experimental: { evals: "quality/evals" },
    });
    const files = {
      "quality/evals/a/prompt.md": "---\nmax_turns: 2\n---\n",
      "quality/evals/a/graders/g.md": "---\ntype: llm\n---\nok\n",
      "quality/evals/a/fixtures/prompt.md": "---\nmax_turns: 2\n---\n",
      "evals/b/prompt.md": "---\nmax_turns: 2\n---\n",
    };
    expect(await findings(files, manifest)).toEqual([
      'quality/evals/a/prompt.md:4 error: case "quality/evals/a" has no prompt: neither "execution.prompt" in case.yaml nor a prompt.md body',
    ]);
  });

  it("does not repeat what eval-case-schema reports about execution.prompt", async () => {
    expect(
      await findings({
        "evals/c/case.yaml":
          'schema_version: "1.1"\nname: c\nexecution:\n  max_turns: 2\ngraders:\n  - { type: llm, name: l, criteria: ok }\n',
      }),
    ).toEqual([]);
    expect(
      await findings({
        "evals/c/case.yaml":
          'schema_version: "1.1"\nname: c\nexecution:\n  prompt: "   "\ngraders:\n  - { type: llm, name: l, criteria: ok }\n',
      }),
    ).toEqual([
      'evals/c/case.yaml:3 error: case "evals/c" has no prompt: neither "execution.prompt" in case.yaml nor a prompt.md body',
    ]);
  });

  it("wants a prompt even when context.history_file resumes a transcript", async () => {
    expect(
      await findings({
        "evals/c/case.yaml":
          'schema_version: "1.1"\nname: c\ncontext: { history_file: h.jsonl }\ngraders:\n  - { type: llm, name: l, criteria: ok }\n',
      }),
    ).toEqual([
      'evals/c/case.yaml:1 error: case "evals/c" has no prompt: neither "execution.prompt" in case.yaml nor a prompt.md body',
    ]);
  });

  it("reports a case with no graders and a case inside mocks/, but not a mock responder", async () => {
    const files = {
      "evals/c/prompt.md": "Review src/app.py.\n",
      "evals/mocks/db/query.md": "[]\n",
      "evals/group/mocks/x/case.yaml":
        'schema_version: "1.1"\nname: x\nexecution: { prompt: Go. }\ngraders:\n  - { type: llm, name: l, criteria: ok }\n',
    };
    expect((await findings(files)).sort()).toEqual([
      'evals/c/prompt.md:1 error: case "evals/c" has no graders, so the eval command refuses it',
      "evals/group/mocks/x/case.yaml:1 error: a case inside a mocks/ folder is never run: the eval command keeps mocks/ for MCP mock responders",
    ]);
  });

  it("takes a prose grader's name from its frontmatter when it sets one", async () => {
    const files = {
      "evals/c/prompt.md": "Review src/app.py.\n",
      "evals/c/graders/a.md": "---\ntype: llm\nname: same\n---\nok\n",
      "evals/c/graders/b.md": "---\ntype: llm\nname: same\n---\nok\n",
    };
    expect(await findings(files)).toEqual([
      'evals/c/graders/b.md:3 error: grader name "same" is already used in "evals/c/graders/a.md"; the eval command rejects a case whose grader names repeat',
    ]);
  });

  it("never throws on values of the wrong type", async () => {
    const weird = ["null", "0", "true", "[]", "{}", '"x"', "[null, 1, {}]", "{ a: [] }"];
    for (const value of weird) {
      const yaml = `schema_version: ${value}\nname: ${value}\ncontext: ${value}\nexecution: ${value}\ngraders: ${value}\n`;
      const grader = `schema_version: "1.1"\nname: n\nexecution: { prompt: ${value}, allowed_tools: ${value} }\ngraders:\n  - { type: regex, name: ${value}, pattern: ${value}, flags: ${value} }\n  - { type: tool_used, name: t, tool: ${value}, input_match: ${value}, min: ${value}, max: ${value} }\n  - { type: tool_order, name: o, before: ${value}, after: ${value} }\n  - { type: llm, name: l, criteria: ${value} }\n  - ${value}\n`;
      const root = writeTree({
        ".claude-plugin/plugin.json": MANIFEST,
        "evals/a/case.yaml": yaml,
        "evals/b/case.yaml": grader,
        "evals/c/prompt.md": `---\nallowed_tools: ${value}\n---\n`,
        "evals/c/graders/g.md": `---\ntype: ${value}\nname: ${value}\npattern: ${value}\n---\n`,
        "evals/d/case.yaml": value,
      });
      await expect(findingsFor(root, evalRules)).resolves.toBeInstanceOf(Array);
    }
  });
});
