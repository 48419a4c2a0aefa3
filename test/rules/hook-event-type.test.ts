import { describe, expect, it } from "vitest";
import { securityRules } from "../../scripts/rules/security/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor, format } from "../helpers/validate.ts";

const manifest = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: "p", version: "1.0.0", description: "x", ...extra });
const ids = async (root: string, id: string) =>
  (await findingsFor(root, securityRules)).filter((f) => f.ruleId === id).map(format);

describe("hook-event-type", () => {
  it("flags guard hooks placed outside the hooks object only where the CLI refuses them", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest({
        experimental: { PermissionRequest: [{ hooks: [{ type: "command", command: "x" }] }] },
        lspServers: { PreToolUse: [] },
      }),
      "hooks/hooks.json": JSON.stringify({
        modules: ["./mod.ts"],
        extra: { matcher: "Bash", hooks: [{ type: "command", command: "x" }] },
      }),
      "hooks/mod.ts": "export function register() {}\n",
    });
    expect(await ids(root, "hook-event-type")).toEqual([
      ".claude-plugin/plugin.json:1:65 hook-event-type",
      "hooks/hooks.json:1:25 hook-event-type",
    ]);
  });

  it("points a permission rule written as a matcher to the handler's if field", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest(),
      "hooks/hooks.json": JSON.stringify({
        hooks: {
          PreToolUse: [
            { matcher: "Write(docs/**)", hooks: [{ type: "command", command: "x" }] },
            { matcher: "Bash(", hooks: [{ type: "command", command: "x" }] },
          ],
        },
      }),
    });
    const hints = (await findingsFor(root, securityRules))
      .filter((f) => f.ruleId === "hook-event-type")
      .map((f) => f.hint);
    expect(hints).toEqual([
      'a matcher takes tool names; put the rule in the handler\'s "if" field: "matcher": "Write" with "if": "Write(docs/**)"',
      "list tool names separated by | (Edit|Write), or escape the regex characters",
    ]);
  });

  it("leaves a hooks file without a wrapper to hooks-schema", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest(),
      "hooks/hooks.json": JSON.stringify({ PreToolUse: [{ hooks: [{ type: "command", command: "x" }] }] }),
    });
    expect(await ids(root, "hook-event-type")).toEqual([]);
  });

  it("never throws on wrongly typed hooks, MCP configs and agents", async () => {
    const weird = [
      null,
      1,
      "x",
      true,
      [],
      {},
      [null],
      [1, "x"],
      { hooks: 1 },
      { hooks: [null, 1, { type: 5 }] },
      { matcher: 5, hooks: [] },
    ];
    const hooks = Object.fromEntries(
      ["PreToolUse", "Stop", "SessionStart", "Bogus", "PermissionRequest"].map((e, i) => [e, i % 2 ? weird : weird[i]]),
    );
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest({
        hooks: [hooks, null, 5],
        mcpServers: [{ a: null, b: { command: 5, args: [null, 3], env: [1], headers: "x" } }, "./m.json", 7],
      }),
      "hooks/hooks.json": JSON.stringify({ hooks, PreToolUse: weird, modules: 3 }),
      ".mcp.json": JSON.stringify({
        mcpServers: {
          a: { type: "http", url: 5 },
          b: { url: "http://", headers: { Authorization: 5 } },
          c: { command: "", args: "x", env: { K: null } },
          d: [],
        },
      }),
      "m.json": JSON.stringify([1, 2]),
      "agents/a.md": "---\ntools: 5\ndisallowedTools: {a: 1}\n---\nbody\n",
      "agents/b.md": "---\n- list\n---\nbody\n",
      "agents/c.md": "no frontmatter\n",
      "skills/s/SKILL.md": "---\nname: s\ndescription: d\nhooks: [1, 2]\nPreToolUse: 5\n---\n!`curl`\n```!\n",
      "commands/c.md": "---\nhooks: 5\n---\n!`` !`x\n",
    });
    await expect(findingsFor(root, securityRules)).resolves.toBeInstanceOf(Array);
  });
});

describe("hook-event-type: one habit per file is one finding", () => {
  it("groups a file's millisecond-looking timeouts, and its permission rules written as matchers", async () => {
    const handler = (timeout: number) => ({ type: "command", command: "x", timeout });
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest(),
      "hooks/hooks.json": JSON.stringify({
        hooks: {
          PreToolUse: [
            { matcher: "Write(docs/**)", hooks: [handler(3000)] },
            { matcher: "Edit(docs/**)", hooks: [handler(5000)] },
          ],
        },
      }),
    });
    const found = (await findingsFor(root, securityRules))
      .filter((f) => f.ruleId === "hook-event-type")
      .map((f) => `${f.message.slice(0, 20)} ×${1 + (f.related?.length ?? 0)}`);
    expect(found.sort()).toEqual(['matcher "Write(docs/ ×2', "timeout 3000 is in s ×2"]);
  });
});
