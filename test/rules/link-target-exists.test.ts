import { describe, expect, it } from "vitest";
import { linkTargetExists } from "../../scripts/rules/references/link-target-exists.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const MANIFEST = JSON.stringify({ name: "alpha", version: "1.0.0", description: "d", author: { name: "a" } });

async function messages(files: Record<string, string>, config?: object): Promise<string[]> {
  const root = writeTree({
    ".claude-plugin/plugin.json": MANIFEST,
    ...(config ? { ".mars-validate.json": JSON.stringify(config) } : {}),
    ...files,
  });
  return (await findingsFor(root, [linkTargetExists])).map(
    (f) => `${f.location.file}:${f.location.start.line} ${f.message}`,
  );
}

describe("link-target-exists: heading anchors GitHub generates", () => {
  it.for([
    ["## The *fast* path", "the-fast-path"],
    ["## Step 2: `run` it", "step-2-run-it"],
    ["## What's new? (v2.0)", "whats-new-v20"],
    ["## Émigré café", "émigré-café"],
    ["## API & SDK", "api--sdk"],
    ["## [Linked](https://x.y) heading", "linked-heading"],
    ["Setext heading\n==============", "setext-heading"],
    ["## snake_case_name", "snake_case_name"],
    ['<a name="legacy-anchor"></a>', "legacy-anchor"],
    ["## Usage\n\n## Usage", "usage-1"],
  ] as const)("%s → #%s", async ([heading, anchor]) => {
    expect(
      await messages({ "skills/s/SKILL.md": `---\ndescription: d\n---\n\n${heading}\n\nSee [here](#${anchor}).\n` }),
    ).toEqual([]);
  });

  it("says why a heading the file shows makes no anchor: it sits in an HTML block or in code", async () => {
    const hints = async (body: string) => {
      const root = writeTree({
        ".claude-plugin/plugin.json": MANIFEST,
        "skills/s/SKILL.md": `---\ndescription: d\n---\n\n${body}`,
      });
      return (await findingsFor(root, [linkTargetExists])).map((f) => f.hint);
    };
    expect(
      await hints("See [the law](#the-iron-law).\n\n<IMPORTANT>\n## The Iron Law\nAlways test.\n</IMPORTANT>\n"),
    ).toEqual([
      "line 8 looks like that heading but is not one where the file is rendered: it sits in an HTML block (a line such as <TAG> right above it, with no blank line between), which runs to the next blank line; put a blank line after the HTML line",
    ]);
    expect(await hints("See [setup](#setup).\n\n```md\n## Setup\n```\n")).toEqual([
      "line 8 looks like that heading but sits inside a code block, which makes no anchor",
    ]);
    // With the blank line the heading is one, and the link finds it.
    expect(
      await hints("See [the law](#the-iron-law).\n\n<IMPORTANT>\n\n## The Iron Law\nAlways test.\n</IMPORTANT>\n"),
    ).toEqual([]);
  });

  it("warns about an anchor no heading produces", async () => {
    expect(
      await messages({ "skills/s/SKILL.md": "---\ndescription: d\n---\n\n## Setup\n\nSee [here](#install).\n" }),
    ).toEqual(['skills/s/SKILL.md:7 no heading or anchor "#install" in this file']);
  });
});

describe("link-target-exists: targets whose existence cannot be decided", () => {
  it("skips ignored paths, node_modules and GitHub repository pages", async () => {
    expect(
      await messages(
        {
          "README.md":
            "[gen](generated/out.md) [dep](node_modules/x/README.md) [issues](../../issues) [wiki](../../wiki/Home)\n",
        },
        { ignore: ["generated/**"], files: "all" },
      ),
    ).toEqual([]);
  });

  it("lints a README only when every file is linted, since Claude Code never reads it", async () => {
    expect(await messages({ "README.md": "[up](../../other/x.md)\n" })).toEqual([]);
    expect(await messages({ "README.md": "[up](../../other/x.md)\n" }, { files: "all" })).toEqual([
      'README.md:1 link target "../../other/x.md" points outside the validated folder',
    ]);
  });
});

