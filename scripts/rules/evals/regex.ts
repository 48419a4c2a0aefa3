/** Flags a JavaScript RegExp accepts (the only ones the eval graders take). */
export const JS_FLAGS = /^[dgimsuvy]*$/;

export interface RegexProblem {
  /** Offset inside the pattern of the offending part, when known. */
  index: number | undefined;
  length: number | undefined;
  reason: string;
  hint: string;
}

/**
 * Walks a pattern outside escapes and character classes and calls `visit` at each "(?".
 * Nested classes of the v flag are not tracked; they only matter inside a class anyway.
 */
function groupOpenings(pattern: string, visit: (index: number) => void): void {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      continue;
    }
    if (char === "[") inClass = true;
    else if (char === "(" && pattern[i + 1] === "?") visit(i);
  }
}

/** `(?i)`, `(?-s)`, `(?im-s)`: a modifier group with no body, which no JavaScript engine accepts. */
const UNSCOPED = /^\(\?[A-Za-z]*(?:-[A-Za-z]*)?\)/;
/** `(?i:…)`, `(?-s:…)`: scoped modifiers, which the eval command's engine accepts for i, m and s. */
const SCOPED = /^\(\?([ims]*)(?:-([ims]*))?:/;

function validScoped(on: string, off: string | undefined): boolean {
  const letters = on + (off ?? "");
  return letters !== "" && new Set(letters).size === letters.length;
}

function inlineModifier(pattern: string): { index: number; text: string; letters: string } | undefined {
  let found: { index: number; text: string; letters: string } | undefined;
  groupOpenings(pattern, (index) => {
    const match = found ? null : UNSCOPED.exec(pattern.slice(index));
    if (match && match[0] !== "(?)") found = { index, text: match[0], letters: match[0].slice(2, -1).split("-")[0] ?? "" };
  });
  return found;
}

/**
 * The pattern with valid scoped modifier groups turned into plain non-capturing groups, so that
 * a Node without regexp modifiers can still check the rest of it.
 */
function withoutScopedModifiers(pattern: string): string {
  const cuts: { index: number; length: number }[] = [];
  groupOpenings(pattern, (index) => {
    const match = SCOPED.exec(pattern.slice(index));
    if (match && validScoped(match[1] ?? "", match[2])) cuts.push({ index, length: match[0].length });
  });
  let out = pattern;
  for (const cut of cuts.reverse()) out = `${out.slice(0, cut.index)}(?:${out.slice(cut.index + cut.length)}`;
  return out;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8: "Invalid regular expression: /<source>/<flags>: <reason>"
  const at = message.lastIndexOf(": ");
  return at === -1 ? message : message.slice(at + 2);
}

/**
 * Why `new RegExp(pattern, flags)` would fail when the grader runs, or undefined when it compiles.
 * `flagsKey` names where flags can be given ("flags"), or is undefined when the field takes none.
 */
export function regexProblem(pattern: string, flags: string, flagsKey: string | undefined): RegexProblem | undefined {
  const modifier = inlineModifier(pattern);
  if (modifier) {
    const letters = modifier.letters.toLowerCase().replace(/[^ims]/g, "") || "i";
    const hint = flagsKey
      ? `remove "${modifier.text}" and set ${flagsKey}: ${letters} instead (or scope it as "(?${letters}:…)")`
      : `this field takes no flags: remove "${modifier.text}" and scope it as "(?${letters}:…)" or spell the variants out (for example "[Ff]oo")`;
    return { index: modifier.index, length: modifier.text.length, reason: `uses the inline flag group "${modifier.text}", which JavaScript regular expressions do not support`, hint };
  }
  try {
    new RegExp(withoutScopedModifiers(pattern), flags);
    return undefined;
  } catch (error) {
    // Duplicate names in different alternatives are ES2025, which the eval command's engine accepts and this Node may not.
    if (/Duplicate capture group name/i.test(reasonOf(error))) return undefined;
    const python = /\(\?P[<=>]/.exec(pattern);
    const scoped = /\(\?[A-Za-z]*(?:-[A-Za-z]*)?:/.test(pattern);
    const hint = python
      ? 'this is Python syntax: JavaScript names groups "(?<name>…)" and refers back with "\\k<name>"'
      : scoped
        ? 'a scoped modifier group takes only i, m and s, each once, as in "(?i:…)" or "(?-s:…)"'
        : "check it with new RegExp(…) in Node; the grader throws when it compiles the pattern";
    return { index: python?.index, length: python ? 4 : undefined, reason: `is not a valid JavaScript regular expression (${reasonOf(error)})`, hint };
  }
}

/** Why a flags string that passes the schema's character check still fails (duplicates, "u" with "v"). */
export function flagsProblem(flags: string): string | undefined {
  if (!JS_FLAGS.test(flags)) return undefined;
  try {
    new RegExp("", flags);
    return undefined;
  } catch (error) {
    return reasonOf(error);
  }
}

/** A pattern shortened for a message. */
export function shown(pattern: string): string {
  return pattern.length > 60 ? `${pattern.slice(0, 57)}…` : pattern;
}
