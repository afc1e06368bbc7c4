import { CorpusError, defineStage, reject, withAnnotation, type Stage } from '@corpus/core'
import type { LanguageGuess } from '@corpus/langid'
import type { Paragraph } from '@corpus/ingest'
import { findAll } from './internal/finder.js'
import { finderSettings, lineSegments, prepareResources, validateFindOptions, type FindEntitiesOptions, type TextSegment } from './find-entities.js'

/** Options of {@link extractEntities}. */
export interface ExtractEntitiesOptions extends FindEntitiesOptions {
  /** Documents processed at once. @default 1 */
  readonly concurrency?: number
  /** Longer documents are quarantined (`text-too-long`) instead of processed. @default 20_000_000 */
  readonly maxChars?: number
}

/** Paragraph segments of a document, with the langid labels when the document has them. */
function segmentsOf(text: string, paragraphs: readonly Paragraph[] | undefined, language: LanguageGuess | undefined): TextSegment[] {
  const base: TextSegment[] = paragraphs?.length ? paragraphs.map((p) => ({ start: p.start, end: p.end, kind: p.kind })) : lineSegments(text)
  if (!language?.paragraphs?.length) return base
  const out: TextSegment[] = []
  for (const seg of base) {
    const label = language.paragraphs.find((p) => p.start <= seg.start && p.end >= seg.end) ?? language.paragraphs.find((p) => p.start < seg.end && seg.start < p.end)
    if (!label) {
      out.push(seg)
      continue
    }
    // English (or other) runs inside the paragraph get their own segments.
    let cursor = seg.start
    for (const span of [...label.spans].filter((s) => s.start >= seg.start && s.end <= seg.end && s.lang !== label.lang).sort((a, b) => a.start - b.start)) {
      if (span.start < cursor) continue
      if (span.start > cursor) out.push({ ...seg, start: cursor, end: span.start, lang: label.lang })
      out.push({ ...seg, start: span.start, end: span.end, lang: span.lang })
      cursor = span.end
    }
    if (cursor < seg.end) out.push({ ...seg, start: cursor, end: seg.end, lang: label.lang })
  }
  return out
}

/**
 * The `entities` stage: people, organisations, places, products, dates, money and percentages in
 * Vietnamese, Chinese (Traditional and Simplified) and English, each with a canonical id shared
 * across languages (`loc:china` for "Trung Quốc", "中國" and "China"). Reads `paragraphs` and
 * `language` when an earlier stage assigned them; works on plain text otherwise.
 *
 * @example
 * const { docs } = await runStage(extractEntities(), [doc])
 * docs[0].annotations.entities // [{ start, end, text, type: 'ORG', id: 'org:openai', lang: 'vi' }, ...]
 */
export function extractEntities(options: ExtractEntitiesOptions = {}): Stage {
  validateFindOptions(options, 'extractEntities')
  const maxChars = options.maxChars ?? 20_000_000
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new CorpusError('E_CONFIG', `extractEntities: maxChars must be a positive integer, got ${String(options.maxChars)}`)
  const concurrency = options.concurrency ?? 1
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CorpusError('E_CONFIG', `extractEntities: concurrency must be an integer >= 1, got ${String(options.concurrency)}`)
  const resources = prepareResources(options)
  const settings = finderSettings(options)
  return defineStage({
    name: 'entities',
    assigns: ['entities'],
    concurrency,
    processDoc(doc, ctx) {
      if (doc.text.length > maxChars) return reject('text-too-long', `${doc.text.length} chars > maxChars ${maxChars}`, 'skipped')
      const segments = segmentsOf(doc.text, doc.annotations.paragraphs, doc.annotations.language)
      const entities = findAll(resources(), doc.text, segments, settings)
      ctx.count('mentions', entities.length)
      return withAnnotation(doc, 'entities', entities)
    },
  })
}
