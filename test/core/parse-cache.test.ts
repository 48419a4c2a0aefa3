import { describe, expect, it } from "vitest";
import { defaultConfig, loadConfig } from "../../scripts/core/config.ts";
import { readMemoryTree } from "../../scripts/core/disk.ts";
import { ParseCache, parseCache, type ParseResult } from "../../scripts/core/parse-cache.ts";
import { buildProject } from "../../scripts/core/project.ts";
import type { SourceFile } from "../../scripts/core/types.ts";
import { loadProject, validateProject } from "../../scripts/core/validate.ts";
import { REPO_ROOT } from "../helpers/repo.ts";
import { allRules } from "../helpers/validate.ts";

const result = (ok = true): ParseResult => ({ ok, issues: [] });
const file = (path: string, text: string) => ({ path, kind: "markdown" as const, text });

describe("the parse cache", () => {
  it("parses a file once while its path, kind and text stay the same", () => {
    const cache = new ParseCache({ entries: 10, chars: 1000 });
    let parses = 0;
    const parse = () => (parses++, result());
    const first = cache.resultFor(file("a.md", "# A"), parse);
    expect(cache.resultFor(file("a.md", "# A"), parse)).toBe(first);
    expect(parses).toBe(1);
    // A changed text, another path or another kind is parsed afresh.
    expect(cache.resultFor(file("a.md", "# A!"), parse)).not.toBe(first);
    cache.resultFor(file("b.md", "# A!"), parse);
    cache.resultFor({ path: "b.md", kind: "agent", text: "# A!" }, parse);
    expect(parses).toBe(4);
    // The changed file replaced its old entry rather than adding one.
    expect(cache.size).toBe(3);
  });

  it("drops the least recently used files once it holds too many or too much text", () => {
    const byCount = new ParseCache({ entries: 2, chars: 1000 });
    const kept = byCount.resultFor(file("a.md", "a"), () => result());
    byCount.resultFor(file("b.md", "b"), () => result());
    byCount.resultFor(file("a.md", "a"), () => result(false)); // a is now the most recent
    byCount.resultFor(file("c.md", "c"), () => result());
    expect(byCount.size).toBe(2);
    expect(byCount.resultFor(file("a.md", "a"), () => result(false))).toBe(kept);
    expect(byCount.resultFor(file("b.md", "b"), () => result(false)).ok).toBe(false);

    const byText = new ParseCache({ entries: 100, chars: 10 });
    byText.resultFor(file("a.md", "123456"), () => result());
    byText.resultFor(file("b.md", "123456"), () => result());
    expect(byText.size).toBe(1);
    // A file larger than the whole budget is parsed but not kept.
    byText.resultFor(file("c.md", "x".repeat(11)), () => result());
    expect(byText.size).toBe(1);
  });
});

const MANIFEST = JSON.stringify({ name: "demo", version: "1.0.0" });
const AGENT = "---\nname: a\ndescription: Reviews code. Use when asked.\n---\n\nSee [the guide](guide.md).\n";

function build(agent: string) {
  const files = new Map([
    [".claude-plugin/plugin.json", Buffer.from(MANIFEST)],
    ["agents/a.md", Buffer.from(agent)],
  ]);
  return buildProject("/demo", readMemoryTree(files), defaultConfig());
}

describe("builds of unchanged content", () => {
  it("reuse the parse of each unchanged file and parse a changed one again", () => {
    const first = build(AGENT);
    const again = build(AGENT);
    const changed = build(AGENT.replace("Reviews", "Checks"));
    const agent = (project: ReturnType<typeof build>) => project.byPath.get("agents/a.md")!;
    const manifest = (project: ReturnType<typeof build>) => project.byPath.get(".claude-plugin/plugin.json")!;
    expect(agent(again)).not.toBe(agent(first));
    expect(agent(again).markdown).toBe(agent(first).markdown);
    expect(manifest(changed).json).toBe(manifest(first).json);
    expect(agent(changed).markdown).not.toBe(agent(first).markdown);
    expect(agent(changed).markdown?.frontmatter?.data?.description).toBe("Checks code. Use when asked.");
  });
});

/** Freezes a parse result all the way down; Sets and Maps throw on any change. */
function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Set || value instanceof Map) {
    for (const method of ["add", "set", "delete", "clear"])
      Object.defineProperty(value, method, {
        value: () => {
          throw new TypeError(`a shared parse result was changed (${method})`);
        },
      });
    for (const item of value) deepFreeze(item, seen);
  }
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if ("value" in descriptor) deepFreeze(descriptor.value, seen);
  }
  Object.freeze(value);
}

const parsed = (f: SourceFile) => [f.markdown, f.json, f.yaml];

describe("shared parse results", () => {
  it("are never changed by the rules, the house preset or the generator they run", async () => {
    const { config } = loadConfig(REPO_ROOT);
    parseCache.clear();
    const fresh = await validateProject(REPO_ROOT, { config, rules: allRules });
    // Load once more (from the cache) and freeze what the next run will be handed.
    const loaded = loadProject(REPO_ROOT, config);
    for (const f of loaded.allFiles) for (const part of parsed(f)) deepFreeze(part);
    const shared = await validateProject(REPO_ROOT, { config, rules: allRules });
    expect(shared.crashes).toEqual([]);
    expect(shared.findings).toEqual(fresh.findings);
    const agents = shared.project.files.filter((f) => f.kind === "agent");
    expect(agents.length).toBeGreaterThan(0);
    for (const agent of agents) expect(Object.isFrozen(agent.markdown)).toBe(true);
  }, 60_000);
});
