import type { Plugin } from "esbuild";

/** markdown-it's source with plain field stores, or undefined when its helper is not the expected one. */
export function plainFieldSource(source: string): string | undefined;

/** An esbuild plugin that bundles markdown-it with plain field stores instead of its `_defineProperty` helper. */
export function plainFields(): Plugin;
