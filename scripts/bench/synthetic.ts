import fs from "node:fs";
import path from "node:path";

/** A deterministic marketplace of plugins × (agents + skills + commands), realistic in size and shape. */
export interface SyntheticShape {
  plugins: number;
  agents: number;
  skills: number;
  commands: number;
}

export const BASE_SHAPE: SyntheticShape = { plugins: 100, agents: 8, skills: 6, commands: 4 };

const PARAGRAPH =
  "Read the repository first: the dependency files, the framework entry points and the existing contracts. " +
  "Decide with the tables below, write the smallest change that meets the acceptance criteria, then run the checks and report what they printed.";

function agent(plugin: number, i: number): string {
  const name = `agent-${plugin}-${i}`;
  return `---
name: ${name}
description: "Implements service ${i} of plugin ${plugin}: routes, schemas, tests. Use when service ${i} changes. Not for design (use p${plugin}:agent-${plugin}-0)."
model: inherit
tools: Read, Grep, Glob, Edit, Write, Bash
color: blue
---

# ${name}

Bash is here to run the test suite and linters only.

## Procedure
1. ${PARAGRAPH}
2. ${PARAGRAPH}
3. ${PARAGRAPH}

| Situation | Default |
| --- | --- |
| read-heavy endpoint | cursor pagination, max 100 |
| unsafe retried call | Idempotency-Key |

\`\`\`python
from dataclasses import dataclass


@dataclass
class Item${i}:
    id: int
    name: str


def total(items: list[Item${i}]) -> int:
    return sum(item.id for item in items)
\`\`\`

\`\`\`json
{"service": ${i}, "plugin": ${plugin}, "ok": true}
\`\`\`

See [the guide](../skills/skill-${plugin}-0/SKILL.md) before large changes.

${PARAGRAPH}
`;
}

function skill(plugin: number, i: number): string {
  return `---
name: skill-${plugin}-${i}
description: This skill should be used when designing topic ${i} of plugin ${plugin}, its errors, pagination and limits. Not for deployment.
---

# Topic ${i}

${PARAGRAPH}

\`\`\`yaml
topic: ${i}
limits:
  page: 100
  burst: 10
\`\`\`

Details: [reference](references/details.md).
`;
}

function command(plugin: number, i: number): string {
  return `---
description: "Run workflow ${i} of plugin ${plugin}"
argument-hint: "<target>"
allowed-tools: Read, Grep, Glob, Agent(p${plugin}:agent-${plugin}-${i})
disable-model-invocation: true
---

Run workflow ${i} on $ARGUMENTS with \`p${plugin}:agent-${plugin}-${i}\`.

1. ${PARAGRAPH}
2. Report the result.
`;
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export function writeSynthetic(root: string, shape: SyntheticShape = BASE_SHAPE): number {
  let files = 0;
  const entries = [];
  for (let p = 0; p < shape.plugins; p++) {
    const dir = path.join(root, "plugins", `p${p}`);
    write(
      path.join(dir, ".claude-plugin/plugin.json"),
      `${JSON.stringify({ name: `p${p}`, version: "1.0.0", description: `Synthetic plugin ${p}`, author: { name: "Bench" } }, null, 2)}\n`,
    );
    files++;
    for (let i = 0; i < shape.agents; i++, files++) write(path.join(dir, "agents", `agent-${p}-${i}.md`), agent(p, i));
    for (let i = 0; i < shape.skills; i++, files += 2) {
      write(path.join(dir, "skills", `skill-${p}-${i}`, "SKILL.md"), skill(p, i));
      write(path.join(dir, "skills", `skill-${p}-${i}`, "references/details.md"), `# Details\n\n${PARAGRAPH}\n`);
    }
    for (let i = 0; i < shape.commands; i++, files++) write(path.join(dir, "commands", `run-${i}.md`), command(p, i));
    entries.push({ name: `p${p}`, source: `./plugins/p${p}`, version: "1.0.0", description: `Synthetic plugin ${p}` });
  }
  write(
    path.join(root, ".claude-plugin/marketplace.json"),
    `${JSON.stringify({ name: "bench-market", owner: { name: "Bench" }, description: "Synthetic marketplace", plugins: entries }, null, 2)}\n`,
  );
  return files + 1;
}
