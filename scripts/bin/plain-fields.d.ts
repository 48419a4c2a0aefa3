import type { Plugin } from "esbuild";

/** An esbuild plugin that bundles markdown-it with plain field stores instead of its `_defineProperty` helper. */
export function plainFields(): Plugin;
