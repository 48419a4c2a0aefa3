import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validate, type ValidateOptions } from "../../scripts/api.ts";
import { answeredResult, requestKey } from "../../scripts/core/answers.ts";
import { readAnswer } from "../../scripts/core/cache.ts";
import { validate as cachedValidate } from "../../scripts/core/cached-api.ts";
import { REPO_ROOT, tempDir, writeTree } from "../helpers/repo.ts";

const scratch = tempDir("mars-answers-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const MANIFEST = JSON.stringify({ name: "demo", version: "1.0.0", description: "Demo.", author: { name: "Demo" } });
const AGENT = (model: string) =>
  `---\nname: reviewer\ndescription: Reviews pull requests. Use when a diff needs review.\nmodel: ${model}\n---\n\nBody.\n`;

function plugin(extra: Record<string, string> = {}): string {
  return writeTree(
    { ".claude-plugin/plugin.json": MANIFEST, "agents/reviewer.md": AGENT("sonnett"), ...extra },
    fs.mkdtempSync(path.join(scratch, "plugin-")),
  );
}

function cached(root: string, more: ValidateOptions = {}): ValidateOptions {
  return {
    cwd: root,
    env: { PATH: process.env.PATH },
    cache: { location: path.join(root, "..", `${path.basename(root)}.cache`) },
    ...more,
  };
}

const ruleIds = (result: { findings: { ruleId: string }[] }) => result.findings.map((f) => f.ruleId);

/** The quick path's answer, or "miss" when it would leave the request to the full validator. */
async function quick(root: string, options: ValidateOptions): Promise<unknown> {
  try {
    return await cachedValidate(root, options);
  } catch (error) {
    if ((error as Error).name === "CacheMiss") return "miss";
    throw error;
  }
}

describe("answers from --cache", () => {
  it("answer a repeated request with the result of the last run, on the quick path too", async () => {
    const root = plugin();
    const options = cached(root);
    expect(await quick(root, options)).toBe("miss");
    const first = await validate(root, options);
    expect(ruleIds(first)).toContain("model-valid");
    const again = await validate(root, options);
    expect(again).toEqual(first);
    expect(await quick(root, options)).toEqual(first);
    // The same request without --cache, or with --budget, is never answered from the cache.
    expect(await quick(root, { ...options, cache: undefined })).toBe("miss");
    expect(await quick(root, { ...options, budget: true })).toBe("miss");
  });

  it("are not used once a file is changed, added or removed, and the new result is kept", async () => {
    const root = plugin();
    const options = cached(root);
    await validate(root, options);

    fs.writeFileSync(path.join(root, "agents/reviewer.md"), AGENT("sonnet"));
    expect(await quick(root, options)).toBe("miss");
    const fixed = await validate(root, options);
    expect(ruleIds(fixed)).not.toContain("model-valid");
    expect(await quick(root, options)).toEqual(fixed);

    fs.writeFileSync(path.join(root, "agents/other.md"), AGENT("sonnett").replace("reviewer", "other"));
    expect(await quick(root, options)).toBe("miss");
    const added = await validate(root, options);
    expect(ruleIds(added)).toContain("model-valid");

    fs.rmSync(path.join(root, "agents/other.md"));
    expect(await quick(root, options)).toBe("miss");
    expect(ruleIds(await validate(root, options))).toEqual(ruleIds(fixed));
  });

  it("are not used once the config, the options, the environment or the tool changed", async () => {
    const root = plugin();
    const options = cached(root);
    const first = await validate(root, options);
    const key = requestKey(root, options);
    const file = options.cache!.location!;

    fs.writeFileSync(path.join(root, ".mars-validate.json"), JSON.stringify({ rules: { "model-valid": "off" } }));
    expect(requestKey(root, options)).not.toBe(key);
    expect(await quick(root, options)).toBe("miss");
    const configured = await validate(root, options);
    expect(ruleIds(configured)).not.toContain("model-valid");
    fs.rmSync(path.join(root, ".mars-validate.json"));
    // Back to the first config: its answer is still kept.
    expect(requestKey(root, options)).toBe(key);
    expect(await quick(root, options)).toEqual(first);

    const variants: ValidateOptions[] = [
      { ...options, strict: true },
      { ...options, notes: false },
      { ...options, allFiles: true },
      { ...options, rules: { "model-valid": "warning" } },
      { ...options, env: { PATH: "/nowhere" } },
      { ...options, env: { ...options.env, MARS_PYTHON: "/usr/bin/false" } },
      { ...options, cache: { ...options.cache, strategy: "content" } },
      { ...options, config: false },
    ];
    for (const variant of variants) expect(requestKey(root, variant)).not.toBe(key);
    expect(requestKey(root, options, "another build")).not.toBe(key);
    expect(readAnswer(file, key)).toBeDefined();
    expect(readAnswer(file, key, "another build")).toBeUndefined();
  });

  it("check the files read from skipped folders, and the folders' ignore globs", async () => {
    const hooks = JSON.stringify({
      hooks: {
        SessionStart: [{ hooks: [{ type: "command", command: "${CLAUDE_PLUGIN_ROOT}/node_modules/h/run.sh" }] }],
      },
    });
    const root = plugin({
      "hooks/hooks.json": hooks,
      "node_modules/h/run.sh": "#!/bin/sh\necho hi\n",
      "vendor/notes.md": "ignored",
      ".mars-validate.json": JSON.stringify({ ignore: ["vendor/**"] }),
    });
    fs.chmodSync(path.join(root, "node_modules/h/run.sh"), 0o755);
    const options = cached(root);
    await validate(root, options);
    const entry = readAnswer(options.cache!.location!, requestKey(root, options));
    expect(entry?.targets).toEqual([
      expect.objectContaining({
        root,
        extra: ["node_modules/h/run.sh"],
        ignore: expect.arrayContaining(["vendor/**"]),
      }),
    ]);
    expect(answeredResult(entry, "metadata")).toBeDefined();

    // An ignored file does not matter; the hook under node_modules does.
    fs.writeFileSync(path.join(root, "vendor/notes.md"), "still ignored");
    expect(answeredResult(entry, "metadata")).toBeDefined();
    fs.writeFileSync(path.join(root, "node_modules/h/run.sh"), "#!/bin/sh\necho changed\n");
    expect(answeredResult(entry, "metadata")).toBeUndefined();
  });

  it("ignore an answer that is not in the shape of a result, and run again", async () => {
    const root = plugin();
    const options = cached(root);
    const first = await validate(root, options);
    const file = options.cache!.location!;
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { answers: Record<string, { result: unknown }> };
    const key = requestKey(root, options);
    const planted = [
      { findings: [{ ruleId: 1 }], summary: { errors: 0, warnings: 0, notes: 0, files: 1 }, failed: false, rules: [] },
      { ...(first as object), failed: "no" },
      { ...(first as object), rules: [{ id: "x" }] },
      { ...(first as object), cacheProblem: "planted" },
    ];
    for (const result of planted) {
      data.answers[key]!.result = result;
      fs.writeFileSync(file, JSON.stringify(data));
      expect(await quick(root, options)).toBe("miss");
      expect(await validate(root, options)).toEqual(first);
    }
  });
});

describe("the command line's quick path", () => {
  const bin = path.join(REPO_ROOT, "scripts/bin/mars-validate.js");
  const run = (args: string[], cwd: string) => {
    try {
      return {
        code: 0,
        stdout: execFileSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", stdio: "pipe" }),
      };
    } catch (error) {
      const { status, stdout } = error as { status: number; stdout: string };
      return { code: status, stdout };
    }
  };

  it("prints byte for byte what a cold run prints until a file changes", () => {
    const root = plugin();
    const cacheFile = path.join(scratch, `${path.basename(root)}.cli-cache`);
    for (const format of ["json", "text"]) {
      const cold = run(["--format", format, "--notes", "."], root);
      const args = ["--format", format, "--notes", "--cache", "--cache-location", cacheFile, "."];
      expect(run(args, root)).toEqual(cold);
      expect(run(args, root)).toEqual(cold);
    }
    fs.writeFileSync(path.join(root, "agents/reviewer.md"), AGENT("sonnet"));
    const json = ["--format", "json", "--cache", "--cache-location", cacheFile, "."];
    const changed = run(json, root);
    expect(changed.stdout).toBe(run(["--format", "json", "."], root).stdout);
    expect(changed.stdout).not.toContain("model-valid");
  });
});
