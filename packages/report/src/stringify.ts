import { compareStrings } from './internal/records.js'
import type { Report } from './schema.js'

/** A canonical array index: such keys are listed first, in numeric order, by every JS engine. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/
const isIndexKey = (key: string): boolean => INDEX_KEY.test(key) && Number(key) < 0xffffffff

/**
 * Keys in the order `JSON.stringify` writes an object built with keys inserted in code-unit order:
 * array-index keys first (numerically), then the others in code-unit order.
 */
function orderedKeys(value: object): string[] {
  const keys = Object.keys(value)
  const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b))
  const other = keys.filter((k) => !isIndexKey(k)).sort(compareStrings)
  return index.length > 0 ? [...index, ...other] : other
}

function toJsonValue(input: unknown): unknown {
  // As JSON.stringify does: an object with a toJSON method (a report aggregate) is written as what it returns.
  return input !== null && typeof input === 'object' && typeof (input as { toJSON?: unknown }).toJSON === 'function' ? (input as { toJSON(): unknown }).toJSON() : input
}

/** A copy with keys inserted in code-unit order (JSON.stringify then writes them in {@link orderedKeys} order). */
function canonical(input: unknown): unknown {
  const value = toJsonValue(input)
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

function scalar(v: unknown): string {
  return typeof v === 'number' && Object.is(v, -0) ? '0' : (JSON.stringify(v) ?? 'null')
}

/** Pieces of about this many characters are handed out at a time. */
const PIECE_CHARS = 1 << 16

/**
 * {@link stringifyJson} in pieces (each a few tens of kilobytes), so a large report can be written
 * to a stream without ever holding the whole text, or a sorted copy of the value, in memory.
 * Joined, the pieces are exactly `stringifyJson(value)`.
 *
 * @example
 * for (const piece of stringifyJsonPieces(report)) out.write(piece)
 */
export function* stringifyJsonPieces(value: unknown): Generator<string> {
  let buffer = ''
  // One generator per nesting level (a report nests under ten deep); `buffer` is handed out
  // whenever it grows past PIECE_CHARS after an array item.
  function* write(input: unknown, indent: string): Generator<string> {
    const v = toJsonValue(input)
    if (v === null || typeof v !== 'object') {
      buffer += scalar(v)
    } else if (Array.isArray(v)) {
      if (v.length === 0) {
        buffer += '[]'
      } else {
        const inner = `${indent}  `
        buffer += '['
        for (let i = 0; i < v.length; i++) {
          buffer += `${i === 0 ? '' : ','}\n${inner}`
          const item = toJsonValue(v[i])
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol') buffer += 'null'
          else if (item === null || typeof item !== 'object') buffer += scalar(item)
          // An item of a list (a row) is small: the engine's JSON.stringify of its sorted copy,
          // indented (a newline only occurs between tokens; strings escape theirs).
          else buffer += JSON.stringify(canonical(item), null, 2).replaceAll('\n', `\n${inner}`)
          if (buffer.length >= PIECE_CHARS) {
            yield buffer
            buffer = ''
          }
        }
        buffer += `\n${indent}]`
      }
    } else {
      const record = v as Record<string, unknown>
      const keys = orderedKeys(record).filter((k) => {
        const item = toJsonValue(record[k])
        return item !== undefined && typeof item !== 'function' && typeof item !== 'symbol'
      })
      if (keys.length === 0) {
        buffer += '{}'
      } else {
        const inner = `${indent}  `
        buffer += '{'
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string
          buffer += `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `
          const item = toJsonValue(record[key])
          if (item === null || typeof item !== 'object') buffer += scalar(item)
          else yield* write(item, inner)
        }
        buffer += `\n${indent}}`
      }
    }
  }
  yield* write(value, '')
  yield `${buffer}\n`
}

/**
 * Deterministic JSON: keys sorted in code-unit order at every level, 2-space indent, trailing
 * newline. Two reports with equal content give identical bytes.
 */
export function stringifyJson(value: unknown): string {
  return `${JSON.stringify(canonical(value), null, 2)}\n`
}

/**
 * `report.json` as written by the CLI: {@link stringifyJson} of the report. For a large report,
 * write {@link stringifyJsonPieces} of it to a stream instead.
 *
 * @example
 * await writeFile('reports/report.json', stringifyReport(report))
 */
export function stringifyReport(report: Report): string {
  return stringifyJson(report)
}
