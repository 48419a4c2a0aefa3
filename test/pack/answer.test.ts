import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/repo.ts";
import { FIXTURE_PLUGIN, run, sharedInstall } from "./tarball.ts";

let installed: string;
const scratch = tempDir("mars-pack-answer-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  ({ installed } = sharedInstall());
});

describe("the installed package's --cache", () => {
  it("answers a repeated request from dist/answer.mjs alone, byte for byte, until a file changes", () => {
    // A copy of the installed package, so its validator can be taken away below.
    const copy = path.join(scratch, "mars-validate");
    fs.cpSync(path.join(installed, "node_modules", "mars-validate"), copy, { recursive: true });
    fs.symlinkSync(path.join(installed, "node_modules"), path.join(scratch, "node_modules"), "dir");
    const plugin = path.join(scratch, "plugin");
    fs.cpSync(FIXTURE_PLUGIN, plugin, { recursive: true });
    const bin = (args: string[]) =>
      run(process.execPath, [path.join(copy, "scripts/bin/mars-validate.js"), ...args], plugin);
    const cached = ["--format", "json", "--cache", "--cache-location", path.join(scratch, "cache"), "."];

    const cold = bin(["--format", "json", "."]);
    expect(cold.code).toBe(1);
    expect(bin(cached)).toEqual(cold);
    expect(bin(cached)).toEqual(cold);

    // Without the validator, only the quick path can answer: it does, with the same bytes.
    // The command line (dist/mars-validate.mjs) cannot start without the library it imports.
    fs.rmSync(path.join(copy, "dist", "index.mjs"));
    expect(bin(cached)).toEqual(cold);
    // A changed file is not answered from the cache: the quick path leaves it to the validator, gone here.
    fs.appendFileSync(path.join(plugin, "commands", "review-api.md"), "\nOne more line.\n");
    const changed = bin(cached);
    expect(changed.stdout).toBe("");
    expect(changed.stderr).toContain("index.mjs");
  });
});
