import type { Plugin } from "esbuild";

export function cachedApi(root: string): Plugin;
