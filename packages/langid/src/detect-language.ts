import { CorpusError, defineStage, reject, withAnnotation, type Doc, type Stage } from '@corpus/core'
import type { Paragraph } from '@corpus/ingest'
import { Analyzer } from './internal/analyzer.js'
import { isMixed, resolveIdentifyOptions, toShares, type IdentifyOptions } from './identify.js'
import type { LanguageGuess, ParagraphLanguage } from './types.js'

/** Options of {@link detectLanguage}. Every field is optional. */
export interface DetectLanguageOptions extends IdentifyOptions {
  /**
   * Documents whose confidence is below this go to the quarantine (rule `low-confidence`,
   * kind `skipped`). 0 keeps every document.
   * @default 0
   */
  readonly minConfidence?: number
  /**
   * Keep only documents labelled with one of these tags (e.g. `['vi', 'zh-Hant']`); the others go
   * to the quarantine (rule `language-not-allowed`, kind `skipped`). Unset keeps every language.
   * @default undefined
   */
  readonly languages?: readonly string[]
}

/** Paragraph ranges of a document: the `paragraphs` annotation, or its non-empty lines. */
function paragraphRanges(doc: Doc): { start: number; end: number }[] {
  const annotated = (doc.annotations as { paragraphs?: readonly Paragraph[] }).paragraphs
  if (annotated) return annotated.map((p) => ({ start: p.start, end: p.end }))
  const ranges: { start: number; end: number }[] = []
  const text = doc.text
  const line = /[^\n]+/g
  for (let m = line.exec(text); m; m = line.exec(text)) {
    let s = m.index
    let e = m.index + m[0].length
    // Trim surrounding whitespace so offsets point at text.
    while (s < e && /\s/.test(text[s] ?? '')) s++
    while (e > s && /\s/.test(text[e - 1] ?? '')) e--
    if (e > s) ranges.push({ start: s, end: e })
  }
  return ranges
}

/**
 * The `langid` stage: labels every document, paragraph and run of another language inside a
 * paragraph (annotation `language`). Uses the `paragraphs` annotation when an earlier stage set
 * it, otherwise takes every non-empty line as a paragraph.
 *
 * @example
 * const { docs } = await runStage(detectLanguage({ mixedThreshold: 0.3 }), [doc])
 * docs[0].annotations.language // { lang: 'vi', confidence: 1, shares: { vi: 1 }, mixed: false, paragraphs: [...] }
 */
export function detectLanguage(options: DetectLanguageOptions = {}): Stage {
  const settings = resolveIdentifyOptions(options)
  const minConfidence = options.minConfidence ?? 0
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw new CorpusError('E_CONFIG', `minConfidence must be a number in [0, 1], got ${String(minConfidence)}`)
  }
  const allowed = options.languages ? new Set(options.languages) : null
  if (options.languages && (!Array.isArray(options.languages) || options.languages.some((l) => typeof l !== 'string' || l === ''))) {
    throw new CorpusError('E_CONFIG', `languages must be an array of language tags, got ${JSON.stringify(options.languages)}`)
  }
  let analyzer: Analyzer | undefined

  return defineStage({
    name: 'langid',
    assigns: ['language'],
    processDoc(doc, ctx) {
      analyzer ??= new Analyzer()
      const paragraphs: ParagraphLanguage[] = []
      const letters: Record<string, number> = {}
      const evidence: Record<string, number> = {}
      for (const range of paragraphRanges(doc)) {
        const result = analyzer.analyze(doc.text, range.start, range.end, settings)
        paragraphs.push({
          start: range.start,
          end: range.end,
          lang: result.lang,
          confidence: result.confidence,
          spans: result.spans.length === 0 ? [] : result.spans.map((s) => ({ start: s.start, end: s.end, lang: s.lang, confidence: s.confidence })),
        })
        for (const lang in result.letters) letters[lang] = (letters[lang] ?? 0) + (result.letters[lang] ?? 0)
        if (result.lang !== 'und') {
          // Noisy-OR over paragraphs: one more paragraph in a language never lowers its confidence.
          evidence[result.lang] = 1 - (1 - (evidence[result.lang] ?? 0)) * (1 - result.confidence)
        }
      }
      const shares = toShares(letters)
      let lang = 'und'
      let best = 0
      for (const [l, share] of Object.entries(shares)) {
        if (share > best) {
          best = share
          lang = l
        }
      }
      const confidence = lang === 'und' ? (paragraphs.length === 0 ? 1 : Math.min(...paragraphs.map((p) => p.confidence))) : Math.round((evidence[lang] ?? 0) * 1e4) / 1e4
      const guess: LanguageGuess = { lang, confidence, shares, mixed: isMixed(shares, settings.mixedThreshold), paragraphs }
      ctx.count(`lang-${lang.toLowerCase()}`)
      if (guess.mixed) ctx.count('mixed')
      if (allowed && !allowed.has(lang)) {
        return reject('language-not-allowed', `language ${lang} not in [${[...allowed].join(', ')}]`, 'skipped')
      }
      if (confidence < minConfidence) {
        return reject('low-confidence', `confidence ${confidence.toFixed(2)} < threshold ${minConfidence.toFixed(2)}`, 'skipped')
      }
      return withAnnotation(doc, 'language', guess)
    },
  })
}
