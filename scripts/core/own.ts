/**
 * A lookup-table entry by a key taken from the input. `table[key]` would find Object.prototype's
 * members for keys such as "constructor", "toString" or "__proto__" and treat them as entries.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
