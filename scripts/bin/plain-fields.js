// markdown-it 15 ships its class fields compiled to a `_defineProperty` helper that converts
// every key and checks the prototype chain before each store; the token constructor calls it
// eight times per token, which made it the largest single cost of a cold run. Every call
// passes a string literal naming a field no prototype defines as an accessor, so a plain
// store creates the same own, writable, enumerable property. The bundles use this store; a
// markdown-it whose helper reads differently is bundled unchanged.
import fs from "node:fs";

const MARKDOWN_IT = /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.mjs$/;
const HELPER =
  /function _defineProperty\(e, r, t\) \{\s*return \(r = toPropertyKey\(r\)\) in e \? Object\.defineProperty\(e, r, \{\s*value: t,\s*enumerable: !0,\s*configurable: !0,\s*writable: !0\s*\}\) : e\[r\] = t, e;\s*\}/;
const PLAIN = "function _defineProperty(e, r, t) {\n\te[r] = t;\n\treturn e;\n}";

/** An esbuild plugin that bundles markdown-it with plain field stores (see above). */
export function plainFields() {
  return {
    name: "plain-fields",
    setup(build) {
      build.onLoad({ filter: MARKDOWN_IT }, (args) => {
        const source = fs.readFileSync(args.path, "utf8");
        if (!HELPER.test(source)) return undefined;
        return { contents: source.replace(HELPER, PLAIN), loader: "js" };
      });
    },
  };
}
