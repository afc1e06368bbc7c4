import type { Doc } from '@corpus/core'
import type {} from '@corpus/ingest'
import type {} from '@corpus/langid'

/** A paragraph of `doc.text` with its layout kind and language label. */
export interface LabelledRange {
  readonly start: number
  readonly end: number
  readonly kind: string
  readonly lang: string
}

/** Blank-line paragraphs (or lines, when there is no blank line) for docs without `paragraphs`. */
function splitText(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = []
  const separator = /\n[ \t]*\n/.test(text) ? /\n[ \t]*\n\s*/g : /\n+/g
  let start = 0
  const push = (end: number): void => {
    const slice = text.slice(start, end)
    const lead = slice.length - slice.trimStart().length
    const trimmed = slice.trim()
    if (trimmed !== '') ranges.push({ start: start + lead, end: start + lead + trimmed.length })
  }
  for (const match of text.matchAll(separator)) {
    push(match.index)
    start = match.index + match[0].length
  }
  push(text.length)
  return ranges
}

/**
 * The document's paragraphs: from the `paragraphs` annotation when ingest ran, else split on blank
 * lines. Each gets the language of the `language` paragraph label covering its start, else the
 * document's language, else `und`.
 */
export function labelledParagraphs(doc: Doc): LabelledRange[] {
  const annotated = doc.annotations.paragraphs
  const base =
    annotated && annotated.length > 0
      ? [...annotated].map((p) => ({ start: p.start, end: p.end, kind: p.kind as string })).sort((a, b) => a.start - b.start)
      : splitText(doc.text).map((r) => ({ ...r, kind: 'body' }))
  const language = doc.annotations.language
  const docLang = language?.lang ?? 'und'
  const labels = [...(language?.paragraphs ?? [])].sort((a, b) => a.start - b.start)
  let j = 0
  return base.map((p) => {
    while (j < labels.length && (labels[j] as { end: number }).end <= p.start) j++
    const label = labels[j]
    const lang = label && label.start <= p.start && p.start < label.end ? label.lang : docLang
    return { start: p.start, end: p.end, kind: p.kind, lang }
  })
}

/** Index of the paragraph containing `offset`, or -1 (ranges sorted and disjoint). */
export function paragraphAt(ranges: readonly LabelledRange[], offset: number): number {
  let lo = 0
  let hi = ranges.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = ranges[mid] as LabelledRange
    if (offset < r.start) hi = mid - 1
    else if (offset >= r.end) lo = mid + 1
    else return mid
  }
  return -1
}

/** Unicode code points of a string (what a reader counts as characters). */
export function codePoints(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff) n++
  }
  return n
}
