import type { Rule } from "../../core/types.ts";
import { generationFor } from "./generation.ts";

export const generatedRegionValid: Rule = {
  id: "generated-region-valid",
  severity: "error",
  description:
    "Generated-region markers are paired, in order, where the generator expects them, and the catalog names only agents and skills that exist; otherwise the generator refuses to write.",
  consequence:
    "`npm run build` refuses to write anything while a marker is missing, doubled or out of place, or the catalog names a component that does not exist.",
  check({ project, report }) {
    const generation = generationFor(project);
    for (const refusal of generation?.refusals ?? []) {
      report({
        file: refusal.file,
        ...(refusal.offset !== undefined && refusal.offset >= 0 ? { at: { offset: refusal.offset } } : {}),
        message: refusal.message,
        hint: "fix the file or the catalog, then run npm run build",
      });
    }
  },
};
