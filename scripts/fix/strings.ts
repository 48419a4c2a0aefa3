/**
 * Where each character of a quoted string's value sits in the source that spells it. A fix that
 * inserts text at a position of the value (a quote around a word of a hook command) must insert
 * it at the matching source offset, past any escapes before it.
 */

/**
 * For a string literal `source` (quotes included): `at[i]` is the source offset of the value's
 * i-th UTF-16 unit, and `at[value.length]` the offset of the closing quote. Undefined when the
 * literal is not one this module reads exactly (it then offers no fix).
 */
export interface StringMap {
  value: string;
  at: number[];
}

const SIMPLE_JSON: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const SIMPLE_YAML: Record<string, string> = {
  ...SIMPLE_JSON,
  "0": "\0",
  a: "\u0007",
  v: "\v",
  e: "\u001b",
  " ": " ",
  "\t": "\t",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

const HEX_LENGTH_JSON: Record<string, number> = { u: 4 };
const HEX_LENGTH_YAML: Record<string, number> = { x: 2, u: 4, U: 8 };

function readEscaped(
  source: string,
  simple: Record<string, string>,
  hexLength: Record<string, number>,
): StringMap | undefined {
  const quote = source[0];
  if ((quote !== '"' && quote !== "'") || source.length < 2 || source[source.length - 1] !== quote) return undefined;
  const at: number[] = [];
  let value = "";
  let i = 1;
  const end = source.length - 1;
  while (i < end) {
    const char = source[i]!;
    if (char === "\n" || char === "\r") return undefined; // Folded lines: not read exactly here.
    if (quote === "'") {
      if (char === "'") {
        if (source[i + 1] !== "'") return undefined;
        at.push(i);
        value += "'";
        i += 2;
        continue;
      }
      at.push(i);
      value += char;
      i++;
      continue;
    }
    if (char === '"') return undefined;
    if (char !== "\\") {
      at.push(i);
      value += char;
      i++;
      continue;
    }
    const code = source[i + 1];
    if (code === undefined) return undefined;
    const length = hexLength[code];
    if (length !== undefined) {
      const hex = source.slice(i + 2, i + 2 + length);
      if (!/^[\dA-Fa-f]+$/.test(hex) || hex.length !== length) return undefined;
      const decoded = String.fromCodePoint(Number.parseInt(hex, 16));
      for (let unit = 0; unit < decoded.length; unit++) at.push(i);
      value += decoded;
      i += 2 + length;
      continue;
    }
    const decoded = simple[code];
    if (decoded === undefined) return undefined;
    at.push(i);
    value += decoded;
    i += 2;
  }
  at.push(end);
  return { value, at };
}

/** A JSON string token, as jsonc-parser's tree spans it. */
export function jsonStringMap(source: string): StringMap | undefined {
  if (!source.startsWith('"')) return undefined;
  return readEscaped(source, SIMPLE_JSON, HEX_LENGTH_JSON);
}

/** A one-line YAML double- or single-quoted scalar. */
export function yamlQuotedMap(source: string): StringMap | undefined {
  return readEscaped(source, SIMPLE_YAML, HEX_LENGTH_YAML);
}

/** A YAML single-quoted scalar holding `value`: the style that needs no escape but doubled quotes. */
export function yamlSingleQuoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
