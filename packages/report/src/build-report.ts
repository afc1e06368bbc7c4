import { CorpusError } from '@corpus/core'
import { NAMED_ENTITY_TYPES, stateOf, type DocumentRecord, type ReportAggregate } from './aggregate.js'
import { duplicateGroups } from './internal/duplicates.js'
import type { TermCount, TermTable } from './internal/keywords.js'
import type { AggregateState } from './internal/state.js'
import { compareStrings, copyRecord, getOwn, record, setOwn, type Counts } from './internal/records.js'
import {
  REPORT_SCHEMA_VERSION,
  RunHeaderSchema,
  type DocumentRow,
  type EntityRow,
  type KeywordTable,
  type Report,
  type ReportContent,
  type RunHeader,
} from './schema.js'

/** Everything known about one canonical entity id. */
interface EntityAggregate {
  /** Mentions by type (an id normally has one type; the most frequent wins). */
  types: Counts
  /** Mentions by surface-form language, then by surface text. */
  forms: Record<string, Counts>
  documents: number
  mentions: number
}

/** Caps applied by {@link buildReport}; the aggregate itself is never pruned. */
export interface BuildReportOptions {
  /** Pairs kept in each co-occurrence table. @default 100 */
  readonly maxCooccurrencePairs?: number
  /** Keywords kept per language. @default 50 */
  readonly maxKeywordsPerLanguage?: number
  /** Entities with a timeline series. @default 25 */
  readonly maxTimelineEntities?: number
  /**
   * The canonical English name of an entity id, when known (from the entities knowledge base: the
   * caller builds the lookup, the report imports no stage's code). An id it returns `undefined`
   * for is named from its surface forms.
   * @default every name derived from surface forms
   */
  readonly names?: (id: string) => string | undefined
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000

function limit(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isInteger(v) || v < 0) throw new CorpusError('E_CONFIG', `${name} must be an integer >= 0, got ${String(v)}`)
  return v
}

/** Most frequent key of a count record; ties go to the smallest key (code-unit order). */
function topKey(counts: Counts): string | undefined {
  let best: string | undefined
  let bestCount = -1
  for (const [k, n] of Object.entries(counts)) {
    if (n > bestCount || (n === bestCount && best !== undefined && compareStrings(k, best) < 0)) {
      best = k
      bestCount = n
    }
  }
  return best
}

function countsOf(map: ReadonlyMap<string, number>): Counts {
  const out = record<number>()
  for (const [k, n] of map) setOwn(out, k, n)
  return out
}

const squash = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')

/**
 * The canonical English name of an entity: the most frequent surface form (any language) that
 * spells the id's slug (`org:openai` -> "OpenAI", `product:chatgpt` -> "ChatGPT"); else its most
 * frequent English surface form; else the slug in title case (`per:xi-jinping` -> "Xi Jinping").
 * Dates, amounts and percentages are named by their normalised value (`date:2023-10` -> "2023-10").
 */
function canonicalName(id: string, type: string, entity: EntityAggregate): string {
  const after = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id
  const slug = after === '' ? id : after
  if (!NAMED_ENTITY_TYPES.includes(type)) return slug
  const spelled = record<number>()
  for (const forms of Object.values(entity.forms)) {
    for (const [text, n] of Object.entries(forms)) {
      if (squash(text) === squash(slug) && squash(slug) !== '') setOwn(spelled, text, (getOwn(spelled, text) ?? 0) + n)
    }
  }
  const fromSlug = topKey(spelled)
  if (fromSlug) return fromSlug
  const en = getOwn(entity.forms, 'en')
  const fromEn = en ? topKey(en) : undefined
  if (fromEn) return fromEn
  if (/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(slug)) {
    return slug
      .split(/[-_]+/u)
      .filter((w) => w !== '')
      .map((w) => (w[0] ?? '').toUpperCase() + w.slice(1))
      .join(' ')
  }
  return slug
}

