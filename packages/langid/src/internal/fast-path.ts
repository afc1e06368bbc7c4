import type { RangeResult } from './analyzer.js'
import { SENTENCE_BREAK, FILE_EXTENSIONS, L_LETTER, L_UPPER, L_VI_MARK, L_VI_ONLY, isAlnum, isDigit, isSpace } from './latin-letters.js'
import { countHan, decideHan, type HanCounts } from './han.js'
import type { PairTable } from './pair-table.js'
import { Script } from './scripts.js'
import { syllableClass } from './vietnamese.js'

/**
 * Vietnamese evidence (Vietnamese-only words + half the words with shared Vietnamese marks) at
 * which the confidence rounds to 1 at four decimals (1 - e^(-15 / 1.5) > 0.99995).
 */
export const VI_SATURATED = 15

/** The tables the fast path reads (the analyzer's own, shared) and its scratch buffers. */
export interface FastPathTables {
  /**
   * The code units of the text being analysed (`units[i] === text.charCodeAt(i)`, filled by the
   * analyzer): typed-array reads are much cheaper than `charCodeAt`, before and after V8 optimises.
   */
  units: Uint16Array
  readonly scripts: Uint8Array
  /** Latin letter flags (L_*) of every BMP code unit, 0 for the others. */
  readonly latinInfo: Uint8Array
  readonly syllables: PairTable
  readonly base: Uint8Array
  readonly lower: Uint16Array
  /** Whether `units[start, end)` is one of the frequent Vietnamese words (the lexicon, loaded on first use). */
  readonly isFrequentVietnamese: (start: number, end: number) => boolean
  /** Per sampled word: 1 = a syllable or marked, 2 = marked or a distinctive syllable. */
  readonly sampleFlags: Uint8Array
  /** Per sampled word: start and end. */
  readonly sampleBounds: Int32Array
  /** The word being read. */
  readonly word: LatinWord
  readonly han: Uint16Array
  readonly hanCounts: HanCounts
}

/** Checks that only need a sample of a long text (English share, name context) read this many words. */
export const SAMPLE_WORDS = 64
/**
 * Names weigh less only in Vietnamese-looking text: at least this share of the other words are
 * Vietnamese syllables, one of them marked, distinctive or a frequent Vietnamese word.
 */
export const NAME_CONTEXT_VI = 0.5
/** Confidence scale of Vietnamese evidence (evidence at which it reaches 1 - 1/e). */
export const VI_WORDS_SCALE = 1.5

const LATIN: number = Script.Latin
const HAN: number = Script.Han
const KANA: number = Script.Kana
const SAMPLE_SYLLABLE = 1
const SAMPLE_EVIDENCE = 2

/** One Latin word as the script pass reads it. */
export interface LatinWord {
  flags: number
  upper: number
  innerUpper: boolean
  letters: number
  /** Not a word of running text: glued to digits or a URL, an acronym, camelCase. */
  code: boolean
  /** Code only because it is all capitals (POWERED BY ...): a word when nothing else is. */
  caps: boolean
  /** The extension of a file name (after a dot, before a space): the words before it are code too. */
  fileExtension: boolean
}

/**
 * Read the Latin word starting at `i` (inside the range `[start, end)` of `text`, whose code units
 * are `u`) into `word`: its letters
 * (with inner apostrophes: don't, l'homme), flags, and whether it is code (parts of numbers,
 * file names, domains, URLs and e-mail addresses: 1719589951308.png, w9xz2qt5, Baochinhphu.vn,
 * a@b.com; acronyms and inner capitals: AI, OpenAI). Returns its end.
 */
