import type { Catalog, SpecialistName } from "../../catalog/index.ts";
import { agentTools } from "../../catalog/model.ts";

/** A specialist's tools line, derived from the modes and artifacts of its workflow steps. */
export function renderAgentTools(catalog: Catalog, name: SpecialistName): string {
  return `tools: ${agentTools(catalog, name).join(", ")}\n`;
}