function entityRow(id: string, entity: EntityAggregate, known: string | undefined): EntityRow {
  const names = record<string>()
  const languages = record<number>()
  const forms: EntityRow['forms'] = []
  for (const [lang, texts] of Object.entries(entity.forms)) {
    const preferred = topKey(texts)
    if (preferred !== undefined) setOwn(names, lang, preferred)
    let total = 0
    for (const [text, count] of Object.entries(texts)) {
      forms.push({ text, lang, count })
      total += count
    }
    setOwn(languages, lang, total)
  }
  forms.sort((a, b) => b.count - a.count || compareStrings(a.lang, b.lang) || compareStrings(a.text, b.text))
  const type = topKey(entity.types) ?? 'UNKNOWN'
  return {
    id,
    type,
    name: known ?? canonicalName(id, type, entity),
    names,
    forms,
    documents: entity.documents,
    mentions: entity.mentions,
    languages,
  }
}

function documentRow(doc: DocumentRecord, duplicateOf: DocumentRecord | null): DocumentRow {
  return {
    id: doc.id,
    source: { uri: doc.source.uri, index: doc.source.index },
    title: doc.title,
    byline: doc.byline,
    author: doc.author,
    date: doc.date,
    sources: [...doc.sources],
    url: doc.url,
    language: doc.language
      ? {
          lang: doc.language.lang,
          confidence: round4(doc.language.confidence),
          shares: copyRecord(doc.language.shares, round4),
          mixed: doc.language.mixed,
        }
      : null,
    characters: doc.characters,
    paragraphs: doc.paragraphs,
    entities: copyRecord(doc.entities),
    mentions: doc.mentions,
    duplicateOf: duplicateOf ? { id: duplicateOf.id, source: { uri: duplicateOf.source.uri, index: duplicateOf.source.index } } : null,
  }
}

/**
 * The `max` most frequent pairs (ties in id order) and the number of distinct pairs. Only pairs
 * whose count reaches the max-th largest count become objects, so a table of millions of pairs
 * costs one typed-array sort.
 */
function pairTable(state: AggregateState, which: 'paragraph' | 'document', max: number): ReportContent['cooccurrence']['paragraph'] {
  const counts = state.pairCounts(which).sort()
  const size = counts.length
  if (max === 0 || size === 0) return { total: size, pairs: [] }
  const pairs = state.pairList(which, counts[Math.max(0, size - max)] as number)
  pairs.sort((p, q) => q.count - p.count || compareStrings(p.a, q.a) || compareStrings(p.b, q.b))
  return { total: size, pairs: pairs.slice(0, max) }
}

/**
 * Syllable n-grams that only repeat a better term: a syllable mostly seen inside bigrams ("quốc"
 * in "trung quốc", "công" in "công ty" and "công nghệ"), and a bigram that bridges two more
 * frequent bigrams ("tuệ nhân" in "trí tuệ nhân tạo"). Chinese words contain no space and are
 * never affected.
 */
function redundantTerms(terms: readonly TermCount[]): Set<string> {
  const insideBigrams = new Map<string, number>()
  const endingWith = new Map<string, number>()
  const startingWith = new Map<string, number>()
  const raise = (m: Map<string, number>, k: string, n: number): void => {
    if (n > (m.get(k) ?? 0)) m.set(k, n)
  }
  const halves = (term: string): [string, string] | undefined => {
    const sp = term.indexOf(' ')
    return sp > 0 && term.indexOf(' ', sp + 1) < 0 ? [term.slice(0, sp), term.slice(sp + 1)] : undefined
  }
  for (const { term, tf: n } of terms) {
    const h = halves(term)
    if (!h) continue
    insideBigrams.set(h[0], (insideBigrams.get(h[0]) ?? 0) + n)
    if (h[1] !== h[0]) insideBigrams.set(h[1], (insideBigrams.get(h[1]) ?? 0) + n)
    raise(endingWith, h[1], n)
    raise(startingWith, h[0], n)
  }
  const out = new Set<string>()
  for (const { term, tf: n } of terms) {
    const h = halves(term)
    if (!h) {
      if (!term.includes(' ') && (insideBigrams.get(term) ?? 0) >= 0.75 * n) out.add(term)
    } else if ((endingWith.get(h[0]) ?? 0) >= n && (startingWith.get(h[1]) ?? 0) >= n) {
      out.add(term)
    }
  }
  return out
}

