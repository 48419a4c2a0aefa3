import { describe, expect, it } from "vitest";
import { schemaRules } from "../../scripts/rules/schema/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const handler = (extra: Record<string, unknown>) => ({ type: "command", command: "x", ...extra });

describe("hooks-schema unknown keys", () => {
  it("reports an annotation key once per repository as a note, and a misplaced field as a warning", async () => {
    const hooks = {
      _comment: "why these hooks exist",
      version: "1.2.0",
      troubleshooting: { debug: "set DEBUG=1" },
      hooks: {
        PreToolUse: [
          { matcher: "Bash", hooks: [handler({ description: "guards Bash" }), handler({ matcher: "Edit" })] },
        ],
        Stop: [{ hooks: [handler({ description: "says goodbye" })] }],
      },
    };
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", description: "x" }),
      "hooks/hooks.json": JSON.stringify(hooks, null, 2),
    });
    const findings = (await findingsFor(root, schemaRules)).filter((f) => f.ruleId === "hooks-schema");
    const summary = findings.map(
      (f) => `${f.severity} ${/unknown property "([^"]+)"/.exec(f.message)?.[1]} ×${1 + (f.related?.length ?? 0)}`,
    );
    expect(summary.sort()).toEqual([
      "note _comment ×1",
      "note description ×2",
      "note troubleshooting ×1",
      "note version ×1",
      "warning matcher ×1",
    ]);
  });

  it('still fails a file whose top-level key is a near miss of "hooks" (none of its hooks load)', async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", description: "x" }),
      "hooks/hooks.json": JSON.stringify({ hook: { Stop: [{ hooks: [handler({})] }] } }),
    });
    const findings = (await findingsFor(root, schemaRules)).filter((f) => f.ruleId === "hooks-schema");
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'error hooks.json needs a "hooks" object (or a "modules" list)',
    ]);
  });
});

describe("hooks-schema: handlers written without their matcher group", () => {
  it("says the cause once per file, not a missing field and two unknown keys per event", async () => {
    const hooks = {
      hooks: {
        PreToolUse: [handler({})],
        Stop: [handler({ timeout: 30 })],
        SessionStart: [{ hooks: [handler({})] }],
      },
    };
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", description: "x" }),
      "hooks/hooks.json": JSON.stringify(hooks, null, 2),
    });
    const findings = (await findingsFor(root, schemaRules)).filter((f) => f.ruleId === "hooks-schema");
    expect(findings.map((f) => `${f.severity} ${f.message.slice(0, 40)} ×${1 + (f.related?.length ?? 0)}`)).toEqual([
      'error hook handler written straight into the " ×2',
    ]);
  });
});

describe("hooks-schema: a hooks value that is not keyed by event", () => {
  it("says the whole plugin fails to load (plugin details does not find it), once", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": JSON.stringify({ name: "p", version: "1.0.0", description: "x" }),
      "hooks/hooks.json": JSON.stringify({ hooks: [handler({})] }),
    });
    const findings = (await findingsFor(root, schemaRules)).filter((f) => f.ruleId === "hooks-schema");
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'error "hooks" must be an object keyed by event name ("PreToolUse": [...]), found a list: Claude Code fails to load the whole plugin, not only its hooks',
    ]);
  });
});
