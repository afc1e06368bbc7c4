/**
 * Plain-JSON records keyed by article text (terms, surface forms, languages). Keys come from
 * untrusted text, so `__proto__`, `constructor` and friends must be ordinary keys: records are
 * created without a prototype, read through `hasOwnProperty` and `__proto__` is written with
 * `defineProperty`, which also works on records parsed from JSON (which have a prototype).
 */
export type Counts = Record<string, number>

export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

export function getOwn<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined
}

export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  // Only `__proto__` has a setter on Object.prototype; every other key assigns an own property.
  if (key === '__proto__') Object.defineProperty(rec, key, { value, writable: true, enumerable: true, configurable: true })
  else rec[key] = value
}

export function increment(rec: Counts, key: string, by = 1): void {
  // Hot path. Inherited members (`constructor`, `toString`, `__proto__`) are never numbers, so a
  // number read here is always the record's own count.
  const current = rec[key]
  setOwn(rec, key, (typeof current === 'number' ? current : 0) + by)
}

/** Sum two count records into a new one. */
export function addCounts(a: Counts, b: Counts): Counts {
  const out = record<number>()
  for (const [k, v] of Object.entries(a)) increment(out, k, v)
  for (const [k, v] of Object.entries(b)) increment(out, k, v)
  return out
}

/** Copy a record (prototype-free). */
export function copyRecord<T>(rec: Record<string, T>, map: (value: T) => T = (v) => v): Record<string, T> {
  const out = record<T>()
  for (const [k, v] of Object.entries(rec)) setOwn(out, k, map(v))
  return out
}

/** Code-unit order: locale-independent, so output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
