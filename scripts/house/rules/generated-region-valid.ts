import type { Rule } from "../../core/types.ts";
import { generationFor } from "./generation.ts";

export const generatedRegionValid: Rule = {
  id: "generated-region-valid",
  severity: "error",
  description:
    "Generated-region markers are paired, in order, where the generator expects them, and the catalog names only agents and skills that exist; otherwise the generator refuses to write.",
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