export function readLatinWord(u: Uint16Array, text: string, i: number, start: number, end: number, scripts: Uint8Array, info: Uint8Array, word: LatinWord): number {
  let j = i
  let flags = 0
  let upper = 0
  let n = 0
  for (; j < end; j++) {
    const d = u[j]!
    // Typed-array reads are in range (code units index 64 K tables): no undefined check.
    const f = info[d]!
    if (f !== 0) {
      flags |= f
      n += f & L_LETTER
      upper += (f & L_UPPER) >> 4
      continue
    }
    if ((d === 0x27 || d === 0x2019) && j > i && j + 1 < end && scripts[u[j + 1]!] === LATIN) continue
    break
  }
  // A capital after the first letter.
  const innerUpper = upper > (info[u[i]!]! & L_UPPER) >> 4
  const before = i > start ? u[i - 1]! : 0x20
  const after = j < end ? u[j]! : 0x20
  let glued = false
  word.fileExtension = false
  // Only . / 0-9 : @ _ next to a word can make it part of a number, file name, URL or address.
  if (isGlue(before) || isGlue(after)) {
    const before2 = i - 1 > start ? u[i - 2]! : 0x20
    const after2 = j + 1 < end ? u[j + 1]! : 0x20
    word.fileExtension = before === 0x2e && (j >= end || isSpace(after)) && FILE_EXTENSIONS.has(text.slice(i, j).toLowerCase())
    glued =
      isDigit(before) || isDigit(after) || before === 0x5f || after === 0x5f ||
      (before === 0x2e && isAlnum(before2)) || (after === 0x2e && isAlnum(after2)) ||
      before === 0x40 || after === 0x40 || before === 0x2f || after === 0x2f || (after === 0x3a && after2 === 0x2f)
  }
  word.flags = flags
  word.upper = upper
  word.innerUpper = innerUpper
  word.letters = n
  const caps = upper >= 2 && upper === n
  word.code = glued || caps || (upper >= 2 && innerUpper) || n === 0
  word.caps = caps && !glued
  return j
}

/** . / 0-9 : (U+002E-003A), @ and _. */
const isGlue = (c: number): boolean => (c >= 0x2e && c <= 0x3a) || c === 0x40 || c === 0x5f

/**
 * The common case of Vietnamese news, decided in one pass over the code units without building
 * word objects: a paragraph of Latin letters only (no other script), whose Vietnamese-only letters
 * are dense enough to decide `vi` at once (one in every five words, as the full path requires),
 * with no stretch that could be a quotation in another language. Its confidence is computed as
 * the full path does (Vietnamese-only words, marked words, distinctive bare syllables; names
 * left out when the text around them is Vietnamese). Everything it reads and decides is what the
 * full path would: when any of these does not hold it returns `null` and the full path runs.
 */
