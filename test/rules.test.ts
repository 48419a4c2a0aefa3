import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  FIXTURES,
  allRules as rules,
  expand,
  findingsFor,
  format,
  prepareFixture,
  prepareFixtureWithExpectations,
} from "./helpers/validate.ts";

const RULE_FIXTURES = path.join(FIXTURES, "rules");

/**
 * Every rule has fixtures/rules/<id>/pass (no finding of that rule) and fail (exactly the
 * findings listed in fail/expected.txt, one "path:line:col rule-id" per line).
 */
// Each fixture runs only the rule it is for: the others' findings are filtered out anyway, and
// python3 and esbuild then start only for the rules that read them.
describe.each(rules.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
  it("reports nothing on its passing fixture", async () => {
    const root = await prepareFixture(path.join(RULE_FIXTURES, id, "pass"));
    expect((await findingsFor(root, [rule])).filter((f) => f.ruleId === id).map(format)).toEqual([]);
  });

  it("reports exactly the expected findings on its failing fixture", async () => {
    const dir = path.join(RULE_FIXTURES, id, "fail");
    const prepared = await prepareFixtureWithExpectations(dir);
    const expected =
      prepared.expected ??
      fs
        .readFileSync(path.join(dir, "expected.txt"), "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"));
    expect(expected.length).toBeGreaterThan(0);
    const root = prepared.root;
    const actual = expand(await findingsFor(root, [rule]))
      .filter((f) => f.ruleId === id)
      .map(format);
    expect(actual.sort()).toEqual(expected.sort());
  });
});
