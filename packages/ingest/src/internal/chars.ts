/**
 * Character classes of the cleaner as bit flags in one table over the UTF-16 code units, so the
 * per-line scans (trimming, word units, normalised keys) are one lookup per character instead of
 * a regular expression per line (issue 6). Each class states the regex it replaces; the code
 * using it keeps that regex's exact result.
 */

/** JavaScript `\s` (WhiteSpace and LineTerminator): `[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]`. */
export const JS_SPACE = 1
/** Edges trimmed off a line: `\s` plus zero-width marks `[\u200b-\u200d\u2060\ufeff]`. */
export const EDGE = 2
/** Word separators of the unit count: space, tab, LF, CR, NBSP, ideographic space, U+2000–U+200B. */
export const UNIT_SPACE = 4
/** Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan; CJK extension high surrogates). */
export const DENSE = 8
/** Letters and digits, roughly: not ASCII punctuation and not a Unicode punctuation/symbol block. */
export const WORD = 16
/** Leading chrome of a UI line: `[\s>»›•|·*#\-【「『[]`. */
export const UI_LEAD = 32
/** Trailing chrome of a UI line: `[\s:：>»›|·.…▸►→\-】」』\]]`. */
export const UI_TRAIL = 64
/** Trailing sentence marks dropped from a repeated-line key: `[\s.。!！?？…]`. */
export const KEY_TRAIL = 128
/** Sentence-final punctuation: `[.!?。！？…;；:：]`. */
export const SENTENCE_END = 256
/** Statement-final punctuation: `[.。:：;；]`. */
export const STATEMENT_END = 512
/** Closing quotes and brackets after final punctuation: `["'”’»)）」』】\]]`. */
export const CLOSER = 1024
/** Units MinHash shingles are made of: ASCII letters and digits, and from U+00C0 on everything but the punctuation/symbol blocks. */
export const SHINGLE = 2048

function build(): Uint16Array {
  const table = new Uint16Array(0x10000)
  const add = (flag: number, chars: string): void => {
    for (let i = 0; i < chars.length; i += 1) table[chars.charCodeAt(i)]! |= flag
  }
  const range = (flag: number, from: number, to: number): void => {
    for (let c = from; c <= to; c += 1) table[c]! |= flag
  }
  // Large ranges with fill (native, so loading the module stays cheap): from U+00C0 everything is
  // a word and shingle unit but the punctuation/symbol blocks; the dense scripts are words too.
  table.fill(WORD | SHINGLE, 0xc0)
  for (const [from, to] of [[0x2000, 0x2bff], [0x3000, 0x303f], [0xfe30, 0xfe6f], [0xff00, 0xff20]] as const) table.fill(0, from, to + 1)
  for (const [from, to] of [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0xf900, 0xfaff], [0x3040, 0x30ff], [0x0e00, 0x0eff], [0x1780, 0x17ff], [0x1000, 0x109f], [0x0f00, 0x0fff], [0xd840, 0xd87f]] as const) {
    table.fill(WORD | SHINGLE | DENSE, from, to + 1)
  }
  table[0xd7] = SHINGLE // × and ÷ are shingle units but not word characters
  table[0xf7] = SHINGLE
  range(WORD | SHINGLE, 0x30, 0x39)
  range(WORD | SHINGLE, 0x41, 0x5a)
  range(WORD | SHINGLE, 0x61, 0x7a)
  add(WORD, '\u00aa\u00b5\u00ba')
  const space = '\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff'
  add(JS_SPACE | EDGE, space)
  range(JS_SPACE | EDGE, 0x2000, 0x200a)
  add(EDGE, '\u200b\u200c\u200d\u2060')
  add(UNIT_SPACE, ' \t\n\r\u00a0\u3000')
  range(UNIT_SPACE, 0x2000, 0x200b)
  add(UI_LEAD, `${space}>»›•|·*#-【「『[`)
  range(UI_LEAD, 0x2000, 0x200a)
  add(UI_TRAIL, `${space}:：>»›|·.…▸►→-】」』]`)
  range(UI_TRAIL, 0x2000, 0x200a)
  add(KEY_TRAIL, `${space}.。!！?？…`)
  range(KEY_TRAIL, 0x2000, 0x200a)
  add(SENTENCE_END, '.!?。！？…;；:：')
  add(STATEMENT_END, '.。:：;；')
  add(CLOSER, `"'”’»)）」』】]`)
  return table
}

/** Flags of every UTF-16 code unit (a read-only table, built once when the module loads). */
export const CHAR_FLAGS: Readonly<Uint16Array> = build()

/** Flags of the code unit at `i` of `text`. */
export const flagsAt = (text: string, i: number): number => CHAR_FLAGS[text.charCodeAt(i)] ?? 0

/** Index after the run of `flag` characters starting at `from`, at most `limit`. */
export function skipForward(text: string, from: number, flag: number, limit = text.length): number {
  let i = from
  while (i < limit && ((CHAR_FLAGS[text.charCodeAt(i)] ?? 0) & flag) !== 0) i += 1
  return i
}

/** Start of the run of `flag` characters that ends at `end` (default: the end of the text), not before `floor`. */
export function skipBackward(text: string, floor: number, flag: number, end = text.length): number {
  let i = end
  while (i > floor && ((CHAR_FLAGS[text.charCodeAt(i - 1)] ?? 0) & flag) !== 0) i -= 1
  return i
}

/**
 * True when the last `window` code units end with a `final` character followed only by closers
 * (the regex `[final][closers]*$` on `text.slice(-window)`).
 */
export function endsWithFinal(text: string, final: number, window: number): boolean {
  const stop = Math.max(0, text.length - window)
  let i = text.length - 1
  while (i >= stop && ((CHAR_FLAGS[text.charCodeAt(i)] ?? 0) & CLOSER) !== 0) i -= 1
  return i >= stop && ((CHAR_FLAGS[text.charCodeAt(i)] ?? 0) & final) !== 0
}
