import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCli } from "../helpers/cli.ts";
import { cleanCopy } from "../helpers/repo.ts";
import { changedFiles, edit, snapshotTree } from "../helpers/tree.ts";

/** Issue 12: marker examples in code are documentation; the build keeps them and finds the real markers. */

const NOTE = "(npm run build writes this; edit scripts/catalog)";
const EXAMPLE = `<!-- generated:begin inventory ${NOTE} -->\nexample row\n<!-- generated:end inventory -->`;

function drift(root: string): void {
  edit(root, "agents/fastapi-pro.md", (t) =>
    t.replace(/^description: "Builds FastAPI code/m, 'description: "Writes FastAPI code'),
  );
}

/** Adds `snippet` to the README's hand-written part, builds, and returns the README before and after. */
function buildWith(change: (readme: string) => string): { before: string; after: string; stdout: string } {
  const root = cleanCopy();
  drift(root);
  edit(root, "README.md", change);
  const before = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const result = buildCli([], root);
  expect(result.code, result.stderr).toBe(0);
  expect(buildCli(["--check"], root).code).toBe(0);
  return { before, after: fs.readFileSync(path.join(root, "README.md"), "utf8"), stdout: result.stdout };
}

describe("marker examples in the README", () => {
  it.each([
    ["a fence with an info string", `\`\`\`js\n${EXAMPLE}\n\`\`\``],
    ["a tilde fence with an info string", `~~~markdown title="example"\n${EXAMPLE}\n~~~`],
    ["an indented code block", EXAMPLE.replace(/^/gm, "    ")],
    ["code spans", EXAMPLE.replace(/^(.*)$/gm, "`$1`\n")],
  ])("inside %s are kept as written, and the real region is rebuilt", (_name, snippet) => {
    const { before, after, stdout } = buildWith((t) => `${t}\n## Markers\n\n${snippet}\n`);
    expect(stdout).toContain("wrote README.md");
    expect(after).toContain(snippet);
    expect(after).not.toBe(before);
    expect(after.split("\n").length).toBe(before.split("\n").length);
  });

  it("in a README that starts with a --- rule are kept, and the rule is no frontmatter", () => {
    const { before, after } = buildWith((t) => `---\n\n\`\`\`text\n${EXAMPLE}\n\`\`\`\n\n${t}`);
    expect(after.startsWith(`---\n\n\`\`\`text\n${EXAMPLE}\n\`\`\`\n`)).toBe(true);
    expect(after).not.toBe(before);
  });
});

describe("frontmatter marker examples in a command's body", () => {
  it("a # generated: comment in a shell block is not a marker", () => {
    const root = cleanCopy();
    const block = "```bash\n# generated:begin frontmatter\necho hi\n# generated:end frontmatter\n```\n";
    edit(root, "commands/docs.md", (t) => `${t}\n${block}`);
    edit(root, "commands/docs.md", (t) => t.replace("## Stop when", "## Stop if"));
    const result = buildCli([], root);
    expect(result.code, result.stderr).toBe(0);
    const after = fs.readFileSync(path.join(root, "commands/docs.md"), "utf8");
    expect(after.endsWith(`\n${block}`)).toBe(true);
    expect(after).toContain("## Stop when");
  });
});

describe("the reported hang", () => {
  it("a README line '<!-- generated:begin inventory' followed by 300,000 spaces is refused, not a stall", () => {
    const root = cleanCopy();
    edit(root, "README.md", (t) =>
      t.replace(
        "Always-on text is loaded",
        `<!-- generated:begin inventory${" ".repeat(300_000)}\n\nAlways-on text is loaded`,
      ),
    );
    const before = snapshotTree(root);
    const result = buildCli([], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^README\.md:\d+:1 {2}error {2}malformed generated-region marker/m);
    expect(changedFiles(before, snapshotTree(root))).toEqual([]);
  });
});
