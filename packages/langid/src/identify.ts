import { CorpusError } from '@corpus/core'
import { Analyzer, type AnalyzeSettings } from './internal/analyzer.js'
import type { LanguageSpan, LanguageTag } from './types.js'

/** Options of {@link identify} and {@link identifySpans}. */
export interface IdentifyOptions {
  /**
   * A run of Latin words inside text of another script (or of another Latin language inside
   * Vietnamese/English) is a language switch only when it has at least this many words, so brand
   * names (OpenAI, Nvidia) inside Chinese are not switches. Acronyms and camelCase names do not count.
   * @default 3
   */
  readonly minSwitchWords?: number
  /**
   * Fewer letters than this (after dropping URLs, e-mail addresses, file names and tokens glued to
   * digits) gives `und`.
   * @default 2
   */
  readonly minLetters?: number
  /**
   * `mixed` is set when a second language holds more than this share of the letters.
   * @default 0.2
   */
  readonly mixedThreshold?: number
}

/** What {@link identify} says about one string. */
export interface Identification {
  /** BCP 47 label of the language holding most letters, or `und`. */
  readonly lang: LanguageTag
  /** In [0, 1]; see the package README for how it grows with evidence. */
  readonly confidence: number
  /** Share of letters per language, summing to 1 (empty when `und`). */
  readonly shares: Readonly<Record<LanguageTag, number>>
  /** A second language holds more than `mixedThreshold` of the letters. */
  readonly mixed: boolean
  /** Runs in another language than `lang`; offsets are UTF-16 indices into the string. */
  readonly spans: readonly LanguageSpan[]
}

/** Validated settings with defaults filled in. Throws `E_CONFIG` on a bad value. */
export function resolveIdentifyOptions(options: IdentifyOptions = {}): AnalyzeSettings & { mixedThreshold: number } {
  const minSwitchWords = options.minSwitchWords ?? 3
  const minLetters = options.minLetters ?? 2
  const mixedThreshold = options.mixedThreshold ?? 0.2
  if (!Number.isInteger(minSwitchWords) || minSwitchWords < 1) {
    throw new CorpusError('E_CONFIG', `minSwitchWords must be an integer >= 1, got ${String(minSwitchWords)}`)
  }
  if (!Number.isInteger(minLetters) || minLetters < 1) {
    throw new CorpusError('E_CONFIG', `minLetters must be an integer >= 1, got ${String(minLetters)}`)
  }
  if (typeof mixedThreshold !== 'number' || !(mixedThreshold > 0 && mixedThreshold < 1)) {
    throw new CorpusError('E_CONFIG', `mixedThreshold must be a number in (0, 1), got ${String(mixedThreshold)}`)
  }
  return { minSwitchWords, minLetters, mixedThreshold }
}

/** Letter counts per language -> shares rounded to 4 decimals, keys sorted. */
export function toShares(letters: Readonly<Record<string, number>>): Record<string, number> {
  let total = 0
  for (const n of Object.values(letters)) total += n
  const shares: Record<string, number> = {}
  if (total === 0) return shares
  for (const lang of Object.keys(letters).sort()) shares[lang] = Math.round(((letters[lang] ?? 0) / total) * 1e4) / 1e4
  return shares
}

/** True when the second-largest share is above the threshold. */
export function isMixed(shares: Readonly<Record<string, number>>, threshold: number): boolean {
  const sorted = Object.values(shares).sort((a, b) => b - a)
  return (sorted[1] ?? 0) > threshold
}

let shared: Analyzer | undefined
/** The model is loaded on the first call and kept (it is immutable). */
function analyzer(): Analyzer {
  shared ??= new Analyzer()
  return shared
}

/** Settings of a call without options, resolved once. */
const DEFAULTS = resolveIdentifyOptions()

/**
 * Identify the language of one string (a sentence, a paragraph, a JSONL `text` field). The
 * whole string is one unit: its label is the language holding most letters; runs of other
 * languages come back as `spans`.
 *
 * @example
 * identify('Trung Quoc cam OpenAI') // { lang: 'vi', confidence: 0.4866, … }
 * identify('臺大醫學人文博物館是一棟兩層樓的建築') // { lang: 'zh-Hant', … }
 */
export function identify(text: string, options?: IdentifyOptions): Identification {
  const settings = options === undefined ? DEFAULTS : resolveIdentifyOptions(options)
  const result = analyzer().analyze(text, 0, text.length, settings)
  const shares = toShares(result.letters)
  return {
    lang: result.lang,
    confidence: result.confidence,
    shares,
    mixed: isMixed(shares, settings.mixedThreshold),
    spans: result.spans.map((s) => ({ start: s.start, end: s.end, lang: s.lang, confidence: s.confidence })),
  }
}

/**
 * The runs of `text` in another language than its main one, with UTF-16 offsets into `text`
 * (the English title in parentheses inside Chinese, an English quotation inside Vietnamese).
 *
 * @example
 * identifySpans('《地緣政治》(The Geopolitics of Fear in Asia) 指出') // [{ start: 7, end: 37, lang: 'en', … }]
 */
export function identifySpans(text: string, options?: IdentifyOptions): LanguageSpan[] {
  return [...identify(text, options).spans]
}
