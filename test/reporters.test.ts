import { describe, expect, it } from "vitest";
import type { Finding, RuleMeta } from "../scripts/core/types.ts";
import { docsBase } from "../scripts/docs/url.ts";
import { reporters } from "../scripts/reporters/index.ts";

const rules: RuleMeta[] = [
  {
    id: "model-valid",
    description: "Model fields name a real model.",
    severity: "error",
    consequence: "an unknown model fails when the agent runs.",
  },
  {
    id: "link-target-exists",
    description: "Relative links resolve.",
    severity: "error",
    consequence: "Claude cannot open the linked file.",
  },
];

const findings: Finding[] = [
  {
    ruleId: "model-valid",
    severity: "error",
    message: 'unknown model "sonnett"',
    hint: 'did you mean "sonnet"?',
    location: { file: "agents/a b.md", start: { line: 4, column: 8 }, end: { line: 4, column: 15 } },
  },
  {
    ruleId: "link-target-exists",
    severity: "warning",
    message: "100% broken: a,b\nnext line",
    location: { file: "skills/x/SKILL.md", start: { line: 9, column: 3 } },
  },
];
const context = { rules, summary: { errors: 1, warnings: 1, notes: 0, files: 3 }, color: false };

describe("reporters only format", () => {
  it("text: one line per finding grouped by file, then a summary", () => {
    expect(reporters.text(findings, context)).toBe(
      'agents/a b.md:4:8  error  unknown model "sonnett" (did you mean "sonnet"?)  model-valid\n\n' +
        "skills/x/SKILL.md:9:3  warning  100% broken: a,b\\nnext line  link-target-exists\n\n" +
        `Each rule is explained at ${docsBase()}docs/rules/<rule-id>.md\n\n` +
        "2 problems (1 error, 1 warning) in 3 files\n",
    );
    expect(reporters.text([], { ...context, summary: { errors: 0, warnings: 0, notes: 0, files: 3 } })).toBe(
      "no problems in 3 files\n",
    );
  });

  it("text: escapes control characters from the input, counts collapsed repeats, hides notes unless asked", () => {
    const hostile: Finding[] = [
      {
        ruleId: "model-valid",
        severity: "error",
        message: 'unknown model "\u001b[2J\u001b]52;c;x\u0007\rok"',
        location: { file: "agents/\u001b[31mx.md", start: { line: 1, column: 1 } },
        count: 3,
        related: [
          { file: "agents/y.md", start: { line: 2, column: 1 } },
          { file: "agents/y.md", start: { line: 5, column: 1 } },
        ],
      },
      {
        ruleId: "model-valid",
        severity: "note",
        message: "a note",
        location: { file: "a.md", start: { line: 1, column: 1 } },
      },
    ];
    const summary = { errors: 1, warnings: 0, notes: 1, files: 2 };
    const text = reporters.text(hostile, { ...context, summary });
    // eslint-disable-next-line no-control-regex -- the control characters are what must be absent
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain(
      'agents/\\u001b[31mx.md:1:1  error  unknown model "\\u001b[2J\\u001b]52;c;x\\u0007\\u000dok"  ×3 in 2 files',
    );
    expect(text).not.toContain("a note");
    expect(text).toContain("1 note not shown (--notes)");
    expect(reporters.text(hostile, { ...context, summary, showNotes: true })).toContain("a.md:1:1  note  a note");
    const github = reporters.github(hostile, { ...context, summary });
    // eslint-disable-next-line no-control-regex -- the control characters are what must be absent
    expect(github).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(github.split("\n")[0]).toMatch(/^::error file=agents\/%1B\[31mx\.md,/);
  });

  it("json: the findings and the summary, nothing else", () => {
    const parsed = JSON.parse(reporters.json(findings, context)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["findings", "summary"]);
    expect((parsed.findings as unknown[])[0]).toEqual({
      ruleId: "model-valid",
      severity: "error",
      message: 'unknown model "sonnett"',
      file: "agents/a b.md",
      line: 4,
      column: 8,
      endLine: 4,
      endColumn: 15,
      hint: 'did you mean "sonnet"?',
    });
  });

  it("sarif: a 2.1.0 log with the rule table, levels and encoded relative URIs", () => {
    const log = JSON.parse(reporters.sarif(findings, context)) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
        }[];
      }[];
    };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(["model-valid", "link-target-exists"]);
    const [first, second] = log.runs[0]!.results;
    expect(first).toMatchObject({ ruleId: "model-valid", ruleIndex: 0, level: "error" });
    expect(first!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "agents/a%20b.md" },
      region: { startLine: 4, startColumn: 8, endLine: 4, endColumn: 15 },
    });
    expect(second).toMatchObject({ level: "warning", ruleIndex: 1 });
  });

  it("github: workflow commands with escaped data and properties", () => {
    const lines = reporters.github(findings, context).trimEnd().split("\n");
    expect(lines[0]).toBe(
      '::error file=agents/a b.md,line=4,col=8,endLine=4,endColumn=15,title=model-valid::unknown model "sonnett" (did you mean "sonnet"?)',
    );
    expect(lines[1]).toBe(
      "::warning file=skills/x/SKILL.md,line=9,col=3,title=link-target-exists::100%25 broken: a,b%0Anext line",
    );
    expect(lines[2]).toBe("1 error(s), 1 warning(s) in 3 file(s)");
  });
});
