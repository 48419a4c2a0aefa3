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

describe("a command's conditions define only what can change its steps", () => {
  const conditions = (id: string) =>
    /## Conditions\n\n([^\n]+)/.exec(
      renderCommandWorkflow(
        catalog,
        catalog.workflows.find((w) => w.id === id)!,
      ),
    )![1]!;

  it("defines every size and flag group where nothing is raised", () => {
    const text = conditions("build");
    expect(text).toMatch(/Sizes: S: .+; M: .+; L: /);
    for (const group of catalog.flagGroups) expect(text).toContain(`${group.name} (${group.flags.join(", ")}:`);
  });

  it("drops size S and a group the raised flags decide: add-auth raises auth, which decides every security step", () => {
    const text = conditions("auth");
    expect(text).not.toMatch(/\bS: /);
    expect(text).toMatch(/Sizes: M: .+; L: /);
    expect(text).not.toContain("security (");
    expect(text).toContain("contract (new-contract, breaking-contract:");
  });

  it("keeps a group a raised flag does not decide: Venus waits for breaking-contract though scaffold raises new-contract", () => {
    const text = conditions("scaffold-fastapi");
    expect(text).toContain("contract (new-contract, breaking-contract:");
    expect(text).not.toContain("data (");
  });
});
