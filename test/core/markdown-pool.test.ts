import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../scripts/core/config.ts";
import { readTree } from "../../scripts/core/disk.ts";
import { markdownBodyOffset, parseMarkdown } from "../../scripts/core/markdown.ts";
import { tokenizeBody } from "../../scripts/core/markdown-body.ts";
import { MarkdownPool, markdownThreads, WORKER_THRESHOLD } from "../../scripts/core/markdown-pool.ts";
import { parseCache } from "../../scripts/core/parse-cache.ts";
import { buildProject, type BodySource } from "../../scripts/core/project.ts";
import { runRulesNow } from "../../scripts/core/run.ts";
import type { Project } from "../../scripts/core/types.ts";
import { REPO_ROOT } from "../helpers/repo.ts";
import { allRules, FIXTURES } from "../helpers/validate.ts";

/** Every Markdown file below a folder (node_modules and dot folders left out). */
function markdownUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith("."))
      found.push(...markdownUnder(full));
    else if (entry.isFile() && entry.name.endsWith(".md")) found.push(full);
  }
  return found;
}

const REAL_MARKDOWN = [
  ...["agents", "skills", "commands", "docs"].flatMap((dir) => markdownUnder(path.join(REPO_ROOT, dir))),
  ...markdownUnder(FIXTURES),
].sort();

/** Trees built both ways: this repository with its own config, and the rule fixtures. */
const TREES = [
  REPO_ROOT,
  ...fs
    .readdirSync(path.join(FIXTURES, "rules"))
    .flatMap((rule) => ["pass", "fail"].map((kind) => path.join(FIXTURES, "rules", rule, kind)))
    .filter((dir) => fs.existsSync(dir)),
];

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread until the workers have tokenized `count` files of the current plan. */
function waitForWorkers(pool: MarkdownPool, count: number): void {
  const until = Date.now() + 60_000;
  while (pool.tokenized < count) {
    if (Date.now() > until) throw new Error(`the workers tokenized ${pool.tokenized} of ${count} files`);
    Atomics.wait(sleeper, 0, 0, 5);
  }
}

/** A body source that lets the workers finish the whole plan before the build takes anything. */
function patientSource(pool: MarkdownPool): BodySource & { planned: number; taken: number } {
  const source = {
    planned: 0,
    taken: 0,
    plan(files: Parameters<BodySource["plan"]>[0]) {
      source.planned = pool.plan(files);
      waitForWorkers(pool, source.planned);
    },
    take(file: string, text: string, offset: number) {
      const body = pool.take(file, text, offset);
      if (body) source.taken++;
      return body;
    },
  };
  return source;
}

function build(root: string, bodies?: BodySource): Project {
  // Each build parses afresh: a kept result would hide which thread tokenized the body.
  parseCache.clear();
  const { config } = loadConfig(root);
  return buildProject(root, readTree(root, config.ignore), config, undefined, bodies ? { bodies } : {});
}

/**
 * What a build read from each Markdown file, and the findings of every rule on it. The YAML
 * document of a frontmatter is left out: this thread parses it either way, and two parses of
 * one text are equal documents but not deeply equal objects.
 */
function outcome(project: Project) {
  return {
    markdown: project.allFiles.map((file) => {
      if (!file.markdown) return [file.path];
      const { frontmatter, ...body } = file.markdown;
      return [file.path, body, frontmatter?.data, frontmatter?.raw, frontmatter?.offset, file.parseIssues];
    }),
    findings: runRulesNow(project, allRules).findings,
  };
}

describe("Markdown tokenized on worker threads", () => {
  let pool: MarkdownPool;
  beforeAll(() => {
    pool = MarkdownPool.start(1)!;
  });
  afterAll(() => {
    pool.close();
    parseCache.clear();
  });

  it("gives each real Markdown file the body this thread gives it", () => {
    const files = REAL_MARKDOWN.map((file) => ({ path: file, text: fs.readFileSync(file, "utf8") }));
    expect(files.length).toBeGreaterThan(300);
    const planned = pool.plan(files);
    expect(planned).toBe(files.length);
    waitForWorkers(pool, planned);
    for (const { path: file, text } of files) {
      const offset = markdownBodyOffset(text);
      // The offset the worker chose is the one parsing arrives at.
      expect(parseMarkdown(text).doc.bodyOffset, file).toBe(offset);
      const fromWorker = pool.take(file, text, offset);
      expect(fromWorker, file).toBeDefined();
      expect(fromWorker, file).toStrictEqual(tokenizeBody(text, offset));
    }
  });

  it("builds the same project and findings as a build on one thread", () => {
    let taken = 0;
    for (const root of TREES) {
      const alone = outcome(build(root));
      const source = patientSource(pool);
      const shared = outcome(build(root, source));
      expect(source.taken, root).toBe(source.planned);
      taken += source.taken;
      expect(shared, root).toStrictEqual(alone);
    }
    expect(taken).toBeGreaterThan(200);
  });

  it("hands a file back to this thread when its text is not the one planned", () => {
    const text = "---\nname: a\n---\n# Title\n\nSee [b](b.md).\n";
    const planned = pool.plan([{ path: "a.md", text }]);
    waitForWorkers(pool, planned);
    expect(pool.take("a.md", `${text}more\n`, markdownBodyOffset(text))).toBeUndefined();
    expect(pool.take("other.md", text, markdownBodyOffset(text))).toBeUndefined();
    // Once taken, the result is gone: a second parse of the file tokenizes it here.
    expect(pool.take("a.md", text, markdownBodyOffset(text))).toStrictEqual(
      tokenizeBody(text, markdownBodyOffset(text)),
    );
    expect(pool.take("a.md", text, markdownBodyOffset(text))).toBeUndefined();
  });
});

describe("how many worker threads a build starts", () => {
  it("starts none for a little Markdown or from the TypeScript sources, and as many as asked", () => {
    expect(markdownThreads(WORKER_THRESHOLD - 1)).toBe(0);
    // These tests run from the sources, where a worker would need its own TypeScript loader.
    expect(markdownThreads(WORKER_THRESHOLD * 10)).toBe(0);
    expect(markdownThreads(10, 2)).toBe(2);
    expect(markdownThreads(WORKER_THRESHOLD * 10, 0)).toBe(0);
  });
});
