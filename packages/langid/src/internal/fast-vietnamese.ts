import type { RangeResult } from './analyzer.js'
import { SENTENCE_BREAK, FILE_EXTENSIONS, L_LETTER, L_UPPER, L_VI_MARK, L_VI_ONLY, isAlnum, isDigit, isSpace } from './latin-letters.js'
import type { PairTable } from './pair-table.js'
import { Script } from './scripts.js'
import { syllableClass } from './vietnamese.js'

/**
 * Vietnamese evidence (Vietnamese-only words + half the words with shared Vietnamese marks) at
 * which the confidence rounds to 1 at four decimals (1 - e^(-15 / 1.5) > 0.99995).
 */
export const VI_SATURATED = 15

/** The tables the fast path reads (the analyzer's own, shared). */
export interface FastPathTables {
  readonly scripts: Uint8Array
  readonly latinInfo: Uint8Array
  readonly syllables: PairTable
  readonly base: Uint8Array
  readonly lower: Uint16Array
}

const LATIN: number = Script.Latin

/**
 * The common case of Vietnamese news, decided in one pass over the code units without building
 * words: a paragraph of Latin letters only (no other script), whose Vietnamese-only letters are
 * dense enough to decide `vi` at once (one in every five words, as the full path requires) and
 * numerous enough that the confidence is 1, and with no stretch that could be a quotation in
 * another language. Everything it reads and decides is what the full path would: when any of
 * these does not hold it returns `null` and the full path runs.
 */
export function fastVietnamese(text: string, start: number, end: number, minLetters: number, minSwitchWords: number, t: FastPathTables): RangeResult | null {
  const scripts = t.scripts
  const info = t.latinInfo
  let words = 0
  let viOnly = 0
  let viMarked = 0
  let letters = 0
  // Words in the current run of foreign-looking words, and how many of them are not a syllable.
  let runWords = 0
  let runInvalid = 0
  // End of the previous word (-1 before the first).
  let lastWordEnd = -1
  let i = start
  while (i < end) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c < 0xdc00) return null
    const script = scripts[c] ?? 0
    if (script === 0) {
      i++
      continue
    }
    if (script !== LATIN) return null
    let j = i
    let flags = 0
    let upper = 0
    let innerUpper = false
    let n = 0
    for (; j < end; j++) {
      const d = text.charCodeAt(j)
      const f = d < 0x2000 ? (info[d] ?? 0) : scripts[d] === LATIN ? L_LETTER : 0
      if (f !== 0) {
        flags |= f
        if (f & L_LETTER) n++
        if (f & L_UPPER) {
          upper++
          if (j > i) innerUpper = true
        }
        continue
      }
      if ((d === 0x27 || d === 0x2019) && j > i && j + 1 < end && scripts[text.charCodeAt(j + 1)] === LATIN) continue
      break
    }
    const before = i > start ? text.charCodeAt(i - 1) : 0x20
    const after = j < end ? text.charCodeAt(j) : 0x20
    const before2 = i - 1 > start ? text.charCodeAt(i - 2) : 0x20
    const after2 = j + 1 < end ? text.charCodeAt(j + 1) : 0x20
    // The same tests as the script pass (analyzer.ts): numbers, file names, domains, URLs,
    // e-mail addresses, acronyms and camelCase names are not words.
    const glued =
      isDigit(before) || isDigit(after) || before === 0x5f || after === 0x5f ||
      (before === 0x2e && isAlnum(before2)) || (after === 0x2e && isAlnum(after2)) ||
      before === 0x40 || after === 0x40 || before === 0x2f || after === 0x2f || (after === 0x3a && after2 === 0x2f)
    const code = glued || (upper >= 2 && (upper === n || innerUpper)) || n === 0
    // A file extension makes the words before it code too: the full path handles that.
    if (before === 0x2e && (j >= end || isSpace(after)) && FILE_EXTENSIONS.has(text.slice(i, j).toLowerCase())) return null
    const marked = (flags & L_VI_MARK) !== 0
    if (!code) {
      // Not Vietnamese-dense (English, another language): leave it to the full path early.
      if (words >= 8 && viOnly === 0) return null
      words++
      letters += n
      if (flags & L_VI_ONLY) viOnly++
      else if (marked) viMarked++
    }
    // The full path's quotation finder (splitLatinRun) looks at runs of "foreign" words: no
    // Vietnamese mark and not a distinctively Vietnamese syllable. A run becomes a span only
    // with >= minSwitchWords words (names left out) of which at least half are not syllables at
    // all; trimming syllables at its edges only lowers those counts, so a run below both bounds
    // is never a span.
    const syllable = marked || code ? -1 : syllableClass(t.syllables, t.base, t.lower, text, i, j)
    // A capitalised word inside a sentence is a name, which the quotation finder does not count.
    let name = !code && upper >= 1 && !innerUpper && n >= 2 && lastWordEnd >= 0
    for (let g = lastWordEnd; name && g < i; g++) if (SENTENCE_BREAK.has(text.charCodeAt(g))) name = false
    lastWordEnd = j
    if (marked || syllable === 2) {
      runWords = 0
      runInvalid = 0
    } else if (!code && !name) {
      runWords++
      if (syllable === 0) runInvalid++
      if (runWords >= minSwitchWords && runInvalid * 2 >= minSwitchWords) return null
    }
    i = j
  }
  const evidence = viOnly + viMarked / 2
  if (letters < minLetters || viOnly === 0 || evidence * 5 < words || evidence < VI_SATURATED) return null
  return { lang: 'vi', confidence: 1, letters: { vi: letters }, spans: [] }
}
