import { createHash } from 'node:crypto'
import { CorpusError, type Doc, type QuarantineEntry } from '@corpus/core'
import type {} from '@corpus/entities'
import type {} from '@corpus/ingest'
import type {} from '@corpus/langid'
import { encodeSignature } from './internal/duplicates.js'
import { extractTerms, hasKeywords } from './internal/keywords.js'
import { codePoints, labelledParagraphs, paragraphAt } from './internal/paragraphs.js'
import { addCounts, copyRecord, getOwn, increment, record, setOwn, type Counts } from './internal/records.js'

/** Entity types that name something (co-occurrence and timeline use only these). */
export const NAMED_ENTITY_TYPES: readonly string[] = ['LOC', 'ORG', 'PER', 'PRODUCT']

/** What the aggregate keeps of one document (one row of the per-document table). */
export interface DocumentRecord {
  id: string
  source: { uri: string; index: number }
  title: string | null
  byline: string | null
  author: string | null
  date: string | null
  sources: string[]
  url: string | null
  language: { lang: string; confidence: number; shares: Record<string, number>; mixed: boolean } | null
  characters: number
  paragraphs: number
  entities: Counts
  mentions: number
  /** sha256 of the cleaned text (first 16 hex digits): exact copies share it. */
  textHash: string
  /** The dedup stage's MinHash signature (base64 of uint32s), for near-duplicate groups across shards. */
  minhash: string | null
}

/** Everything known about one canonical entity id. */
export interface EntityAggregate {
  /** Mentions by type (an id normally has one type; the most frequent wins). */
  types: Counts
  /** Mentions by surface-form language, then by surface text. */
  forms: Record<string, Counts>
  documents: number
  mentions: number
}

/** Keyword statistics of one language: documents, document frequency and count of every term. */
export interface KeywordAggregate {
  documents: number
  df: Counts
  tf: Counts
}

/**
 * A mergeable report aggregate. Plain JSON (it can be written to disk or sent between workers) and
 * integers only (shares are copied per document, never summed), so merging in any order gives
 * exactly the same numbers.
 *
 * Memory: per-document rows and quarantine rows grow with the number of inputs; the entity, pair
 * and keyword tables grow with the vocabulary (sub-linearly in the corpus size) and are never
 * pruned here: caps are applied by {@link buildReport} only, so a pruned term never loses counts
 * that a later shard would have added.
 */
export interface ReportAggregate {
  version: 1
  /** MinHash Jaccard estimate at or above which two documents are near-duplicates. */
  nearDuplicateThreshold: number
  /** Per-document rows keyed by `source.uri` + NUL + `source.index`. */
  documents: Record<string, DocumentRecord>
  /** By language: documents (main language), characters and paragraphs (paragraph labels). */
  languages: Record<string, { documents: number; characters: number; paragraphs: number }>
  entities: Record<string, EntityAggregate>
  /** Pair counts `[a][b]` with `a < b`: paragraphs (`paragraph`) or documents (`document`) naming both. */
  cooccurrence: { paragraph: Record<string, Counts>; document: Record<string, Counts> }
  keywords: Record<string, KeywordAggregate>
  /** Mentions of named entities by article date (`YYYY-MM-DD`), then by id. */
  timeline: Record<string, Counts>
  /** Quarantine rows (cause and document snapshot dropped) keyed by source, doc and rule. */
  quarantine: Record<string, { docId: string; source: { uri: string; index: number }; stage: string; rule: string; reason: string; kind: string }>
}

/** Options of {@link createAggregate}. */
export interface CreateAggregateOptions {
  /**
   * Near-duplicate threshold for the duplicate groups; use the same value as the dedup stage.
   * @default 0.8
   */
  readonly nearDuplicateThreshold?: number
}