describe("link-target-exists: website routes in pages copied from a docs site", () => {
  async function severities(files: Record<string, string>): Promise<string[]> {
    const root = writeTree({ ".claude-plugin/plugin.json": MANIFEST, ...files });
    return (await findingsFor(root, [linkTargetExists])).map(
      (f) => `${f.severity} ${f.location.file}:${f.location.start.line} ${f.message}${f.count ? ` ×${f.count}` : ""}`,
    );
  }
  const skill = "---\ndescription: d\n---\n\nSee [refs](references/01-overview.md).\n";

  it("reports extension-less targets that do not exist once per file, as a note", async () => {
    expect(
      await severities({
        "skills/s/SKILL.md": skill,
        "skills/s/references/01-overview.md":
          "# Overview\n\nSee [select](select), [modals](../actions/modals) and [x](select).\n",
      }),
    ).toEqual([
      'note skills/s/references/01-overview.md:3 link target "select" has no file extension and does not exist: a website route, not a file in the plugin ×3',
    ]);
  });

  it("still warns about a missing file with an extension, a folder link, or a route whose .md file exists", async () => {
    const found = await severities({
      "skills/s/SKILL.md": skill,
      "skills/s/references/01-overview.md": "# Overview\n\nSee [a](gone.md), [b](gone/) and [c](setup).\n",
      "skills/s/references/setup.md": "# Setup\n",
    });
    expect(found).toEqual([
      'warning skills/s/references/01-overview.md:3 link target "gone.md" does not exist',
      'warning skills/s/references/01-overview.md:3 link target "gone/" does not exist',
      'warning skills/s/references/01-overview.md:3 link target "setup" does not exist',
    ]);
  });
});

describe("link-target-exists: hints", () => {
  it("names the file beside the linking one when a link climbs one folder too many", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "skills/s/SKILL.md": "---\ndescription: d\n---\n\nSee [usage](references/usage.md).\n",
      "skills/s/references/usage.md":
        "# Usage\n\nSee [the API](../api.md), [errors](../errors.md) and [gone](../gone.md).\n",
      "skills/s/references/api.md": "# API\n",
      "skills/s/references/errors.md": "# Errors\n",
    });
    const found = await findingsFor(root, [linkTargetExists]);
    expect(found.map((f) => `${f.message} | ${f.hint} | ${f.related?.length ?? 0}`)).toEqual([
      'link target "../api.md" does not exist | the linking file\'s own folder holds it: "api.md" | 1',
      'link target "../gone.md" does not exist | fix the path or add the file | 0',
    ]);
  });
});

describe("link-target-exists: a folder that was never added", () => {
  it("is one finding for every link into it, naming the folder", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "skills/s/SKILL.md":
        "---\ndescription: d\n---\n\nSee [a](references/std/a.md), [b](references/std/b.md) and [c](references/std/deep/c.md).\n",
    });
    const found = await findingsFor(root, [linkTargetExists]);
    expect(found.map((f) => `${f.message} | ${1 + (f.related?.length ?? 0)}`)).toEqual([
      'link target "references/std/a.md" does not exist: its folder "references" is missing | 3',
    ]);
  });
});

describe("link-target-exists: a file that sits elsewhere in the plugin", () => {
  it("is named when it is the only file of that name", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": MANIFEST,
      "skills/s/SKILL.md": "---\ndescription: d\n---\n\nSee [usage](references/usage.md).\n",
      "skills/s/references/usage.md": "# Usage\n\nSee [the guide](../syntax_guide.md).\n",
      "skills/s/references/syntax/syntax_guide.md": "# Guide\n",
    });
    const found = await findingsFor(root, [linkTargetExists]);
    expect(found.map((f) => f.hint)).toEqual(['did you mean "syntax/syntax_guide.md"?']);
  });
});

describe("link-target-exists: a link into the user's home folder", () => {
  it("says the file exists only where the user has it, once per file", async () => {
    expect(
      await messages({
        "skills/table/SKILL.md":
          "---\nname: table\ndescription: Builds data tables. Use when a table needs paging.\n---\n\nSee [query](~/.claude/skills/query/SKILL.md) and [again](~/.claude/skills/query/SKILL.md#setup).\n",
      }),
    ).toEqual([
      'skills/table/SKILL.md:6 link target "~/.claude/skills/query/SKILL.md" is in the user\'s home folder, outside the plugin: it exists only where the user has that file',
    ]);
  });
});
