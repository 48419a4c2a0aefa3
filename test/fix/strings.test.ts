import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { jsonStringMap, yamlQuotedMap, yamlSingleQuoted } from "../../scripts/fix/strings.ts";

/** Inserts `insert` (spelt for the literal) before the value's unit `index`, through the map. */
function insertAt(source: string, at: number[], index: number, insert: string): string {
  return source.slice(0, at[index]) + insert + source.slice(at[index]);
}

const text = fc.string({ unit: "binary", maxLength: 40 });

describe("string literal maps", () => {
  it("read every JSON string as JSON.parse does, and an insertion lands at the value's position", () => {
    fc.assert(
      fc.property(text, fc.nat(), (value, pick) => {
        const source = JSON.stringify(value);
        const map = jsonStringMap(source);
        expect(map?.value).toBe(value);
        const index = pick % (value.length + 1);
        // Between the halves of a surrogate pair there is no position of the value to insert at.
        if (index > 0 && index < value.length && map!.at[index] === map!.at[index - 1]) return;
        expect(JSON.parse(insertAt(source, map!.at, index, '\\"'))).toBe(
          `${value.slice(0, index)}"${value.slice(index)}`,
        );
      }),
    );
  });

  it("read JSON escapes of every kind", () => {
    const source = String.raw`"a\u0041\n\"\\\/b"`;
    expect(jsonStringMap(source)).toEqual({ value: 'aA\n"\\/b', at: [1, 2, 8, 10, 12, 14, 16, 17] });
  });

  it("read one-line YAML double- and single-quoted scalars as the yaml package does", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)),
        fc.nat(),
        (value, pick) => {
          const double = stringify(value, { defaultStringType: "QUOTE_DOUBLE", lineWidth: 0 }).trimEnd();
          const map = yamlQuotedMap(double);
          if (!map) return; // A form this reader leaves alone (a folded line) gets no fix.
          expect(map.value).toBe(value);
          const index = pick % (value.length + 1);
          if (index > 0 && index < value.length && map.at[index] === map.at[index - 1]) return;
          expect(parse(insertAt(double, map.at, index, '\\"'))).toBe(`${value.slice(0, index)}"${value.slice(index)}`);
          const single = yamlSingleQuoted(value);
          expect(parse(single)).toBe(value);
          const singleMap = yamlQuotedMap(single);
          expect(singleMap?.value).toBe(value);
          expect(parse(insertAt(single, singleMap!.at, index, '"'))).toBe(
            `${value.slice(0, index)}"${value.slice(index)}`,
          );
        },
      ),
    );
  });

  it("refuse what they do not read exactly: unknown escapes, line breaks, a missing quote", () => {
    expect(jsonStringMap(String.raw`"a\qb"`)).toBeUndefined();
    expect(yamlQuotedMap('"a\nb"')).toBeUndefined();
    expect(yamlQuotedMap("'it's'")).toBeUndefined();
    expect(jsonStringMap('"open')).toBeUndefined();
    expect(yamlQuotedMap("plain")).toBeUndefined();
  });
});
