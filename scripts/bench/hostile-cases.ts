import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The crafted inputs of issue 12 that attack the validator, one builder each. The benchmark
 * runs every one through the CLI and prints the slowest; the tests under test/hostile/ build the
 * same inputs and assert how each is handled (bounded, refused, reported or escaped).
 */

type HostileClass = "time" | "special" | "security" | "output" | "crash";

export interface HostileCase {
  id: string;
  class: HostileClass;
  /** What the issue reported for this input. */
  reported: string;
  /** Writes the input into an empty folder. */
  build(dir: string): void;
  /** Needs mkfifo (POSIX only). */
  posixOnly?: boolean;
}

export const MANIFEST = `${JSON.stringify({ name: "hostile", version: "1.0.0", description: "Hostile input", author: { name: "a" } }, null, 2)}\n`;
/** The house preset (stale idioms, generated regions) over every file, not only those Claude Code loads. */
export const HOUSE_CONFIG = `${JSON.stringify({ presets: ["mars-house"], files: "all" })}\n`;
export const ALL_FILES_CONFIG = `${JSON.stringify({ files: "all" })}\n`;

export function agentWith(frontmatter: string, body = "Body.\n"): string {
  return `---\nname: reviewer\ndescription: Reviews diffs for correctness before merge. Use when a change needs review.\nmodel: inherit\n${frontmatter}---\n\n${body}`;
}

/** Writes files (text or bytes) below dir, creating folders. */
export function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

export function plugin(dir: string, files: Record<string, string | Buffer>): void {
  write(dir, { ".claude-plugin/plugin.json": MANIFEST, ...files });
}

function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync("mkfifo", [file]);
}

/** An OpenAPI document whose components hold `count` schemas, each with an invalid `type`. */
export function openApiWithInvalidSchemas(count: number): string {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) schemas[`S${i}`] = { type: `bogus${i % 7}`, required: 5 };
  return JSON.stringify({
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {},
    components: { schemas },
  });
}

