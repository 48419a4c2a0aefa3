import type { Project, SourceFile } from "../types.ts";

interface MarketplaceEntry {
  index: number;
  entry: Record<string, unknown>;
  name: string | undefined;
}

export interface MarketplaceData {
  file: SourceFile;
  /** The folder holding `.claude-plugin/marketplace.json`; local sources resolve from it. */
  dir: string;
  value: Record<string, unknown>;
  entries: MarketplaceEntry[];
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Every marketplace of the project (the root's first, then nested ones) with its object entries. */
export function readMarketplaces(project: Project): MarketplaceData[] {
  const all: MarketplaceData[] = [];
  for (const marketplace of project.marketplaces) {
    const file = marketplace.file;
    const value = file.ok && file.json ? asObject(file.json.value) : undefined;
    if (!value) continue;
    const entries: MarketplaceEntry[] = [];
    if (Array.isArray(value.plugins)) {
      value.plugins.forEach((item, index) => {
        const entry = asObject(item);
        if (entry) entries.push({ index, entry, name: typeof entry.name === "string" ? entry.name : undefined });
      });
    }
    all.push({ file, dir: marketplace.dir, value, entries });
  }
  return all;
}
