import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCli } from "../helpers/cli.ts";
import { sharedCleanCopy } from "../helpers/checkout.ts";
import { changedFiles, edit, snapshotTree } from "../helpers/tree.ts";

const HTML = (kind: "begin" | "end", id: string) =>
  `<!-- generated:${kind} ${id} (npm run build writes this; edit scripts/catalog) -->`;

/** Each case breaks one target; a description edit elsewhere would make other files drift. */
const cases: {
  name: string;
  file: string;
  change: (t: string) => string;
  message: RegExp;
  line?: (t: string) => number;
}[] = [
  {
    name: "a missing begin marker",
    file: "commands/docs.md",
    change: (t) => t.replace(/^<!-- generated:begin workflow[^\n]*\n/m, ""),
    message: /region "workflow" ends without a begin marker/,
  },
  {
    name: "a missing end marker",
    file: "commands/docs.md",
    change: (t) => t.replace(/^<!-- generated:end workflow[^\n]*\n/m, ""),
    message: /region "workflow" is never closed/,
  },
  {
    name: "a doubled region",
    file: "README.md",
    change: (t) => `${t}\n${HTML("begin", "rules")}\n${HTML("end", "rules")}\n`,
    message: /region "rules" appears twice/,
  },
  {
    name: "an end before its begin",
    file: "README.md",
    change: (t) =>
      t.replace(/^(<!-- generated:begin inventory[^\n]*\n)([\s\S]*?)(<!-- generated:end inventory[^\n]*\n)/m, "$3$2$1"),
    message: /region "inventory" ends without a begin marker/,
  },
  {
    name: "a region nested in another",
    file: "agents/mars-orchestrator.md",
    change: (t) => t.replace(/^(<!-- generated:begin roster[^\n]*\n)/m, `$1${HTML("begin", "planets")}\n`),
    message: /begins inside region "roster"/,
  },
  {
    name: "mismatched begin and end ids",
    file: "agents/mars-orchestrator.md",
    change: (t) => t.replace(/<!-- generated:end roster/, "<!-- generated:end planets"),
    message: /region "roster" is closed by an end marker for "planets"/,
  },
  {
    name: "an unknown region",
    file: "commands/route.md",
    change: (t) => `${t}\n${HTML("begin", "extra")}\n${HTML("end", "extra")}\n`,
    message: /unknown generated region "extra"/,
  },
  {
    name: "a region the generator expects is absent",
    file: "agents/mars-orchestrator.md",
    change: (t) => t.replace(/^<!-- generated:begin planets[^\n]*\n[\s\S]*?<!-- generated:end planets[^\n]*\n/m, ""),
    message: /the generated region "planets" is missing/,
  },
  {
    name: "a marker inside a list",
    file: "commands/build.md",
    change: (t) => `${t}\n- ${HTML("begin", "steps")}\n- ${HTML("end", "steps")}\n`,
    message: /marker inside a list, quote or footnote/,
  },
  {
    name: "a marker inside an unclosed HTML comment",
    file: "README.md",
    change: (t) => t.replace(/^<!-- generated:begin inventory/m, "<!-- an unclosed note\n\n$&"),
    message: /marker inside an HTML comment that opens 2 lines above/,
  },
  {
    name: "a marker that runs on without closing",
    file: "README.md",
    change: (t) =>
      t.replace(/^<!-- generated:begin inventory[^\n]*/m, `<!-- generated:begin inventory${" ".repeat(3000)}`),
    message: /malformed generated-region marker/,
  },
  {
    name: "a malformed marker",
    file: "commands/build.md",
    change: (t) => `${t}\n<!-- generated:begin -->\n`,
    message: /malformed generated-region marker/,
  },
  {
    name: "a frontmatter region moved into the body",
    file: "commands/build.md",
    change: (t) =>
      t.replace(/^# generated:begin frontmatter/m, "# gen-moved").replace(/^# generated:end frontmatter[^\n]*\n/m, "") +
      "\n<!-- generated:begin frontmatter -->\n<!-- generated:end frontmatter -->\n",
    message: /region "frontmatter" must sit in the frontmatter/,
  },
  {
    name: "a manifest with a key the catalog does not produce",
    file: ".claude-plugin/plugin.json",
    change: (t) => t.replace('"license": "MIT",', '"license": "MIT",\n  "homepage": "https://example.com",'),
    message: /"homepage" is not produced by the catalog/,
  },
  {
    name: "a manifest that is not JSON",
    file: ".claude-plugin/marketplace.json",
    change: (t) => t.replace(/\}\s*$/, ""),
    message: /marketplace.json is not valid JSON/,
  },
  {
    name: "a stale command with markers but no workflow",
    file: "commands/route.md",
    change: (t) => t,
    message: /commands\/old\.md has generated regions but no workflow/,
  },
];

describe("refusal: anything the generator does not understand stops it before it writes", () => {
  const checkout = sharedCleanCopy();
  it.each(cases)("$name", ({ file, change, message, name }) => {
    const root = checkout();
    if (name.startsWith("a stale command"))
      fs.copyFileSync(path.join(root, "commands/route.md"), path.join(root, "commands/old.md"));
    else edit(root, file, change);
    // A change that alone would make the orchestrator and the README drift.
    edit(root, "agents/fastapi-pro.md", (t) =>
      t.replace(/^description: "Builds FastAPI code/m, 'description: "Writes FastAPI code'),
    );
    const before = snapshotTree(root);
    const result = buildCli([], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^\S+:\d+:\d+ {2}error {2}/m);
    expect(result.stderr).toContain("nothing was written");
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
    const check = buildCli(["--check"], root);
    expect(check.code).toBe(1);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
  });
});
