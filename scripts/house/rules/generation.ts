import { catalogApplies, generate, type Generation } from "../../generate/generate.ts";
import type { Project } from "../../core/types.ts";
import { rules } from "../../rules/index.ts";

const cache = new WeakMap<Project, Generation | undefined>();

/**
 * The generator's output for this project, computed once and shared by the catalog rules.
 * Only the repository that holds the catalog (scripts/catalog) is checked against it.
 */
export function generationFor(project: Project): Generation | undefined {
  if (cache.has(project)) return cache.get(project);
  const generation = catalogApplies(project) ? generate(project, { rules: rules }) : undefined;
  cache.set(project, generation);
  return generation;
}