/**
 * An empty aggregate. Feed it with {@link addDocument} / {@link addQuarantine}, combine shards with
 * {@link mergeAggregates}, turn it into a report with {@link buildReport}.
 *
 * @example
 * const aggregate = createAggregate()
 * for (const doc of docs) addDocument(aggregate, doc)
 * const report = buildReport(aggregate, run)
 */
export function createAggregate(options: CreateAggregateOptions = {}): ReportAggregate {
  const threshold = options.nearDuplicateThreshold ?? 0.8
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
    throw new CorpusError('E_CONFIG', `nearDuplicateThreshold must be a number in (0, 1], got ${String(threshold)}`)
  }
  return {
    version: 1,
    nearDuplicateThreshold: threshold,
    documents: record(),
    languages: record(),
    entities: record(),
    cooccurrence: { paragraph: record(), document: record() },
    keywords: record(),
    timeline: record(),
    quarantine: record(),
  }
}

const sourceKey = (source: { uri: string; index: number }): string => `${source.uri}\u0000${source.index}`

function languageRow(agg: ReportAggregate, lang: string): { documents: number; characters: number; paragraphs: number } {
  let row = getOwn(agg.languages, lang)
  if (!row) {
    row = { documents: 0, characters: 0, paragraphs: 0 }
    setOwn(agg.languages, lang, row)
  }
  return row
}