export function fastVietnamese(text: string, start: number, end: number, minLetters: number, minSwitchWords: number, t: FastPathTables): RangeResult | null {
  const scripts = t.scripts
  const u = t.units
  const sampleFlags = t.sampleFlags
  const sampleBounds = t.sampleBounds
  // Words that are not code: names (capitalised inside a sentence) and the others.
  let names = 0
  let nonNames = 0
  let viOnly = 0
  let viMarked = 0
  let letters = 0
  // Bare distinctively Vietnamese syllables, over all words and over the words that are not names.
  let distinctiveAll = 0
  let distinctiveNonNames = 0
  // Words in the current run of foreign-looking words, and how many of them are not a syllable.
  let runWords = 0
  let runInvalid = 0
  // End of the previous word (-1 before the first).
  let lastWordEnd = -1
  const word = t.word
  let i = start
  while (i < end) {
    const c = u[i]!
    if (c >= 0xd800 && c < 0xdc00) return null
    const script = scripts[c]!
    if (script === 0) {
      i++
      continue
    }
    if (script !== LATIN) return null
    const j = readLatinWord(u, text, i, start, end, scripts, t.latinInfo, word)
    if (word.fileExtension) return null
    const { flags, upper, innerUpper, letters: n, code } = word
    const marked = (flags & L_VI_MARK) !== 0
    const syllable = marked || code ? -1 : syllableClass(t.syllables, t.base, t.lower, u, i, j)
    // A capitalised word inside a sentence is a name (the script pass's rule).
    const name = !code && upper >= 1 && !innerUpper && n >= 2 && insideSentence(u, lastWordEnd, i)
    lastWordEnd = j
    if (!code) {
      // Not Vietnamese-dense (English, another language): leave it to the full path early.
      if (viOnly === 0 && names + nonNames >= 8) return null
      letters += n
      if (flags & L_VI_ONLY) viOnly++
      else if (marked) viMarked++
      const distinctive = syllable === 2 ? 1 : 0
      distinctiveAll += distinctive
      if (name) names++
      else {
        if (nonNames < SAMPLE_WORDS) {
          sampleFlags[nonNames] = (marked || syllable > 0 ? SAMPLE_SYLLABLE : 0) | (marked || syllable === 2 ? SAMPLE_EVIDENCE : 0)
          sampleBounds[2 * nonNames] = i
          sampleBounds[2 * nonNames + 1] = j
        }
        nonNames++
        distinctiveNonNames += distinctive
      }
    }
    // The full path's quotation finder (splitLatinRun) looks at runs of "foreign" words: no
    // Vietnamese mark and not a distinctively Vietnamese syllable. A run becomes a span only
    // with >= minSwitchWords words (names left out) of which at least half are not syllables at
    // all; trimming syllables at its edges only lowers those counts, so a run below both bounds
    // is never a span.
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
  const markEvidence = viOnly + viMarked / 2
  if (letters < minLetters || viOnly === 0 || markEvidence * 5 < (nonNames > 0 ? nonNames : names)) return null
  if (markEvidence >= VI_SATURATED) return { lang: 'vi', confidence: 1, letters: { vi: letters }, spans: [] }
  const distinctive = weighNames(nonNames, names, t) ? distinctiveNonNames : distinctiveAll
  const evidence = viOnly + viMarked / 2 + distinctive / 2
  const confidence = evidence <= 0 ? 0 : 1 - Math.exp(-evidence / VI_WORDS_SCALE)
  return { lang: 'vi', confidence: Math.round(confidence * 1e4) / 1e4, letters: { vi: letters }, spans: [] }
}

/**
 * Names weigh less (and their syllables do not count) when the sampled other words are mostly
 * Vietnamese syllables, one of them marked, distinctive or a frequent Vietnamese word (the full
 * path's rule, on the sample recorded by {@link fastVietnamese}).
 */
function weighNames(nonNames: number, names: number, t: FastPathTables): boolean {
  if (nonNames === 0 || names === 0) return false
  const sample = Math.min(nonNames, SAMPLE_WORDS)
  const needed = NAME_CONTEXT_VI * sample
  let syllables = 0
  let evidence = 0
  for (let seen = 1; seen <= sample; seen++) {
    const f = t.sampleFlags[seen - 1] ?? 0
    if (f & SAMPLE_SYLLABLE) syllables++
    if (evidence === 0 && (f & SAMPLE_EVIDENCE || t.isFrequentVietnamese(t.sampleBounds[2 * seen - 2] ?? 0, t.sampleBounds[2 * seen - 1] ?? 0))) evidence++
    if (evidence >= 1 && syllables >= needed) return true
    if (syllables + (sample - seen) < needed) return false
  }
  return false
}

/** Whether a capitalised word at `i` is inside a sentence: no sentence break since the previous word. */
export function insideSentence(u: Uint16Array, lastWordEnd: number, i: number): boolean {
  if (lastWordEnd < 0) return false
  for (let g = lastWordEnd; g < i; g++) if (SENTENCE_BREAK.has(u[g]!)) return false
  return true
}

/**
 * A paragraph of Han characters and kana (with punctuation, digits, spaces, and Latin runs
 * shorter than `minSwitchWords` words such as brand names, which take the paragraph's label): the
 * full path would label it from its characters' evidence alone (ja, yue, zh-Hant, zh-Hans, zh),
 * which this counts in one pass. Other scripts, an astral character or a longer Latin run return
 * `null`.
 */
export function fastHan(text: string, start: number, end: number, minLetters: number, minSwitchWords: number, t: FastPathTables): RangeResult | null {
  const scripts = t.scripts
  const u = t.units
  const counts = t.hanCounts.reset()
  const word = t.word
  // Letters and words (not code) of the Latin text, and words of the current Latin run.
  let latinLetters = 0
  let runWords = 0
  let i = start
  while (i < end) {
    const c = u[i]!
    if (c >= 0xd800 && c < 0xdc00) return null
    const script = scripts[c]!
    if (script === 0) {
      i++
      continue
    }
    if (script === HAN || script === KANA) {
      let j = i + 1
      while (j < end && scripts[u[j]!] === script) j++
      if (script === KANA) counts.kana += j - i
      else {
        counts.han += j - i
        countHan(t.han, u, i, j, counts)
      }
      runWords = 0
      i = j
      continue
    }
    if (script !== LATIN) return null
    const j = readLatinWord(u, text, i, start, end, scripts, t.latinInfo, word)
    if (word.fileExtension) return null
    if (!word.code) {
      latinLetters += word.letters
      if (++runWords >= minSwitchWords) return null
    }
    i = j
  }
  if (counts.han + counts.kana === 0 || counts.han + counts.kana + latinLetters < minLetters) return null
  const lang = decideHan(counts)
  return { lang, confidence: Math.round(counts.confidence * 1e4) / 1e4, letters: { [lang]: counts.han + counts.kana + latinLetters }, spans: [] }
}
