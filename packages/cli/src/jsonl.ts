import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { once } from 'node:events'

/**
 * Read JSONL from `input`, call `annotate` on each object that has a string `text`, and write one
 * line per input line, in order. A line that is not a JSON object with `text` becomes
 * `{"error": "..."}` and the rest still run. Blank lines are passed through as errors too, so
 * line N of the output always answers line N of the input.
 */
export async function annotateJsonl(
  input: Readable,
  output: Writable,
  annotate: (record: Record<string, unknown> & { text: string }) => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<{ lines: number; errors: number }> {
  const lines = createInterface({ input, crlfDelay: Infinity })
  let count = 0
  let errors = 0
  for await (const line of lines) {
    count += 1
    let result: Record<string, unknown>
    try {
      const value: unknown = JSON.parse(line)
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        result = { error: `line ${count}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}` }
      } else if (typeof (value as { text?: unknown }).text !== 'string') {
        result = { error: `line ${count}: missing string field "text"` }
      } else {
        result = await annotate(value as Record<string, unknown> & { text: string })
      }
    } catch (error) {
      result = { error: `line ${count}: ${(error as Error).message}` }
    }
    if ('error' in result && Object.keys(result).length === 1) errors += 1
    if (!output.write(`${JSON.stringify(result)}\n`)) await once(output, 'drain')
  }
  return { lines: count, errors }
}
