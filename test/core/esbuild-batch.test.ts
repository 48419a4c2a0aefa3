import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { batchParser, type ParseRequest } from "../../scripts/core/esbuild-batch.ts";
import { checkScripts, runBudget } from "../../scripts/core/scripts.ts";

const TSCONFIG = JSON.stringify({ compilerOptions: { experimentalDecorators: true } });

const REQUESTS: ParseRequest[] = [
  ["const a: number = 1;", "ts"],
  ["const a: number = 1;", "js"],
  ["export default () => <div>{x}</div>;", "tsx"],
  ["function (", "js"],
  ["let x = {\n  a: 1,\n  b: ,\n};", "ts"],
  ["@Component({}) class A {}", "ts"],
  ["return 1;", "ts"],
  ["const s = 'ünïcödé' + ;", "js"],
];

/** What `transform` says of each request, one call each: the answers the batch must give. */
function oneByOne(requests: readonly ParseRequest[]) {
  return Promise.all(
    requests.map(([text, loader]) =>
      esbuild.transform(text, { logLevel: "silent", tsconfigRaw: TSCONFIG, loader }).then(
        () => [],
        (error: { errors: esbuild.Message[] }) => error.errors,
      ),
    ),
  );
}

/** The parts of a message the validator reads. */
const read = (answers: esbuild.Message[][]) =>
  answers.map((messages) => messages.map((m) => [m.text, m.location?.line, m.location?.column, m.location?.lineText]));

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mars-batch-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("parsing many texts in one esbuild build", () => {
  it("gives each text the errors transform gives it, in order", async () => {
    const expected = await oneByOne(REQUESTS);
    expect(expected.filter((m) => m.length > 0)).toHaveLength(4);
    const batch = await batchParser(esbuild, TSCONFIG, { TMPDIR: scratch })(REQUESTS);
    expect(read(batch)).toEqual(read(expected));
  });

  it("leaves nothing in the scratch folder", async () => {
    await batchParser(esbuild, TSCONFIG, { TMPDIR: scratch })(REQUESTS);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it("asks transform text by text when the scratch folder cannot be written", async () => {
    const missing = path.join(scratch, "missing", "deeper");
    const batch = await batchParser(esbuild, TSCONFIG, { TMPDIR: missing })(REQUESTS);
    expect(read(batch)).toEqual(read(await oneByOne(REQUESTS)));
  });

  it("gives the same verdicts to script blocks whichever way it asks", async () => {
    const blocks = [
      { code: "const x = 1;", lang: "ts", file: "a.md" },
      { code: "await fetch(url);\nreturn data;", lang: "js", file: "a.md" },
      { code: "getUser(id: string) {\n  return this.repo.find(id);\n}", lang: "typescript", file: "b.md" },
      { code: "const = ;", lang: "javascript", file: "b.md" },
    ];
    const batched = await checkScripts(blocks, new Map(), { TMPDIR: scratch });
    const single = await checkScripts(blocks, new Map(), { TMPDIR: path.join(scratch, "missing") });
    const verdicts = (report: Awaited<ReturnType<typeof checkScripts>>) =>
      blocks.map((b) => report.problems(b.code, b.lang)?.map((m) => `${m.line}:${m.column} ${m.text}`));
    expect(verdicts(batched)).toEqual([[], [], [], ['1:7 Expected identifier but found "="']]);
    expect(verdicts(single)).toEqual(verdicts(batched));
  });
});

describe("the retry budget", () => {
  const blocks = (count: number, size: number) =>
    Array.from({ length: count }, (_, i) => ({ code: `${i}`.padEnd(size, "x"), lang: "ts", file: `f${i % 50}.md` }));

  it("is the floor for any input under 1 MiB of code, and grows with the code past it", () => {
    expect(runBudget(blocks(2_000, 400))).toBe(8_000);
    // secondsky/claude-skills: 6,703 distinct blocks, about 2.7 MiB of code, 17,440 retries asked.
    const large = runBudget(blocks(6_703, 450));
    expect(large).toBeGreaterThan(17_440);
    expect(runBudget(blocks(13_406, 450))).toBe(2 * large);
  });
});
