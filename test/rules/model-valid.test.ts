import { describe, expect, it } from "vitest";
import { judgeModel } from "../../scripts/rules/components/model-valid.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

describe("judgeModel", () => {
  it.for([
    "sonnet",
    "Opus",
    "haiku",
    "fable",
    "best",
    "opusplan",
    "sonnet[1m]",
    "opus[1m]",
    "fable[1m]",
    "inherit",
    "Inherit",
    " sonnet ",
    "claude-sonnet-4-5",
    "claude-opus-4-1",
    "claude-opus-5",
    "claude-haiku-4-5",
    "claude-sonnet-4-0",
    "claude-3-5-haiku",
    "claude-3-7-sonnet",
    "claude-mythos-5-2",
    "claude-opus-5[1m]",
    "claude-3-7-sonnet-latest",
    "us.anthropic.claude-opus-4-6-v1",
    "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "claude-opus-4-6@20250101",
    "claude-3-5-sonnet-v2@20241022",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
  ])("accepts %s", (model) => {
    expect(judgeModel(model)).toEqual({ kind: "ok" });
  });

  it.for([
    ["claude-sonnet-4-20250514", "sonnet"],
    ["claude-3-5-sonnet-20241022", "sonnet"],
    ["claude-opus-4-5-20251101", "opus"],
    ["claude-haiku-4-5-20251001[1m]", "haiku"],
  ])("flags the dated id %s", ([model, family]) => {
    expect(judgeModel(model!)).toEqual({ kind: "dated", family });
  });

  it.for([
    ["sonnett", "sonnet"],
    ["claude-sonet-4-5", "claude-sonnet-4-5"],
    ["claude-sonnet-4.5", "claude-sonnet-4-5"],
    ["Claude-Opus-4-1", "claude-opus-4-1"],
    ["gpt-4", undefined],
    ["claude", undefined],
    ["claude-opus", "claude-opus-5"],
    ["us.anthropic.gpt-4-v1", undefined],
  ])("rejects %s", ([model, suggestion]) => {
    const verdict = judgeModel(model!);
    expect(verdict.kind).toBe("unknown");
    if (verdict.kind === "unknown") expect(verdict.suggestion).toBe(suggestion);
  });

  it("skips values of other types and reports nothing for them", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": '{"name":"demo"}',
      "agents/a.md": "---\nname: a\ndescription: A.\nmodel: 4\n---\nBody\n",
      "agents/b.md": "---\nname: b\ndescription: B.\nmodel: [sonnet]\n---\nBody\n",
      "agents/c.md": "---\nname: c\ndescription: C.\nmodel:\n---\nBody\n",
    });
    expect((await findingsFor(root)).filter((f) => f.ruleId === "model-valid")).toEqual([]);
  });
});
