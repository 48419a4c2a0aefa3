import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  agentWith,
  ALL_FILES_CONFIG,
  HOUSE_CONFIG,
  marketplaceWithRenames,
  openApiWithInvalidSchemas,
  plugin,
  write,
} from "../../scripts/bench/hostile-cases.ts";
import { boundedEditDistance, closest, editDistance } from "../../scripts/core/text.ts";
import { globMatches } from "../../scripts/rules/components/tool-names-valid.ts";
import { cleanCopy } from "../helpers/repo.ts";
import { edit } from "../helpers/tree.ts";
import { findingsFor } from "../helpers/validate.ts";
import { useHostileFolders } from "./folders.ts";

/**
 * Issue 12, hangs: each input that stalled the validator for 30–60 s (or, extrapolated, minutes)
 * runs here at its full size. Each now completes in milliseconds, so a test that returns at all
 * proves the bound; a regression to super-linear time would stall the suite instead of passing.
 * What each reports is asserted exactly. No test measures time: `npm run bench` does that.
 */

const { folder, built, tracked } = useHostileFolders();

async function where(root: string, ruleId: string): Promise<string[]> {
  return (await findingsFor(root))
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.location.file}:${f.location.start.line}:${f.location.start.column} ${f.message}`);
}

describe("tool names with wildcards", () => {
  it('disallowedTools: "****************Q" is reported at its entry', async () => {
    expect(await where(built("disallowed-tools-stars"), "tool-names-valid")).toEqual([
      'agents/reviewer.md:5:19 "****************Q" matches no Claude Code tool, so the entry has no effect',
    ]);
  });

  it("100,000 stars are one entry too, not an internal error", async () => {
    const findings = await where(built("disallowed-tools-stars-long"), "tool-names-valid");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^agents\/reviewer\.md:5:19 "\*{100000}Q" matches no Claude Code tool/);
  });

  it("matches as the regular expression it replaces did, on every short pattern", () => {
    const names = ["Read", "WebFetch", "WebSearch", "Bash", "NotebookEdit", "a", ""];
    const patterns = ["*", "Web*", "*Fetch", "W*b*h", "*e*", "Re*d", "**", "Q*", "*Q", "B*sh*", "a*", "*a*a*", ""];
    for (const pattern of patterns)
      for (const name of names) {
        const regex = new RegExp(
          `^${pattern
            .split("*")
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`,
        );
        expect(globMatches(pattern, name), `${pattern} ~ ${name}`).toBe(regex.test(name));
      }
  });
});

describe("eval regular expressions", () => {
  it('a pattern "(?" followed by 400,000 letters is reported as invalid at its line', async () => {
    const findings = await where(built("eval-regex-open-group"), "eval-case-structure");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^evals\/slow\/case\.yaml:8:\d+ .*is not a valid JavaScript regular expression/);
  });
});

describe("Python files", () => {
  it.each(["python-brackets", "python-dict-open"])("%s is read and checked without a stale idiom", async (id) => {
    expect(await where(built(id), "stale-idiom")).toEqual([]);
  });

  it("'sessionmaker(' × 70,000 holds no stale idiom: none has class_=AsyncSession", async () => {
    expect(await where(built("python-sessionmaker"), "stale-idiom")).toEqual([]);
  });

  it("thousands of real stale calls are counted up to the budget, and the first is located", async () => {
    const root = folder();
    plugin(root, {
      ".mars-validate.json": HOUSE_CONFIG,
      "scripts/db.py": "factory = sessionmaker(engine, class_=AsyncSession)\n".repeat(5000),
    });
    expect(await where(root, "stale-idiom")).toEqual([
      'scripts/db.py:1:11 stale idiom "sessionmaker(class_=AsyncSession)": SQLAlchemy 2.0 has a dedicated async factory (at least 1000 times here)',
    ]);
  });

  it("a call whose arguments run past the window is not judged by text it cannot see", async () => {
    const root = folder();
    const far = `factory = sessionmaker(engine, ${"x, ".repeat(2000)}class_=AsyncSession)\n`;
    const near = "factory = sessionmaker(engine, class_=AsyncSession)\n";
    plugin(root, { ".mars-validate.json": HOUSE_CONFIG, "scripts/far.py": far, "scripts/near.py": near });
    expect((await where(root, "stale-idiom")).map((f) => f.split(" ")[0])).toEqual(["scripts/near.py:1:11"]);
  });
});

describe("OpenAPI documents", () => {
  it("16,000 invalid schemas: validity is checked, the first error listed and the limit said at line 1", async () => {
    const findings = await where(built("openapi-16k-invalid-schemas"), "openapi-valid");
    expect(findings).toEqual([
      "skills/api/assets/openapi.json:1:1 the document holds more than 4000 values, so only its first schema error is listed; there may be more",
      expect.stringMatching(/^skills\/api\/assets\/openapi\.json:1:\d+ "components\.schemas\.S0\.\w+"/),
    ]);
  });

  it("a document under the limit lists every invalid schema, each at its own place", async () => {
    const root = folder();
    plugin(root, {
      ".mars-validate.json": ALL_FILES_CONFIG,
      "skills/api/assets/openapi.json": openApiWithInvalidSchemas(300).replaceAll("},", "},\n"),
    });
    const findings = await where(root, "openapi-valid");
    // Two errors per schema: the bogus type and "required" not being an array.
    expect(findings).toHaveLength(600);
    expect(new Set(findings.map((f) => f.split(" ")[0]!.split(":")[1])).size).toBe(300);
  });

  it("a valid document over the limit has no finding", async () => {
    const schemas = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [`S${i}`, { type: "object", properties: { id: { type: "string" } } }]),
    );
    const root = folder();
    plugin(root, {
      ".mars-validate.json": ALL_FILES_CONFIG,
      "skills/api/assets/openapi.json": JSON.stringify({
        openapi: "3.0.3",
        info: { title: "t", version: "1" },
        paths: {},
        components: { schemas },
      }),
    });
    expect(await where(root, "openapi-valid")).toEqual([]);
  });
});

describe("marketplaces", () => {
  it("3,000 entries and 3,000 broken renames: each rename is reported, did-you-mean hints stop at 100", async () => {
    const root = folder();
    const text = marketplaceWithRenames(3000).replace(/"gone-(\d+)-x"/g, '"plugin-$1x"');
    write(root, { ".claude-plugin/marketplace.json": text });
    const renames = (await findingsFor(root)).filter((f) => f.ruleId === "marketplace-renames");
    expect(renames).toHaveLength(3000);
    expect(renames.filter((f) => f.hint?.startsWith("did you mean"))).toHaveLength(100);
    expect(renames[0]!.hint).toBe('did you mean "plugin-0"?');
  });
});

describe("did-you-mean distances", () => {
  it("the bounded distance equals Levenshtein up to the bound", () => {
    const words = ["", "a", "ab", "abc", "kitten", "sitting", "flaw", "lawn", "plugin-1", "plugin-12x", "gone-1-x"];
    for (const a of words)
      for (const b of words)
        for (const max of [0, 1, 2, 3]) {
          const exact = editDistance(a, b);
          expect(boundedEditDistance(a, b, max), `${a}|${b}|${max}`).toBe(exact <= max ? exact : max + 1);
        }
  });

  it("compares a 1 MiB word with a candidate in a few steps, and still finds the near one", () => {
    expect(closest("x".repeat(1024 * 1024), ["Read", "Write"])).toBeUndefined();
    expect(closest("Wirte", ["Read", "Write"])).toBe("Write");
  });
});

describe("README markers (validator side)", () => {
  it("'<!-- generated:begin inventory' followed by 300,000 spaces is one located finding", async () => {
    const root = tracked(cleanCopy());
    edit(root, "README.md", (t) =>
      t.replace(
        "Always-on text is loaded",
        `<!-- generated:begin inventory${" ".repeat(300_000)}\n\nAlways-on text is loaded`,
      ),
    );
    const line =
      fs
        .readFileSync(path.join(root, "README.md"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("<!-- generated:begin inventory ")) + 1;
    // The marker is reported where it is; the region's later markers then stand unpaired.
    expect(await where(root, "generated-region-valid")).toEqual([
      expect.stringMatching(new RegExp(`^README\\.md:${line}:1 malformed generated-region marker`)),
      expect.stringMatching(/^README\.md:\d+:1 generated-region marker inside an HTML comment that opens/),
      expect.stringMatching(/^README\.md:\d+:1 region "inventory" ends without a begin marker/),
    ]);
  });
});

describe("ignore globs", () => {
  const GLOB = `${"*a".repeat(14)}*b`;

  it("*a*a*…*b against an 80-character name: the name is not ignored, a matching one is", async () => {
    const root = folder();
    // Built at run time: no token-shaped string lives in the repository.
    const secret = ["AK", "IA", "Z3Q7W2E5R8T1Y4U6"].join("");
    plugin(root, {
      ".mars-validate.json": `${JSON.stringify({ ignore: [GLOB] })}\n`,
      [`${"a".repeat(77)}.md`]: `key = "${secret}"\n`,
      [`${"ab".repeat(39)}b`]: `key = "${secret}"\n`,
    });
    expect((await where(root, "secret-in-file")).map((f) => f.split(":")[0])).toEqual([`${"a".repeat(77)}.md`]);
  });

  it("the same glob in an override applies to the 80-character name without a stall", async () => {
    const root = folder();
    plugin(root, {
      ".mars-validate.json": `${JSON.stringify({ overrides: [{ files: [`agents/${"*a".repeat(14)}*.md`], rules: { "agent-bash-write": "off" } }] })}\n`,
      [`agents/${"a".repeat(77)}.md`]: agentWith(""),
    });
    expect(await where(root, "agent-bash-write")).toEqual([]);
  });
});

describe("Markdown made of brackets", () => {
  it.each(["skill-brackets-open", "skill-brackets-pairs", "skill-brackets-1mib"])(
    "%s is tokenized: its only finding is its size",
    async (id) => {
      const findings = (await findingsFor(built(id))).map(
        (f) => `${f.ruleId} ${f.location.file}:${f.location.start.line}`,
      );
      expect(findings).toEqual(["token-budget skills/x/SKILL.md:6"]);
    },
  );
});

describe("thousands of broken script blocks", () => {
  it("are retried within the run's budget and each reported once, at its first loader's error", async () => {
    const findings = (await findingsFor(built("script-blocks-broken"))).filter((f) => f.ruleId === "code-block-syntax");
    expect(findings).toHaveLength(2000);
    expect(new Set(findings.map((f) => f.message))).toEqual(
      new Set(['"ts" code block does not parse as TypeScript: Unexpected "const"']),
    );
  });
});

describe("Python blocks of bodiless signatures", () => {
  it("are stubbed in one pass, so each block's real error is still found", async () => {
    const findings = (await findingsFor(built("python-signature-blocks"))).filter(
      (f) => f.ruleId === "code-block-syntax",
    );
    expect(findings).toHaveLength(500);
  });
});

describe("a frontmatter of blank lines", () => {
  it("is split in linear time: its fields are read and the body starts after them", async () => {
    const findings = (await findingsFor(built("frontmatter-blank-lines"))).map(
      (f) => `${f.ruleId} ${f.location.file}:${f.location.start.line}`,
    );
    // Fields read (no tools field: every tool), and the body's first line is line 120,002.
    expect(findings).toEqual(["agent-bash-write agents/reviewer.md:120002"]);
  });
});
