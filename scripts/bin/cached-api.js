// The quick bundle (scripts/bin/answer.ts) is the command line built over core/cached-api.ts in
// place of the library: the same argument parsing and reporters, and none of the validator.
import path from "node:path";

/** An esbuild plugin that resolves scripts/api.ts to scripts/core/cached-api.ts. */
export function cachedApi(root) {
  const api = path.join(root, "scripts", "api.ts");
  const standIn = path.join(root, "scripts", "core", "cached-api.ts");
  return {
    name: "cached-api",
    setup(build) {
      build.onResolve({ filter: /[\\/]api\.ts$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === api ? { path: standIn } : undefined,
      );
    },
  };
}
