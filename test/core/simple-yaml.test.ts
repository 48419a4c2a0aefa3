import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { isMap, isPair, isScalar, parse, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { readSimpleYaml, simpleYamlSpan } from "../../scripts/core/simple-yaml.ts";
import { REPO_ROOT } from "../helpers/repo.ts";

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---/;
const samples = fg
  .sync(["agents/**/*.md", "skills/**/*.md", "commands/**/*.md", "evals/**/*.md", "test/fixtures/**/*.md"], {
    cwd: REPO_ROOT,
    dot: true,
  })
  .map((file) => FRONTMATTER.exec(fs.readFileSync(path.join(REPO_ROOT, file), "utf8").replace(/^\uFEFF/, ""))?.[1])
  .filter((raw): raw is string => raw !== undefined);

describe("the simple frontmatter reader", () => {
  it("agrees with the yaml package on every frontmatter it accepts, and accepts most", () => {
    let accepted = 0;
    for (const raw of samples) {
      const simple = readSimpleYaml(raw);
      if (!simple) continue;
      accepted++;
      expect(simple, raw).toEqual(parse(raw) ?? {});
    }
    expect(samples.length).toBeGreaterThan(100);
    expect(accepted / samples.length).toBeGreaterThan(0.5);
  });

  it.each([
    ["numbers, booleans and nulls", "a: 1\nb: true\nc: ~\nd: 0x1F\ne: .5"],
    ["nested mappings", "a:\n  b: c"],
    ["escapes in double quotes", 'a: "x\\ty"'],
    ["comments after values", "a: b # c"],
    ["colons in plain values", "a: b: c"],
    ["duplicate keys", "a: b\na: c"],
    ["flow collections", "a: [b, c]"],
    ["multi-line plain scalars", "a: b\n  c"],
    ["tabs", "a:\tb"],
    ["dashes", "a: b --- c"],
  ])("leaves %s to the yaml package", (_label, raw) => {
    expect(readSimpleYaml(raw)).toBeUndefined();
  });

  it("finds each key and one-line value where the yaml package's nodes are, in every frontmatter it accepts", () => {
    let compared = 0;
    for (const raw of samples) {
      if (!readSimpleYaml(raw)) continue;
      const map = parseDocument(raw).contents;
      if (!isMap(map)) continue;
      for (const pair of map.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const [keyStart, keyEnd] = pair.key.range!;
        expect(simpleYamlSpan(raw, key, "key"), `${key} in ${raw}`).toEqual({
          start: keyStart,
          length: keyEnd - keyStart,
        });
        if (isScalar(pair.value) && pair.value.value !== null) {
          const [start, end] = pair.value.range!;
          expect(simpleYamlSpan(raw, key, "value"), `${key} in ${raw}`).toEqual({ start, length: end - start });
          compared++;
        } else expect(simpleYamlSpan(raw, key, "value")).toBeUndefined();
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
