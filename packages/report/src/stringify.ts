import { compareStrings } from './internal/records.js'
import type { Report } from './schema.js'

function canonical(input: unknown): unknown {
  // As JSON.stringify does: an object with a toJSON method (a report aggregate) is written as what it returns.
  const value = input !== null && typeof input === 'object' && typeof (input as { toJSON?: unknown }).toJSON === 'function' ? (input as { toJSON(): unknown }).toJSON() : input
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    const keys = Object.keys(value).sort(compareStrings)
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key]
      if (v === undefined) continue
      // defineProperty: a key such as `__proto__` from article text stays an ordinary key.
      Object.defineProperty(out, key, { value: canonical(v), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  if (typeof value === 'number' && Object.is(value, -0)) return 0
  return value
}

/**
 * Deterministic JSON: keys sorted in code-unit order at every level, 2-space indent, trailing
 * newline. Two reports with equal content give identical bytes.
 */
export function stringifyJson(value: unknown): string {
  return `${JSON.stringify(canonical(value), null, 2)}\n`
}

/**
 * `report.json` as written by the CLI: {@link stringifyJson} of the report.
 *
 * @example
 * await writeFile('reports/report.json', stringifyReport(report))
 */
export function stringifyReport(report: Report): string {
  return stringifyJson(report)
}
