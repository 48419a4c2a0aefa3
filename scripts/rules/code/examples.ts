/**
 * Code blocks in documentation are examples: they elide with `...`, name what the reader fills
 * in with `<name>` or `{{var}}`, and show a method, a `case` or an object without the code
 * around it. Such a block is not a syntax error. What stays worth reporting: a block that is
 * complete and still does not parse, and smart quotes that no language accepts.
 */

/** `…`, or `...` that is not a spread (`...args`, `...[`, `...(`, `...{`). */
const ELLIPSIS = /…|\.\.\.(?![\w$[({'"`])/;
/** `<name>`, `<your token>`: a slot for the reader (not in script languages, where it is a type or a tag). */
const ANGLE_SLOT = /<[A-Z_a-z][\w .-]{0,60}>/;
/** `{{ var }}`, `${{ var }}`, `{% tag %}`: a template slot. */
const TEMPLATE_SLOT = /\{\{|\{%/;
/** Typographic quotes: copied into code, they break every language. */
export const SMART_QUOTE = /[\u2018\u2019\u201c\u201d]/;

/** True when the line (or its neighbours) holds a placeholder the reader is meant to replace. */
export function placeholderNear(code: string, line: number, scriptLanguage: boolean): boolean {
  const lines = code.split("\n");
  for (const index of [line - 2, line - 1, line]) {
    const text = lines[index];
    if (text === undefined) continue;
    if (ELLIPSIS.test(text) || TEMPLATE_SLOT.test(text)) return true;
    if (!scriptLanguage && ANGLE_SLOT.test(text)) return true;
  }
  return false;
}

/** True when the block holds an elision anywhere: the author said it is not the whole program. */
export function elides(code: string): boolean {
  return ELLIPSIS.test(code) || TEMPLATE_SLOT.test(code);
}

/** A smart quote on the failing line, outside a comment: the one mistake an example never means. */
export function smartQuoteAt(code: string, line: number): boolean {
  const text = code.split("\n")[line - 1] ?? "";
  const comment = text.search(/\/\/| #|^#/);
  const checked = comment === -1 ? text : text.slice(0, comment);
  return SMART_QUOTE.test(checked);
}

/**
 * Contexts a script fragment may come from: a function body (top-level `return`/`await`), a
 * class body (methods), a `switch` (`case` clauses), an expression (an object literal or an
 * argument list). A fragment that parses in one of them is a fragment, not an error.
 */
export function scriptContexts(code: string): string[] {
  return [
    `async function __example__() {\n${code}\n}`,
    `class __Example__ {\n${code}\n}`,
    `switch (__example__) {\n${code}\n}`,
    `(\n${code}\n)`,
    `({\n${code}\n})`,
  ];
}