function keywordTable(table: TermTable, max: number): KeywordTable {
  const n = table.documents
  const all = table.terms()
  const terms: KeywordTable['terms'] = []
  const redundant = redundantTerms(all)
  for (const { term, tf: count, df } of all) {
    if (redundant.has(term)) continue
    // Corpus-level TF-IDF (sum over documents of tf x idf), with scikit-learn's smoothed idf.
    terms.push({ term, score: round4(count * (Math.log((1 + n) / (1 + df)) + 1)), documentFrequency: df, count })
  }
  terms.sort((a, b) => b.score - a.score || b.count - a.count || compareStrings(a.term, b.term))
  return { lang: table.lang, documents: n, vocabulary: all.length, terms: terms.slice(0, max) }
}

const bySource = (a: DocumentRecord, b: DocumentRecord): number =>
  compareStrings(a.source.uri, b.source.uri) || a.source.index - b.source.index || compareStrings(a.id, b.id)

/**
 * Turn an aggregate into `report.json`: the `run` header as given (validated) and a content that
 * depends only on the aggregate, with every row sorted, so the same input gives the same bytes
 * through {@link stringifyReport}. Duplicate groups are computed here, over all documents, so a
 * sharded run gives the same groups as a single one.
 *
 * @example
 * const report = buildReport(aggregate, { tool: { name: 'corpus', version: '0.1.0' }, inputs: ['corpus/'], options: {}, stats, durationMs: 812 })
 */
