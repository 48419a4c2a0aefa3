import { firstDifferentLine } from "../../generate/diff.ts";
import type { Rule } from "../../core/types.ts";
import { generationFor } from "./generation.ts";

export const generatedUpToDate: Rule = {
  id: "generated-up-to-date",
  severity: "error",
  description:
    "Files the generator derives from scripts/catalog (orchestrator regions, commands, manifests, README inventory) match what `npm run build` would write.",
  consequence:
    "A derived file that differs from what the catalog generates means the orchestrator, a command, a manifest or the README says something the source of truth does not.",
  check({ project, report }) {
    const generation = generationFor(project);
    if (!generation || generation.refusals.length > 0) return;
    for (const file of generation.files) {
      if (file.before === file.after) continue;
      if (file.before === null) {
        report({
          file: file.path,
          message: `${file.path} does not exist but the catalog generates it`,
          hint: "run npm run build",
        });
        continue;
      }
      const before = file.before.replace(/^\uFEFF/, "");
      report({
        file: file.path,
        at: { line: firstDifferentLine(before, file.after.replace(/^\uFEFF/, "")) },
        message: `${file.path} differs from what the catalog generates`,
        hint: "run npm run build",
      });
    }
  },
};
