import type { Catalog } from "../../catalog/index.ts";

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function renderPluginManifest(catalog: Catalog, version: string): string {
  const { plugin } = catalog;
  return json({
    name: plugin.name,
    version,
    description: plugin.description,
    author: plugin.author,
    license: plugin.license,
    keywords: plugin.keywords,
  });
}

export function renderMarketplace(catalog: Catalog, version: string): string {
  const { plugin } = catalog;
  return json({
    name: plugin.marketplace.name,
    owner: plugin.marketplace.owner,
    description: plugin.marketplace.description,
    plugins: [
      {
        name: plugin.name,
        source: "./",
        version,
        description: plugin.description,
        category: plugin.category,
        keywords: plugin.keywords,
        license: plugin.license,
      },
    ],
  });
}
