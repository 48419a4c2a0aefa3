import { describe, expect, it } from "vitest";
import { catalog } from "../../scripts/catalog/index.ts";
import { renderCommandWorkflow } from "../../scripts/generate/render/commands.ts";

const build = catalog.workflows.find((w) => w.id === "build")!;
const steps = (text: string) => text.split(/\n(?=\d+\. \*\*)/).filter((block) => /^\d+\. \*\*/.test(block));

describe("command steps say a repeated part once", () => {
  it("points a step whose gates equal an earlier step's back to that step, which states them in full", () => {
    const blocks = steps(renderCommandWorkflow(catalog, build));
    const references = blocks.flatMap((block) =>
      [...block.matchAll(/Gate: as step (\d+)\./g)].map((m) => Number(m[1])),
    );
    expect(references.length).toBeGreaterThan(0);
    for (const number of references) expect(blocks[number - 1]).toMatch(/Gate: if .+, stop and ask the user/);
  });

  it("writes 'from the same' only right after a planet note drawn from the same artifacts", () => {
    const blocks = steps(renderCommandWorkflow(catalog, build));
    blocks.forEach((block, i) => {
      if (!block.includes("from the same.")) return;
      expect(blocks[i - 1]).toMatch(/handoff; .*\) from the (?!same)[^.]+, where present\.|from the same\./);
    });
    expect(blocks.some((block) => block.includes("from the same."))).toBe(true);
  });
});
