import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanRegions } from "../../scripts/generate/regions.ts";
import { buildCli } from "../helpers/cli.ts";
import { sharedCleanCopy } from "../helpers/checkout.ts";
import { edit } from "../helpers/tree.ts";

/** The text outside every generated region: the hand-written part of a file. */
function outside(text: string): string {
  const { regions, problems } = scanRegions(text);
  expect(problems).toEqual([]);
  let result = "";
  let cursor = 0;
  for (const region of [...regions.values()].sort((a, b) => a.contentStart - b.contentStart)) {
    result += text.slice(cursor, region.contentStart) + "\u0000";
    cursor = region.contentEnd;
  }
  return result + text.slice(cursor);
}

const REGION_FILES = [
  "README.md",
  "agents/mars-orchestrator.md",
  ...fs.readdirSync(path.resolve("commands")).map((f) => `commands/${f}`),
];

describe("hand-written text outside the markers is never changed", () => {
  const checkout = sharedCleanCopy();
  it.each(REGION_FILES)("%s", (file) => {
    const root = checkout();
    // Hand edits outside the regions, stale text inside them, CRLF line ends and a BOM.
    edit(
      root,
      file,
      (t) =>
        `\uFEFF${t.replace(/\n/g, "\r\n").replace(/generated:end/g, (m) => m)}`.replace(
          /(generated:begin [^\r\n]*\r\n)/g,
          "$1stale line inside\r\n",
        ) + "\r\nA hand-written closing line.\r\n",
    );
    const original = fs.readFileSync(path.join(root, file), "utf8");
    const result = buildCli([], root);
    expect(result.code, result.stderr).toBe(0);
    const rebuilt = fs.readFileSync(path.join(root, file), "utf8");
    expect(rebuilt).not.toContain("stale line inside");
    expect(outside(rebuilt)).toBe(outside(original));
    expect(rebuilt.startsWith("\uFEFF")).toBe(true);
    expect(rebuilt.replace(/\r\n/g, "").includes("\n")).toBe(false);
  });
});
