// Bundles one TypeScript entry point of this repository for test/helpers/bundle.ts, which runs
// this in a child process: esbuild plugins need its asynchronous API, and the test helper must
// answer synchronously. Usage: node bundle-build.mjs <root> <entry> <outfile>
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { NODE_BUNDLE } from "../../scripts/bin/bundle.js";
import { plainFields } from "../../scripts/bin/plain-fields.js";

const [root, entry, outfile] = process.argv.slice(2);

/**
 * Gives each module of the repository its own import.meta.url, as it has when run from source
 * (esbuild would give every module the bundle's URL): paths a module resolves from its own
 * location (the repository root, schemas next to the code, createRequire) stay what they are.
 */
function ownUrls() {
  const sources = path.join(root, path.sep);
  return {
    name: "own-import-meta-url",
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(sources) || args.path.includes(`${path.sep}node_modules${path.sep}`))
          return undefined;
        const source = fs.readFileSync(args.path, "utf8");
        if (/\bimport\.meta\.(?:dirname|filename)\b/.test(source))
          throw new Error(`${args.path}: import.meta.dirname and filename are not rewritten; use import.meta.url`);
        const url = JSON.stringify(pathToFileURL(args.path).href);
        return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: "ts" };
      });
    },
  };
}

// Resolved as the validator's own bundles are (scripts/bin/bundle.js).
await build({
  ...NODE_BUNDLE,
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  plugins: [plainFields(), ownUrls()],
  logLevel: "error",
});