function addPairs(table: Record<string, Counts>, ids: readonly string[]): void {
  const sorted = [...new Set(ids)].sort()
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as string
    let row = getOwn(table, a)
    for (let j = i + 1; j < sorted.length; j++) {
      if (!row) {
        row = record<number>()
        setOwn(table, a, row)
      }
      increment(row, sorted[j] as string)
    }
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/

/**
 * Add one kept document to `aggregate`, **mutating it in place** (one aggregate per run or shard;
 * copying it per document would be quadratic). Reads the `meta`, `paragraphs`, `duplicate`,
 * `language` and `entities` annotations when present; a document without them still counts.
 * Adding the same input (`source.uri` + `source.index`) twice is a harness bug and throws
 * `E_INVARIANT`.
 */
export function addDocument(aggregate: ReportAggregate, doc: Doc): void {
  const key = sourceKey(doc.source)
  if (getOwn(aggregate.documents, key)) {
    throw new CorpusError('E_INVARIANT', `document ${doc.id} from ${doc.source.uri}#${doc.source.index} was added to the report twice`)
  }
  const { meta, language, duplicate } = doc.annotations
  const mentions = doc.annotations.entities ?? []
  const paragraphs = labelledParagraphs(doc)

  const byType = record<number>()
  for (const m of mentions) increment(byType, m.type)
  const docLang = language?.lang ?? 'und'
  setOwn(aggregate.documents, key, {
    id: doc.id,
    source: { uri: doc.source.uri, index: doc.source.index },
    title: meta?.title ?? null,
    byline: meta?.byline ?? null,
    author: meta?.author ?? null,
    date: meta?.date ?? null,
    sources: [...(meta?.sources ?? [])],
    url: meta?.url ?? null,
    language: language
      ? { lang: language.lang, confidence: language.confidence, shares: copyRecord(language.shares), mixed: language.mixed }
      : null,
    characters: codePoints(doc.text),
    paragraphs: paragraphs.length,
    entities: byType,
    mentions: mentions.length,
    textHash: createHash('sha256').update(doc.text).digest('hex').slice(0, 16),
    minhash: duplicate && duplicate.minhash.length > 0 ? encodeSignature(duplicate.minhash) : null,
  })

  languageRow(aggregate, docLang).documents += 1
  const termsByLang = new Map<string, Map<string, number>>()
  for (const p of paragraphs) {
    const row = languageRow(aggregate, p.lang)
    row.paragraphs += 1
    row.characters += codePoints(doc.text.slice(p.start, p.end))
    // Bylines and source lines are names and dates, not what the article is about.
    if (p.kind === 'byline' || p.kind === 'source' || !hasKeywords(p.lang)) continue
    let terms = termsByLang.get(p.lang)
    if (!terms) {
      terms = new Map()
      termsByLang.set(p.lang, terms)
    }
    for (const term of extractTerms(doc.text.slice(p.start, p.end), p.lang)) terms.set(term, (terms.get(term) ?? 0) + 1)
  }
  for (const [lang, terms] of termsByLang) {
    let table = getOwn(aggregate.keywords, lang)
    if (!table) {
      table = { documents: 0, df: record(), tf: record() }
      setOwn(aggregate.keywords, lang, table)
    }
    table.documents += 1
    for (const [term, n] of terms) {
      increment(table.df, term)
      increment(table.tf, term, n)
    }
  }

  const seen = new Set<string>()
  const named: string[] = []
  const byParagraph = new Map<number, string[]>()
  const date = meta?.date && ISO_DATE.test(meta.date) ? meta.date.slice(0, 10) : null
  for (const m of mentions) {
    let entity = getOwn(aggregate.entities, m.id)
    if (!entity) {
      entity = { types: record(), forms: record(), documents: 0, mentions: 0 }
      setOwn(aggregate.entities, m.id, entity)
    }
    increment(entity.types, m.type)
    let forms = getOwn(entity.forms, m.lang)
    if (!forms) {
      forms = record()
      setOwn(entity.forms, m.lang, forms)
    }
    increment(forms, m.text)
    entity.mentions += 1
    if (!seen.has(m.id)) {
      seen.add(m.id)
      entity.documents += 1
    }
    if (!NAMED_ENTITY_TYPES.includes(m.type)) continue
    named.push(m.id)
    const index = paragraphAt(paragraphs, m.start)
    if (index >= 0) byParagraph.set(index, [...(byParagraph.get(index) ?? []), m.id])
    if (date) {
      let day = getOwn(aggregate.timeline, date)
      if (!day) {
        day = record()
        setOwn(aggregate.timeline, date, day)
      }
      increment(day, m.id)
    }
  }
  addPairs(aggregate.cooccurrence.document, named)
  for (const ids of byParagraph.values()) addPairs(aggregate.cooccurrence.paragraph, ids)
}

/**
 * Add one quarantined input to `aggregate`, **mutating it in place**. The `cause` (with its stack
 * trace) and any document snapshot are left out: the report lists source, stage, rule and reason.
 */
export function addQuarantine(aggregate: ReportAggregate, entry: QuarantineEntry): void {
  const row = {
    docId: entry.docId,
    source: { uri: entry.source.uri, index: entry.source.index },
    stage: entry.stage,
    rule: entry.rule,
    reason: entry.reason,
    kind: entry.kind,
  }
  const base = [row.source.uri, row.source.index, row.docId, row.stage, row.rule].join('\u0000')
  let key = base
  for (let n = 1; getOwn(aggregate.quarantine, key); n++) key = `${base}\u0000${n}`
  setOwn(aggregate.quarantine, key, row)
}

/** Add the counts of `b` into `a` in place (`a[k][k2] += b[k][k2]`). */
function addNestedInto(a: Record<string, Counts>, b: Record<string, Counts>): void {
  for (const [k, v] of Object.entries(b)) {
    const row = getOwn(a, k)
    if (row) for (const [k2, n] of Object.entries(v)) increment(row, k2, n)
    else setOwn(a, k, copyRecord(v))
  }
}

function checkMergeable(a: ReportAggregate, b: ReportAggregate): void {
  if (a.version !== 1 || b.version !== 1) {
    throw new CorpusError('E_CONFIG', `cannot merge report aggregates of version ${String(a.version)} and ${String(b.version)}; expected 1`)
  }
  if (a.nearDuplicateThreshold !== b.nearDuplicateThreshold) {
    throw new CorpusError(
      'E_CONFIG',
      `cannot merge aggregates built with nearDuplicateThreshold ${a.nearDuplicateThreshold} and ${b.nearDuplicateThreshold}`,
    )
  }
}

/**
 * Add `source` into `target`, **mutating `target` in place** (and returning it); `source` is not
 * changed and shares nothing with `target` afterwards. The in-place form of
 * {@link mergeAggregates}, for a coordinator folding many shards into one aggregate without
 * copying the growing total each time: `mergeAggregateInto(structuredClone(a), b)` equals
 * `mergeAggregates(a, b)`. Checks everything (version, threshold, no input in both) before it
 * changes anything, so a refused merge leaves `target` as it was.
 *
 * @example
 * const total = createAggregate()
 * for (const shard of shards) mergeAggregateInto(total, shard)
 */
export function mergeAggregateInto(target: ReportAggregate, source: ReportAggregate): ReportAggregate {
  checkMergeable(target, source)
  if (target === source) throw new CorpusError('E_INVARIANT', 'cannot merge an aggregate into itself')
  for (const [key, doc] of Object.entries(source.documents)) {
    if (getOwn(target.documents, key)) {
      throw new CorpusError('E_INVARIANT', `document ${doc.id} from ${doc.source.uri}#${doc.source.index} is in both aggregates`)
    }
  }
  for (const [key, doc] of Object.entries(source.documents)) setOwn(target.documents, key, structuredClone(doc))
  for (const [lang, row] of Object.entries(source.languages)) {
    const into = languageRow(target, lang)
    into.documents += row.documents
    into.characters += row.characters
    into.paragraphs += row.paragraphs
  }
  for (const [id, entity] of Object.entries(source.entities)) {
    const into = getOwn(target.entities, id)
    if (into) {
      for (const [type, n] of Object.entries(entity.types)) increment(into.types, type, n)
      addNestedInto(into.forms, entity.forms)
      into.documents += entity.documents
      into.mentions += entity.mentions
    } else {
      setOwn(target.entities, id, { types: copyRecord(entity.types), forms: mergeNested(entity.forms, {}), documents: entity.documents, mentions: entity.mentions })
    }
  }
  for (const [lang, table] of Object.entries(source.keywords)) {
    const into = getOwn(target.keywords, lang)
    if (into) {
      into.documents += table.documents
      for (const [term, n] of Object.entries(table.df)) increment(into.df, term, n)
      for (const [term, n] of Object.entries(table.tf)) increment(into.tf, term, n)
    } else {
      setOwn(target.keywords, lang, { documents: table.documents, df: copyRecord(table.df), tf: copyRecord(table.tf) })
    }
  }
  for (const entry of Object.values(source.quarantine)) {
    addQuarantine(target, { ...entry, kind: entry.kind as QuarantineEntry['kind'] })
  }
  addNestedInto(target.cooccurrence.paragraph, source.cooccurrence.paragraph)
  addNestedInto(target.cooccurrence.document, source.cooccurrence.document)
  addNestedInto(target.timeline, source.timeline)
  return target
}

function mergeNested(a: Record<string, Counts>, b: Record<string, Counts>): Record<string, Counts> {
  const out = record<Counts>()
  for (const [k, v] of Object.entries(a)) setOwn(out, k, copyRecord(v))
  for (const [k, v] of Object.entries(b)) setOwn(out, k, addCounts(getOwn(out, k) ?? record(), v))
  return out
}

/**
 * Combine two aggregates into a new one (neither input is changed). Counts add up, so the merge of
 * two half-corpus aggregates equals the aggregate of the whole corpus, in either order and any
 * grouping. Both must use the same `nearDuplicateThreshold`, and no input may be in both.
 */
export function mergeAggregates(a: ReportAggregate, b: ReportAggregate): ReportAggregate {
  checkMergeable(a, b)
  // The in-place merge copies everything it takes from its source, so folding both sides into a
  // fresh aggregate leaves `a` and `b` untouched.
  const out = createAggregate({ nearDuplicateThreshold: a.nearDuplicateThreshold })
  mergeAggregateInto(out, a)
  return mergeAggregateInto(out, b)
}
