import type { Catalog, Owner, Planet, Step } from "../../catalog/index.ts";

export function qualified(catalog: Catalog, name: string): string {
  return `\`${catalog.plugin.name}:${name}\``;
}

export function planetOf(catalog: Catalog, name: string): Planet {
  const planet = catalog.planets.find((p) => p.name === name);
  if (!planet) throw new Error(`unknown planet ${name}`);
  return planet;
}

export function ownerText(catalog: Catalog, owner: Owner): string {
  switch (owner.kind) {
    case "orchestrator":
      return "Mars (you)";
    case "agent":
      return qualified(catalog, owner.name);
    case "framework":
      return owner.names.map((n) => qualified(catalog, n)).join(" or ");
    case "planet": {
      const planet = planetOf(catalog, owner.name);
      return `${planet.title} (${planet.domain})`;
    }
  }
}

export function consults(catalog: Catalog, step: Step): string {
  return step.consults?.length ? `; consult ${step.consults.map((s) => qualified(catalog, s)).join(", ")}` : "";
}

/** A table cell: no pipes, no line breaks. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/(?<!\s)\s*\n\s*/g, " ");
}

export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first sentence of a description: the role without the routing clauses. */
export function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s+[A-Z]|$)/s.exec(text.trim());
  return (match ? match[1]! : text.trim()).replace(/\s+/g, " ");
}
