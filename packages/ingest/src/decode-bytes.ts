/** Decoded text, or the quarantine rule and reason why the bytes are not a text document. */
export type DecodeResult = { readonly text: string } | { readonly rule: DecodeRule; readonly reason: string }

/** Quarantine rules {@link decodeBytes} can return. */
export type DecodeRule = 'invalid-encoding' | 'binary' | 'empty'

/** Share of control characters (other than tab and newlines) above which a text is binary. */
const MAX_CONTROL_RATIO = 0.05
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
const HAS_BREAK = /[\r\u2028\u2029]/
/** A fatal UTF-8 decoder: decoding without `stream` keeps no state, so one serves every call. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decode raw input bytes into normalised text: UTF-8 with or without BOM, or UTF-16 LE/BE with
 * a BOM; CRLF and lone CR become LF; Unicode NFC. Bytes that are not valid in the detected
 * encoding give `invalid-encoding`, NUL bytes or many control characters give `binary`, and
 * text that is empty or only whitespace gives `empty`.
 *
 * @param label Optional encoding label to try instead of UTF-8 when there is no BOM (any
 *   WHATWG label, e.g. `big5`, `windows-1258`); used for HTML that declares its charset.
 * @example
 * decodeBytes(new TextEncoder().encode('Tie\u0302\u0301ng Vie\u0323t')) // { text: 'Tiếng Việt' }
 */
export function decodeBytes(bytes: Uint8Array, label?: string): DecodeResult {
  return decodeWith(bytes, label, true)
}

/**
 * {@link decodeBytes}, optionally without the NFC step: for HTML and Markdown, which are
 * normalised once after their markup is removed (NFC of the whole page would be done twice).
 */
export function decodeWith(bytes: Uint8Array, label: string | undefined, nfc: boolean): DecodeResult {
  let encoding = 'utf-8'
  let body = bytes
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le'
    body = bytes.subarray(2)
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be'
    body = bytes.subarray(2)
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    body = bytes.subarray(3)
  } else {
    // Without a BOM, NUL bytes mean binary data (or UTF-16 without BOM, which is not detectable).
    const nul = body.indexOf(0)
    if (nul !== -1) return { rule: 'binary', reason: `NUL byte at offset ${nul}` }
    if (label) encoding = label
  }
  let text: string
  try {
    text = (encoding === 'utf-8' ? UTF8 : new TextDecoder(encoding, { fatal: true, ignoreBOM: true })).decode(body)
  } catch (error) {
    if (error instanceof RangeError) return { rule: 'invalid-encoding', reason: `unsupported encoding label "${encoding}"` }
    return { rule: 'invalid-encoding', reason: `bytes are not valid ${encoding.toUpperCase()}${describeBadByte(body, encoding)}` }
  }
  return checkText(text, nfc)
}

/**
 * Normalise already-decoded text the way {@link decodeBytes} does (line breaks, NFC) and check
 * it is a text document (not binary, not empty). Used for JSONL `text` fields and HTML output.
 */
export function normaliseText(raw: string): DecodeResult {
  return checkText(raw, true)
}

function checkText(raw: string, nfc: boolean): DecodeResult {
  const nul = raw.indexOf('\u0000')
  if (nul !== -1) return { rule: 'binary', reason: `NUL character at offset ${nul}` }
  // Most texts have no control character at all: one scan decides, the count is taken only then.
  const controls = HAS_CONTROL.test(raw) ? (raw.match(CONTROL)?.length ?? 0) : 0
  if (controls > 0 && controls / raw.length > MAX_CONTROL_RATIO) {
    return { rule: 'binary', reason: `${controls} control characters in ${raw.length} (> ${MAX_CONTROL_RATIO * 100}%)` }
  }
  let text = HAS_BREAK.test(raw) ? raw.replace(/\r\n?|[\u2028\u2029]/g, '\n') : raw
  if (nfc) text = text.normalize('NFC')
  if (isBlank(text)) return { rule: 'empty', reason: text.length === 0 ? 'no text' : `only whitespace (${text.length} characters)` }
  return { text }
}

/** True when the text has no visible character (whitespace, NBSP, zero-width marks only). */
export function isBlank(text: string): boolean {
  return /^[\s\u200b-\u200d\u2060\ufeff]*$/.test(text)
}

function describeBadByte(body: Uint8Array, encoding: string): string {
  if (encoding !== 'utf-8') return ''
  // Binary search for the longest valid prefix (a streaming decode accepts a prefix that stops
  // inside a character), so the reason can point at the bad byte.
  let lo = 0
  let hi = body.length
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body.subarray(0, mid), { stream: true })
      lo = mid
    } catch (error) {
      if (!(error instanceof TypeError)) throw error
      hi = mid
    }
  }
  lo = Math.max(0, hi - 1)
  return ` (invalid byte at offset ${lo}: 0x${(body[lo] ?? 0).toString(16).padStart(2, '0')})`
}
