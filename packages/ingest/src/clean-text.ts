import { CorpusError, defineStage, reject, withAnnotation, withText, type Stage } from '@corpus/core'
import { EDGE, skipBackward, skipForward } from './internal/chars.js'
import { analyseLayout, type SourceLine } from './internal/layout.js'
import { NAVIGATION_LINES, normaliseUi, RELATED_HEADINGS } from './internal/lexicon.js'
import type { Cleaning, DocumentMeta, Paragraph, RemovedLine } from './types.js'

/** Options of {@link cleanText}. Every field is optional. */
export interface CleanTextOptions {
  /** More whole lines to treat as site navigation (compared case-insensitively). @default [] */
  readonly navigationLines?: readonly string[]
  /** More headings of "related articles" boxes. @default [] */
  readonly relatedHeadings?: readonly string[]
  /**
   * A "related articles" heading drops everything after it when at most this share of the text
   * follows it (a box at the end of the page); otherwise only the heading and its short teaser
   * lines are dropped (a box inside the article).
   * @default 0.5
   */
  readonly maxTailShare?: number
}

const STAGE = 'ingest-clean'
const COLUMN_TAG = /^【\s*(\p{Script=Han}{2,4}|[\p{L}\s.]{3,40}?)\s*(專欄|专栏|觀點|观点)\s*】/u

/** Split text into lines with offsets (LF only: the reader already normalised line breaks). */
function splitSourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = []
  let start = 0
  let lineNo = 1
  for (;;) {
    const lf = text.indexOf('\n', start)
    const end = lf === -1 ? text.length : lf
    // Trim whitespace and zero-width marks at both ends (the regex EDGE_SPACE, as two scans).
    const textStart = skipForward(text, start, EDGE, end)
    const textEnd = skipBackward(text, textStart, EDGE, end)
    const trimmed = textStart >= end ? '' : text.slice(textStart, textEnd)
    lines.push({ lineNo, start, end, textStart: trimmed ? textStart : start, text: trimmed })
    if (lf === -1) return lines
    start = lf + 1
    lineNo += 1
  }
}

function validate(options: CleanTextOptions): void {
  for (const key of ['navigationLines', 'relatedHeadings'] as const) {
    const list = options[key]
    if (list !== undefined && !(Array.isArray(list) && list.every((s) => typeof s === 'string' && s.trim().length > 0))) {
      throw new CorpusError('E_CONFIG', `cleanText: ${key} must be a list of non-empty strings, got ${JSON.stringify(list)}`)
    }
  }
  const share = options.maxTailShare
  if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) {
    throw new CorpusError('E_CONFIG', `cleanText: maxTailShare must be a number in [0, 1], got ${String(share)}`)
  }
}

/**
 * Remove site boilerplate from news articles and read their metadata. Keeps the title, byline,
 * body paragraphs, captions and source attributions; drops image file names, navigation and
 * footer lines, "related articles" lists, section labels and role badges above the article, copies
 * of the title or lead, and junk tokens. The rules are general layout signals and UI vocabulary
 * of Vietnamese, Chinese and English news sites (see the package README).
 *
 * Sets `doc.text` to the kept lines (trimmed) joined by a blank line, and assigns `paragraphs`
 * (offsets into the new text, plus `sourceStart`/`line` in the input), `meta` and `cleaning`
 * (every removed line with its rule). A document with nothing left is quarantined with rule
 * `empty-after-cleaning`. Uses the reader's `input` annotation when present (declared title,
 * date, name); works on any document without it.
 *
 * @example
 * const { docs } = await runStage(cleanText(), [createDoc({ id: 'a', text, source: { uri: 'a.txt', index: 0 } })])
 * docs[0].annotations.meta.title
 */
export function cleanText(options: CleanTextOptions = {}): Stage {
  validate(options)
  const navigationLines = new Set([...NAVIGATION_LINES, ...(options.navigationLines ?? [])].map(normaliseUi))
  const relatedHeadings = new Set([...RELATED_HEADINGS, ...(options.relatedHeadings ?? [])].map(normaliseUi))
  const maxTailShare = options.maxTailShare ?? 0.5

  return defineStage({
    name: STAGE,
    assigns: ['paragraphs', 'meta', 'cleaning'],
    processDoc(doc, ctx) {
      const input = doc.annotations.input
      const source = doc.text
      const lines = splitSourceLines(source)
      const layout = analyseLayout(lines, { navigationLines, relatedHeadings, maxTailShare, titleHint: input?.title ?? null })

      const paragraphs: Paragraph[] = []
      const removed: RemovedLine[] = []
      const kept: string[] = []
      let offset = 0
      let title: string | null = null
      for (const [i, line] of lines.entries()) {
        const verdict = layout.verdicts.get(i)
        if (!verdict) continue // an empty line: the layout between paragraphs, nothing to keep or report
        if (!verdict.keep) {
          removed.push({ sourceStart: line.start, sourceEnd: line.end, line: line.lineNo, rule: verdict.rule })
          ctx.count(`removed-${verdict.rule}`)
          continue
        }
        if (kept.length > 0) offset += 2
        paragraphs.push({ start: offset, end: offset + line.text.length, kind: verdict.kind, sourceStart: line.textStart, line: line.lineNo })
        kept.push(line.text)
        offset += line.text.length
        if (verdict.kind === 'title' && title === null) title = line.text
      }
      if (kept.length === 0) {
        const rules = [...new Set(removed.map((r) => r.rule))].sort().join(', ')
        return reject('empty-after-cleaning', `all ${removed.length} non-empty lines removed (${rules || 'no text'})`, 'skipped')
      }
      ctx.count('paragraphs', paragraphs.length)

      title ??= input?.title ?? null
      let author = layout.byline?.author ?? null
      let byline = layout.byline?.text ?? null
      const column = title ? COLUMN_TAG.exec(title) : null
      if (column?.[1] && column[2]) {
        author ??= column[1].trim()
        byline ??= `${column[1].trim()}${column[2]}`
      }
      author ??= input?.author ?? null
      const meta: DocumentMeta = {
        title,
        byline,
        author,
        date: layout.byline?.date ?? input?.date ?? null,
        datetime: layout.byline?.date ? layout.byline.datetime : (input?.datetime ?? null),
        sources: layout.sources,
        url: input?.url ?? null,
        format: input?.format ?? 'txt',
        bytes: input?.bytes ?? Buffer.byteLength(source, 'utf8'),
        name: input?.name ?? null,
        externalId: input?.externalId ?? null,
      }
      const cleaning: Cleaning = { sourceChars: source.length, removed }
      let out = withText(doc, kept.join('\n\n'))
      out = withAnnotation(out, 'paragraphs', paragraphs)
      out = withAnnotation(out, 'meta', meta)
      return withAnnotation(out, 'cleaning', cleaning)
    },
  })
}
