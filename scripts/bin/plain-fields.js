// markdown-it 15 ships its class fields compiled to a `_defineProperty` helper that converts
// every key and checks the prototype chain before each store; the token constructor calls it
// eight times per token, which made it the largest single cost of a cold run. Every call is a
// statement that passes `this` (or the MarkdownIt function) and a string literal naming a
// field no prototype defines as an accessor, so a plain assignment creates the same own,
// writable, enumerable property. The bundles rewrite each call to that assignment, and the
// helper to a plain store for any call the rewrite does not recognise; a markdown-it whose
// helper reads differently is bundled unchanged.
import fs from "node:fs";

const MARKDOWN_IT = /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.mjs$/;
const HELPER =
  /function _defineProperty\(e, r, t\) \{\s*return \(r = toPropertyKey\(r\)\) in e \? Object\.defineProperty\(e, r, \{\s*value: t,\s*enumerable: !0,\s*configurable: !0,\s*writable: !0\s*\}\) : e\[r\] = t, e;\s*\}/;
const PLAIN = "function _defineProperty(e, r, t) {\n\te[r] = t;\n\treturn e;\n}";
// `_defineProperty(this, /** doc */ "name", value);` becomes `(this.name = value);`.
const CALL = /\b_defineProperty\(\s*(this|MarkdownIt),\s*(?:\/\*\*(?:[^*]|\*(?!\/))*\*\/\s*)?"([A-Za-z_$][\w$]*)",/g;

/** markdown-it's source with plain field stores, or undefined when its helper is not the expected one. */
export function plainFieldSource(source) {
  if (!HELPER.test(source)) return undefined;
  return source.replace(HELPER, PLAIN).replace(CALL, (_, owner, name) => `(${owner}.${name} =`);
}

/** An esbuild plugin that bundles markdown-it with plain field stores (see above). */
export function plainFields() {
  return {
    name: "plain-fields",
    setup(build) {
      build.onLoad({ filter: MARKDOWN_IT }, (args) => {
        const contents = plainFieldSource(fs.readFileSync(args.path, "utf8"));
        return contents === undefined ? undefined : { contents, loader: "js" };
      });
    },
  };
}