export function buildReport(aggregate: ReportAggregate, run: RunHeader, options: BuildReportOptions = {}): Report {
  const parsedRun = RunHeaderSchema.safeParse(run)
  if (!parsedRun.success) {
    const issue = parsedRun.error.issues[0]
    throw new CorpusError('E_CONFIG', `invalid run header at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`)
  }
  const limits = {
    cooccurrencePairs: limit('maxCooccurrencePairs', options.maxCooccurrencePairs, 100),
    keywordsPerLanguage: limit('maxKeywordsPerLanguage', options.maxKeywordsPerLanguage, 50),
    timelineEntities: limit('maxTimelineEntities', options.maxTimelineEntities, 25),
  }
  if (options.names !== undefined && typeof options.names !== 'function') {
    throw new CorpusError('E_CONFIG', `names must be a function from entity id to name, got ${typeof options.names}`)
  }

  const state = stateOf(aggregate, false)
  const rows = [...Array(state.documentCount).keys()].map((n) => ({ doc: state.row(n), signature: state.signature(n) }))
  rows.sort((a, b) => bySource(a.doc, b.doc))
  const docs = rows.map((r) => r.doc)
  const groups = duplicateGroups(
    docs,
    rows.map((r) => r.signature),
    state.nearDuplicateThreshold,
  )
  const duplicateOf = new Map<DocumentRecord, DocumentRecord>()
  for (const group of groups) {
    const rep = group[0]?.doc
    if (rep) for (const member of group.slice(1)) duplicateOf.set(member.doc, rep)
  }
  const documents = docs.map((doc) => documentRow(doc, duplicateOf.get(doc) ?? null))

  const languages = [...state.languages]
    .map(([lang, row]) => ({ lang, documents: row.documents, characters: row.characters, paragraphs: row.paragraphs }))
    .sort((a, b) => b.documents - a.documents || b.characters - a.characters || compareStrings(a.lang, b.lang))

  const entities = [...state.entities]
    .map(([id, entity]) => {
      const forms = record<Counts>()
      for (const [lang, texts] of entity.forms) setOwn(forms, lang, countsOf(texts))
      const known = options.names?.(id)
      return entityRow(id, { types: countsOf(entity.types), forms, documents: entity.documents, mentions: entity.mentions }, typeof known === 'string' && known !== '' ? known : undefined)
    })
    .sort((a, b) => b.mentions - a.mentions || b.documents - a.documents || compareStrings(a.id, b.id))
  const names = new Map(entities.map((e) => [e.id, e.name]))
  // `entities` is already sorted by mentions, so a stable sort on the language count keeps that order.
  const crossLanguage = entities
    .filter((e) => Object.keys(e.languages).length > 1)
    .map((e) => ({ id: e.id, type: e.type, name: e.name, names: copyRecord(e.names), languages: copyRecord(e.languages) }))
    .sort((a, b) => Object.keys(b.languages).length - Object.keys(a.languages).length)

  const keywords = [...state.keywords.values()]
    .map((table) => keywordTable(table, limits.keywordsPerLanguage))
    .sort((a, b) => b.documents - a.documents || compareStrings(a.lang, b.lang))

  const seriesById = new Map<string, { date: string; mentions: number }[]>()
  for (const [date, counts] of state.timeline) {
    for (const [id, mentions] of counts) {
      const points = seriesById.get(id)
      if (points) points.push({ date, mentions })
      else seriesById.set(id, [{ date, mentions }])
    }
  }
  const series = [...seriesById]
    .map(([id, points]) => ({
      id,
      name: names.get(id) ?? id,
      mentions: points.reduce((n, p) => n + p.mentions, 0),
      points: points.sort((a, b) => compareStrings(a.date, b.date)),
    }))
    .sort((a, b) => b.mentions - a.mentions || compareStrings(a.id, b.id))
  const dates = docs.map((d) => d.date).filter((d): d is string => d !== null && /^\d{4}-\d{2}-\d{2}/.test(d)).sort(compareStrings)

  const quarantineRows = [...state.quarantine.values()].sort(
    (a, b) =>
      compareStrings(a.source.uri, b.source.uri) ||
      a.source.index - b.source.index ||
      compareStrings(a.stage, b.stage) ||
      compareStrings(a.rule, b.rule) ||
      compareStrings(a.docId, b.docId) ||
      compareStrings(a.reason, b.reason),
  )
  const byRule = new Map<string, { stage: string; rule: string; count: number }>()
  for (const q of quarantineRows) {
    const key = `${q.stage}\u0000${q.rule}`
    const row = byRule.get(key) ?? { stage: q.stage, rule: q.rule, count: 0 }
    row.count += 1
    byRule.set(key, row)
  }

  const mixedDocuments = docs
    .filter((d) => d.language?.mixed)
    .map((d) => ({ id: d.id, title: d.title, lang: d.language?.lang ?? 'und', shares: copyRecord(d.language?.shares ?? {}, round4) }))

  const content: ReportContent = {
    summary: {
      documents: docs.length,
      characters: docs.reduce((n, d) => n + d.characters, 0),
      paragraphs: docs.reduce((n, d) => n + d.paragraphs, 0),
      languages: languages.filter((l) => l.documents > 0).length,
      entities: entities.length,
      mentions: entities.reduce((n, e) => n + e.mentions, 0),
      quarantined: quarantineRows.length,
      duplicateGroups: groups.length,
      duplicateDocuments: groups.reduce((n, g) => n + g.length - 1, 0),
      mixedDocuments: mixedDocuments.length,
      datedDocuments: dates.length,
      dateRange: dates.length > 0 ? { from: dates[0] as string, to: dates[dates.length - 1] as string } : null,
    },
    languages,
    documents,
    mixedDocuments,
    duplicates: groups.map((group) => ({
      representative: group[0]?.doc.id ?? '',
      members: group.map((m) => ({
        id: m.doc.id,
        source: { uri: m.doc.source.uri, index: m.doc.source.index },
        kind: m.kind,
        similarity: round4(m.similarity),
      })),
    })),
    entities,
    crossLanguage,
    cooccurrence: {
      paragraph: pairTable(state, 'paragraph', limits.cooccurrencePairs),
      document: pairTable(state, 'document', limits.cooccurrencePairs),
    },
    keywords,
    timeline: {
      datedDocuments: dates.length,
      undatedDocuments: docs.length - dates.length,
      entities: series.length,
      series: series.slice(0, limits.timelineEntities),
    },
    quarantine: {
      total: quarantineRows.length,
      byRule: [...byRule.values()].sort((a, b) => b.count - a.count || compareStrings(a.stage, b.stage) || compareStrings(a.rule, b.rule)),
      entries: quarantineRows.map((q) => ({ docId: q.docId, source: { ...q.source }, stage: q.stage, rule: q.rule, reason: q.reason, kind: q.kind })),
    },
    limits,
  }
  return { schemaVersion: REPORT_SCHEMA_VERSION, run: parsedRun.data, content }
}
