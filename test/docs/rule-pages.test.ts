import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RuleMeta } from "../../scripts/core/types.ts";
import { GENERATED_NOTE, renderRulePages, type RulePage } from "../../scripts/docs/rule-pages.ts";
import { docsBase, githubRepository, ruleDocsUrl } from "../../scripts/docs/url.ts";
import { FIXABLE } from "../../scripts/fix/fixable.ts";
import { houseRules } from "../../scripts/house/index.ts";
import { reporters } from "../../scripts/reporters/index.ts";
import { rules } from "../../scripts/rules/index.ts";
import { REPO_ROOT } from "../helpers/repo.ts";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

let pages: RulePage[];

/** The page without its fenced code blocks (a fence closes only with a line of its own length). */
function prose(text: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    const opening = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && opening) fence = opening;
    else if (fence !== undefined && line === fence) fence = undefined;
    else if (fence === undefined) kept.push(line);
  }
  return kept.join("\n");
}

beforeAll(() => {
  pages = renderRulePages(REPO_ROOT, rules, houseRules);
});

describe("rule pages (npm run docs)", () => {
  it("are on disk exactly as the rules and their fixtures render them, and none is left over", () => {
    for (const page of pages) {
      const file = path.join(REPO_ROOT, page.path);
      expect(fs.existsSync(file), `${page.path} is missing: run npm run docs`).toBe(true);
      expect(fs.readFileSync(file, "utf8") === page.text, `${page.path} is out of date: run npm run docs`).toBe(true);
    }
    const onDisk = fs.readdirSync(path.join(REPO_ROOT, "docs", "rules")).map((name) => `docs/rules/${name}`);
    expect(onDisk.sort()).toEqual(pages.map((page) => page.path).sort());
  });

  it("give every rule, general and house, its own page with what it checks, why, its severity and how to set it", () => {
    for (const rule of [...rules, ...houseRules]) {
      const page = pages.find((p) => p.path === `docs/rules/${rule.id}.md`);
      expect(page, rule.id).toBeDefined();
      const text = page!.text;
      expect(text.startsWith(`${GENERATED_NOTE}\n\n# ${rule.id}\n`)).toBe(true);
      expect(text).toContain(rule.description);
      expect(text).toContain(rule.consequence);
      expect(text).toContain(`- Default severity: \`${rule.severity}\``);
      expect(text).toContain(`"rules": { "${rule.id}": "warning" }`);
      expect(text).toContain(FIXABLE[rule.id] ? "- Fixable: yes, with `--fix`" : "- Fixable: no");
    }
  });

  it("show the failing example with its findings, the passing one, and for a fixable rule the diff --fix writes", () => {
    const page = pages.find((p) => p.path === "docs/rules/model-valid.md")!.text;
    expect(page).toMatch(/^Fails \(\[`test\/fixtures\/rules\/model-valid\/fail`\]/m);
    expect(page).toMatch(/^agents\/typo\.md:4:8 {2}error {2}unknown model "sonnett"/m);
    expect(page).toMatch(/^Passes \(/m);
    const fixable = pages.find((p) => p.path === "docs/rules/plugin-manifest-schema.md")!.text;
    expect(fixable).toContain('-  "versoin": "1.0.0",\n+  "version": "1.0.0",');
  });

  it("link only to files that exist (outside the examples, which show fixtures as they are)", () => {
    for (const page of pages)
      for (const match of prose(page.text).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const resolved = path.resolve(REPO_ROOT, path.dirname(page.path), target.split("#")[0]!);
        expect(fs.existsSync(resolved), `${page.path} links to ${target}`).toBe(true);
      }
  });
});

describe("links to the rule pages", () => {
  it("the README rules table links each general rule to its page", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    for (const rule of rules) {
      expect(readme).toContain(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) |`);
      expect(fs.existsSync(path.join(REPO_ROOT, "docs", "rules", `${rule.id}.md`))).toBe(true);
    }
  });

  it("SARIF names each rule's page as helpUri, and text output the address of the pages once", () => {
    const meta: RuleMeta[] = [...rules];
    const summary = { errors: 1, warnings: 0, notes: 0, files: 1 };
    const findings = [
      {
        ruleId: "model-valid",
        severity: "error" as const,
        message: "m",
        location: { file: "a.md", start: { line: 1, column: 1 } },
      },
      {
        ruleId: "model-valid",
        severity: "error" as const,
        message: "n",
        location: { file: "b.md", start: { line: 1, column: 1 } },
      },
    ];
    const sarif = JSON.parse(reporters.sarif(findings, { rules: meta, summary, color: false })) as {
      runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[];
    };
    for (const rule of sarif.runs[0]!.tool.driver.rules) {
      expect(rule.helpUri).toBe(ruleDocsUrl(rule.id));
      expect(rule.helpUri.endsWith(`/docs/rules/${rule.id}.md`)).toBe(true);
    }
    const text = reporters.text(findings, { rules: meta, summary, color: false });
    expect(text.split(`${docsBase()}docs/rules/<rule-id>.md`).length - 1).toBe(1);
    expect(reporters.text([], { rules: meta, summary: { ...summary, errors: 0 }, color: false })).not.toContain(
      "docs/rules",
    );
  });

  it("point at the published package while package.json names no GitHub repository, else at its release tag", () => {
    const pkg = { name: manifest.name, version: manifest.version };
    expect(docsBase(pkg)).toBe(`https://unpkg.com/mars-validate@${manifest.version}/`);
    const tag = `https://github.com/acme/mars/blob/v${manifest.version}/`;
    for (const repository of [
      "acme/mars",
      "github:acme/mars",
      "https://github.com/acme/mars",
      "git+https://github.com/acme/mars.git",
      "git@github.com:acme/mars.git",
      { type: "git", url: "git+https://github.com/acme/mars.git" },
    ])
      expect(docsBase({ ...pkg, repository }), JSON.stringify(repository)).toBe(tag);
    expect(docsBase({ ...pkg, homepage: "https://github.com/acme/mars#readme" })).toBe(tag);
    expect(docsBase({ ...pkg, homepage: "https://mars.example.com" })).toBe(
      `https://unpkg.com/mars-validate@${manifest.version}/`,
    );
    expect(githubRepository("https://gitlab.com/acme/mars")).toBeUndefined();
  });
});