/** A marketplace of `count` plugins and `count` renames that each point at a missing plugin. */
export function marketplaceWithRenames(count: number): string {
  const plugins = Array.from({ length: count }, (_, i) => ({ name: `plugin-${i}`, source: `./plugins/p${i}` }));
  const renames = Object.fromEntries(Array.from({ length: count }, (_, i) => [`old-${i}`, `gone-${i}-x`]));
  return JSON.stringify({ name: "hostile-market", owner: { name: "o" }, description: "d", plugins, renames });
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    id: "disallowed-tools-stars",
    class: "time",
    reported: 'agent disallowedTools: "****************Q" hung',
    build: (dir) => plugin(dir, { "agents/reviewer.md": agentWith('disallowedTools: "****************Q"\n') }),
  },
  {
    id: "disallowed-tools-stars-long",
    class: "time",
    reported: "the same, 100k stars",
    build: (dir) => plugin(dir, { "agents/reviewer.md": agentWith(`disallowedTools: "${"*".repeat(100_000)}Q"\n`) }),
  },
  {
    id: "eval-regex-open-group",
    class: "time",
    reported: 'an eval regex "(?" followed by 400k letters hung',
    build: (dir) =>
      plugin(dir, {
        "evals/slow/case.yaml": `schema_version: "1.1"\nname: slow\nexecution:\n  prompt: Say hello\ngraders:\n  - type: regex\n    name: r\n    pattern: "(?${"a".repeat(400_000)}"\n`,
      }),
  },
  {
    id: "python-brackets",
    class: "time",
    reported: "a .py file of '#'+'a]'*200000 hung",
    build: (dir) => {
      plugin(dir, { "scripts/tool.py": `#${"a]".repeat(200_000)}`, ".mars-validate.json": HOUSE_CONFIG });
    },
  },
  {
    id: "python-dict-open",
    class: "time",
    reported: "a .py file of '#'+',a:['*250000 hung",
    build: (dir) => {
      plugin(dir, { "scripts/tool.py": `#${",a:[".repeat(250_000)}`, ".mars-validate.json": HOUSE_CONFIG });
    },
  },
  {
    id: "python-sessionmaker",
    class: "time",
    reported: "a .py file of 'sessionmaker('*70000 hung",
    build: (dir) => {
      plugin(dir, { "scripts/tool.py": "sessionmaker(".repeat(70_000), ".mars-validate.json": HOUSE_CONFIG });
    },
  },
  {
    id: "openapi-16k-invalid-schemas",
    class: "time",
    reported: "an OpenAPI file with 16k invalid schemas hung",
    build: (dir) =>
      plugin(dir, {
        ".mars-validate.json": ALL_FILES_CONFIG,
        "skills/api/assets/openapi.json": openApiWithInvalidSchemas(16_000),
      }),
  },
  {
    id: "marketplace-3000-renames",
    class: "time",
    reported: "a marketplace with 3,000 entries and 3,000 renames hung",
    build: (dir) => write(dir, { ".claude-plugin/marketplace.json": marketplaceWithRenames(3000) }),
  },
  {
    id: "readme-marker-spaces",
    class: "time",
    reported: "a README line <!-- generated:begin inventory followed by 300k spaces hung",
    build: (dir) =>
      plugin(dir, {
        "README.md": `# Readme\n\n<!-- generated:begin inventory${" ".repeat(300_000)}\n`,
        ".mars-validate.json": HOUSE_CONFIG,
      }),
  },
  {
    id: "ignore-glob-stars",
    class: "time",
    reported: "an ignore glob *a*a*a*a*a*a*a*a*a*a*a*a*a*a*b against an 80-character file name hung",
    build: (dir) =>
      plugin(dir, {
        ".mars-validate.json": `${JSON.stringify({ ignore: [`${"*a".repeat(14)}*b`] })}\n`,
        [`${"a".repeat(77)}.md`]: "# Notes\n",
      }),
  },
  {
    id: "frontmatter-blank-lines",
    class: "time",
    reported: "a frontmatter of 100,000 blank lines took 11.6 s (gray-matter's comment pattern is quadratic on them)",
    build: (dir) =>
      plugin(dir, {
        "agents/reviewer.md": `---\n${"\n".repeat(120_000)}name: reviewer\ndescription: Reviews diffs. Use when a change needs review.\nmodel: inherit\n---\n\nBody.\n`,
      }),
  },
  {
    id: "skill-brackets-open",
    class: "time",
    reported: "a 120 KB SKILL.md of [ followed by ]( took 18 s",
    build: (dir) =>
      plugin(dir, {
        "skills/x/SKILL.md": `---\nname: x\ndescription: Brackets everywhere.\n---\n\n${"[".repeat(60_000)}${"](".repeat(30_000)}\n`,
      }),
  },
  {
    id: "skill-brackets-pairs",
    class: "time",
    reported: "the same as repeated [](",
    build: (dir) =>
      plugin(dir, {
        "skills/x/SKILL.md": `---\nname: x\ndescription: Brackets everywhere.\n---\n\n${"[](".repeat(40_000)}\n`,
      }),
  },
  {
    id: "skill-brackets-1mib",
    class: "time",
    reported: "about 20 minutes extrapolated at 1 MiB",
    build: (dir) =>
      plugin(dir, {
        "skills/x/SKILL.md": `---\nname: x\ndescription: Brackets everywhere.\n---\n\n${"[".repeat(500_000)}${"](".repeat(260_000)}\n`,
      }),
  },
  {
    id: "script-blocks-broken",
    class: "time",
    reported: "45 s: 2,000 distinct broken TypeScript blocks of 8 snippets, each retried in every fragment context",
    build: (dir) =>
      plugin(dir, {
        "skills/x/SKILL.md": `---\nname: x\ndescription: Broken examples.\n---\n\n${Array.from(
          { length: 2000 },
          (_, i) =>
            `\`\`\`ts\n${Array.from({ length: 8 }, (_, j) => `const v${i}_${j} = ${j} +`).join("\n\n")}\n\`\`\`\n`,
        ).join("\n")}`,
      }),
  },
  {
    id: "fences-under-tag-line",
    class: "time",
    reported: "135 s at 300 KiB: every fence line under a tag line looked for its closer to the end of the file",
    build: (dir) =>
      plugin(dir, {
        "skills/x/SKILL.md": `---\nname: x\ndescription: Fences under a tag.\n---\n\n<x>\n${"```a\n".repeat(200_000)}\`\`\`\n\n\`\`\`\ncode\n`,
      }),
  },
  {
    id: "python-signature-blocks",
    class: "time",
    reported: "4.8 s: 500 Python blocks of 60 bodiless signatures, each recompiled once per header",
    build: (dir) =>
      plugin(dir, {
        "skills/x/SKILL.md": `---\nname: x\ndescription: Signatures.\n---\n\n${Array.from(
          { length: 500 },
          (_, i) =>
            `\`\`\`python\n${Array.from({ length: 60 }, (_, j) => `def f${i}_${j}(x: int) -> int`).join("\n")}\nx = = ${i}\n\`\`\`\n`,
        ).join("\n")}`,
      }),
  },
  {
    id: "fifo-through-link",
    class: "special",
    reported: "a FIFO reached through a symbolic link blocked forever",
    posixOnly: true,
    build: (dir) => {
      plugin(dir, { "agents/reviewer.md": agentWith("") });
      mkfifo(path.join(dir, "pipes/fifo"));
      fs.symlinkSync("../pipes/fifo", path.join(dir, "agents/piped.md"));
    },
  },
  {
    id: "config-fifo",
    class: "special",
    reported: ".mars-validate.json as a FIFO blocked forever",
    posixOnly: true,
    build: (dir) => {
      plugin(dir, { "agents/reviewer.md": agentWith("") });
      mkfifo(path.join(dir, ".mars-validate.json"));
    },
  },
];

/** The bytes of the regular files in a tree, links not followed. */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}
