import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanCopy, tempDir } from "../helpers/repo.ts";
import { runAction, stepRun } from "./action-runner.ts";
import { sarifProblems } from "./sarif.ts";
import { FIXTURE_PLUGIN, npmEnv } from "./tarball.ts";

describe("the action without a version", () => {
  it("runs the validator from its own checkout (npm ci there) and writes the same valid SARIF", () => {
    const actionPath = cleanCopy();
    const workspace = path.join(tempDir("mars-workspace-"), "repo");
    fs.cpSync(FIXTURE_PLUGIN, workspace, { recursive: true });
    const run = runAction({ inputs: {}, workspace, actionPath, env: npmEnv({ npm_config_prefer_offline: "true" }) });
    expect(stepRun(run, "install").code).toBe(0);
    expect(fs.existsSync(path.join(actionPath, "node_modules", "tsx"))).toBe(true);
    const validate = stepRun(run, "validate");
    expect({ code: validate.code, stderr: validate.stderr }).toEqual({ code: 0, stderr: "" });
    const log = JSON.parse(fs.readFileSync(run.outputs["sarif-file"]!, "utf8")) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual([
      "agent-frontmatter-schema",
      "agent-name-format",
      "code-block-syntax",
      "code-block-syntax",
      "model-valid",
      "openapi-valid",
      "plugin-manifest-metadata",
      "plugin-manifest-schema",
    ]);
    expect(run.outputs["exit-code"]).toBe("1");
  }, 600_000);
});
