/**
 * BCP 47 label: `vi`, `zh-Hant`, `zh-Hans`, `zh` (Chinese with no script-distinguishing
 * character), `yue` (written Cantonese), `en`, another ISO 639-1 code, or `und`.
 */
export type LanguageTag = string

/** A run inside a paragraph in another language or script. Offsets index `doc.text`. */
export interface LanguageSpan {
  readonly start: number
  readonly end: number
  readonly lang: LanguageTag
  readonly confidence: number
}

/** The label of one paragraph. Offsets index `doc.text`. */
export interface ParagraphLanguage {
  readonly start: number
  readonly end: number
  readonly lang: LanguageTag
  readonly confidence: number
  readonly spans: readonly LanguageSpan[]
}

/** The `language` annotation. */
export interface LanguageGuess {
  readonly lang: LanguageTag
  /** In [0, 1]; more evidence never lowers it. */
  readonly confidence: number
  /** Share of letters per language over the whole document, summing to 1 (empty when `und`). */
  readonly shares: Readonly<Record<LanguageTag, number>>
  /** A second language holds more than the `mixedThreshold` share. */
  readonly mixed: boolean
  readonly paragraphs: readonly ParagraphLanguage[]
}

declare module '@corpus/core' {
  interface Annotations {
    /** Assigned by langid. */
    language: LanguageGuess
  }
}
