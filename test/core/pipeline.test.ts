import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../scripts/core/config.ts";
import { validateProject, validateProjectAsync } from "../../scripts/core/validate.ts";
import { allRules as rules } from "../helpers/validate.ts";
import { FIXTURES, format, prepareFixture } from "../helpers/validate.ts";

describe("the asynchronous pipeline", () => {
  it.each(["code-block-syntax", "python-syntax", "stale-idiom"])(
    "finds exactly what the synchronous one finds on the %s fixture",
    async (id) => {
      const root = await prepareFixture(path.join(FIXTURES, "rules", id, "fail"));
      const { config } = loadConfig(root);
      const sync = validateProject(root, { config, rules }).findings.map(format);
      const async = (await validateProjectAsync(root, { config, rules })).findings.map(format);
      expect(sync.length).toBeGreaterThan(0);
      expect(async).toEqual(sync);
    },
  );
});
