/** One raw line of a byte stream (without its LF), or the size of a line that was too long. */
export type RawLine =
  | { readonly lineNo: number; readonly bytes: Uint8Array }
  | { readonly lineNo: number; readonly tooLong: number }

/**
 * Split a byte stream into LF-terminated lines without holding more than one line (plus one
 * chunk) in memory. A line longer than `maxBytes` is not kept: its size is reported instead, and
 * the bytes up to the next LF are skipped. A final line without LF is yielded too.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncIterable<RawLine> {
  let parts: Uint8Array[] = []
  let size = 0
  let skipped = 0
  let lineNo = 0
  const take = (piece: Uint8Array): void => {
    if (skipped > 0 || size + piece.length > maxBytes) {
      if (skipped === 0) skipped = size
      skipped += piece.length
      parts = []
      size = 0
      return
    }
    parts.push(piece)
    size += piece.length
  }
  const finish = (): RawLine => {
    lineNo += 1
    const line: RawLine = skipped > 0 ? { lineNo, tooLong: skipped } : { lineNo, bytes: concat(parts, size) }
    parts = []
    size = 0
    skipped = 0
    return line
  }
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
    let from = 0
    for (let lf = bytes.indexOf(0x0a, from); lf !== -1; lf = bytes.indexOf(0x0a, from)) {
      take(bytes.subarray(from, lf))
      yield finish()
      from = lf + 1
    }
    if (from < bytes.length) take(bytes.slice(from))
  }
  if (size > 0 || skipped > 0) yield finish()
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0]
  const out = new Uint8Array(size)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
