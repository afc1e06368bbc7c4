import { createHash } from 'node:crypto'
import { CorpusError, type Doc, type QuarantineEntry } from '@corpus/core'
import type {} from '@corpus/entities'
import type {} from '@corpus/ingest'
import type {} from '@corpus/langid'
import { ChunkedStore, IntList } from './columns.js'
import { hasKeywords, TermTable } from './keywords.js'
import { PairCounter } from './pair-table.js'
import { codePoints, labelledParagraphs, paragraphAt } from './paragraphs.js'
import { compareStrings, getOwn, record, setOwn, type Counts } from './records.js'

/** Entity types that name something (co-occurrence and timeline use only these). */
export const NAMED_TYPES: ReadonlySet<string> = new Set(['LOC', 'ORG', 'PER', 'PRODUCT'])

/** What the aggregate keeps of one document: the report's document row before duplicate groups. */
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
}

/** A stored row: {@link DocumentRecord} as a JSON array, in this field order. */
type RowTuple = [
  id: string,
  uri: string,
  index: number,
  title: string | null,
  byline: string | null,
  author: string | null,
  date: string | null,
  sources: string[],
  url: string | null,
  language: DocumentRecord['language'],
  characters: number,
  paragraphs: number,
  entities: Counts,
  mentions: number,
  textHash: string,
]

const toTuple = (d: DocumentRecord): RowTuple => [
  d.id,
  d.source.uri,
  d.source.index,
  d.title,
  d.byline,
  d.author,
  d.date,
  d.sources,
  d.url,
  d.language,
  d.characters,
  d.paragraphs,
  d.entities,
  d.mentions,
  d.textHash,
]

const fromTuple = (t: RowTuple): DocumentRecord => ({
  id: t[0],
  source: { uri: t[1], index: t[2] },
  title: t[3],
  byline: t[4],
  author: t[5],
  date: t[6],
  sources: t[7],
  url: t[8],
  language: t[9],
  characters: t[10],
  paragraphs: t[11],
  entities: t[12],
  mentions: t[13],
  textHash: t[14],
})

export interface QuarantineRow {
  docId: string
  source: { uri: string; index: number }
  stage: string
  rule: string
  reason: string
  kind: string
}

interface LanguageRow {
  documents: number
  characters: number
  paragraphs: number
}

interface EntityState {
  readonly ord: number
  readonly types: Map<string, number>
  readonly forms: Map<string, Map<string, number>>
  documents: number
  mentions: number
  last: number
}

/** The serialised aggregate (version 2): plain JSON, every list and key in a canonical order. */
export interface AggregateJson {
  version: 2
  nearDuplicateThreshold: number
  /** One row per document, sorted by source: {@link RowTuple} then the MinHash signature (base64 of the low 16 bits of each value, big-endian) or null. */
  documents: unknown[][]
  languages: Record<string, LanguageRow>
  entities: Record<string, { types: Counts; forms: Record<string, Counts>; documents: number; mentions: number }>
  /** `ids`: the entity ids in pairs, sorted; `paragraph`/`document`: flat `[i, j, count, ...]` over `ids` with `i < j`. */
  cooccurrence: { ids: string[]; paragraph: number[]; document: number[] }
  /** By language: documents, and every term with its term and document frequency (terms sorted). */
  keywords: Record<string, { documents: number; terms: string[]; tf: number[]; df: number[] }>
  timeline: Record<string, Counts>
  quarantine: QuarantineRow[]
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/
const encoder = new TextEncoder()
const decoder = new TextDecoder()
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000

/** Shares rounded as the report shows them (so the stored row is shorter; rounding again changes nothing). */
function roundedShares(shares: Readonly<Record<string, number>>): Record<string, number> {
  const out = record<number>()
  for (const [lang, share] of Object.entries(shares)) setOwn(out, lang, round4(share))
  return out
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by)
}

function mapToCounts(map: ReadonlyMap<string, number>): Counts {
  const out = record<number>()
  for (const key of [...map.keys()].sort(compareStrings)) setOwn(out, key, map.get(key) as number)
  return out
}

/**
 * 16 bits of a signature value: a well-mixed hash of it (MinHash values are minima, so their high
 * bits are mostly zero, and multiplicative hashes leave their low bits tied to the input's low
 * bits; a finaliser spreads all 32 bits over the 16 kept). Two different values then agree with
 * probability 2^-16, so a similarity computed on these is the 32-bit one except, rarely, one
 * position more in agreement; keeping 16 bits halves the largest per-document cost. A value that
 * is not a uint32 is first folded by a string hash (equal values stay equal).
 */
function uint16Of(value: number): number {
  let v = value
  if (!(Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
    v = 0x811c9dc5
    for (const ch of String(value)) v = Math.imul(v ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0
  }
  v ^= v >>> 16
  v = Math.imul(v, 0x85ebca6b)
  v ^= v >>> 13
  v = Math.imul(v, 0xc2b2ae35)
  v ^= v >>> 16
  return v >>> 16
}

function encodeSignature(signature: Uint16Array): string {
  const bytes = Buffer.alloc(signature.length * 2)
  signature.forEach((v, i) => bytes.writeUInt16BE(v, i * 2))
  return bytes.toString('base64')
}

/** A signature from the aggregate JSON: base64 of big-endian uint16s (version 2) or uint32s (version 1). */
function decodeSignature(encoded: string, bytesPerValue: 2 | 4): number[] {
  const bytes = Buffer.from(encoded, 'base64')
  const out: number[] = []
  for (let i = 0; i + bytesPerValue <= bytes.length; i += bytesPerValue) out.push(bytesPerValue === 2 ? bytes.readUInt16BE(i) : bytes.readUInt32BE(i))
  return out
}

/**
 * The working form of a report aggregate: typed arrays, interned ids and numeric pair keys instead
 * of objects keyed by strings. Per document it keeps the report row as UTF-8 JSON and the MinHash
 * signature as uint32s, both in chunked arrays; per entity pair and per keyword bigram a few int32s.
 */
export class AggregateState {
  private serial = 0
  /** Index of the documents by source: open addressing, row number + 1 per slot, keyed by a hash of the source. */
  private sourceSlots = new Int32Array(1024)
  private readonly sourceHashes = new IntList()
  private readonly rows = new ChunkedStore((n) => new Uint8Array(n), 1 << 20)
  private readonly rowChunk = new IntList()
  private readonly rowOffset = new IntList()
  private readonly rowLength = new IntList()
  private readonly signatures = new ChunkedStore((n) => new Uint16Array(n), 1 << 19)
  /** Folders of the sources (rows store a number into this list and the file name). */
  private readonly prefixes: string[] = []
  private readonly prefixIds = new Map<string, number>()
  private readonly sigChunk = new IntList()
  private readonly sigOffset = new IntList()
  private readonly sigLength = new IntList()
  readonly languages = new Map<string, LanguageRow>()
  readonly entities = new Map<string, EntityState>()
  readonly entityIds: string[] = []
  /** Pair counts over entity numbers (smaller number first). */
  readonly paragraphPairs = new PairCounter()
  readonly documentPairs = new PairCounter()
  readonly keywords = new Map<string, TermTable>()
  readonly timeline = new Map<string, Map<string, number>>()
  readonly quarantine = new Map<string, QuarantineRow>()

  constructor(readonly nearDuplicateThreshold: number) {}

  get documentCount(): number {
    return this.rowChunk.length
  }

  private static sourceHash(uri: string, index: number): number {
    let h = Math.imul(0x811c9dc5 ^ index, 0x01000193)
    for (let i = 0; i < uri.length; i++) h = Math.imul(h ^ uri.charCodeAt(i), 0x01000193)
    return h
  }

  /** Slot of (uri, index) in the source index: its own, or the empty one where it would go. */
  private sourceSlot(uri: string, index: number, hash: number): number {
    const slots = this.sourceSlots
    const mask = slots.length - 1
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const v = slots[s] as number
      if (v === 0) return s
      if (this.sourceHashes.data[v - 1] === hash) {
        const row = this.row(v - 1)
        if (row.source.uri === uri && row.source.index === index) return s
      }
    }
  }

  hasSource(uri: string, index: number): boolean {
    return this.sourceSlots[this.sourceSlot(uri, index, AggregateState.sourceHash(uri, index))] !== 0
  }

  /** The source of every document (for the both-sides check of a merge). */
  *sources(): Generator<{ uri: string; index: number }> {
    for (let n = 0; n < this.documentCount; n++) yield this.row(n).source
  }

  private indexSource(uri: string, index: number, n: number): void {
    const hash = AggregateState.sourceHash(uri, index)
    this.sourceSlots[this.sourceSlot(uri, index, hash)] = n + 1
    this.sourceHashes.push(hash)
    if ((n + 1) * 2 > this.sourceSlots.length) {
      const grown = new Int32Array(this.sourceSlots.length * 2)
      const mask = grown.length - 1
      for (let m = 0; m <= n; m++) {
        let t = (this.sourceHashes.data[m] as number) & mask
        while (grown[t] !== 0) t = (t + 1) & mask
        grown[t] = m + 1
      }
      this.sourceSlots = grown
    }
  }

  /**
   * A row as stored: a JSON array with the source's folder as a number into {@link prefixes} and
   * the language flattened (about 100 bytes shorter than the record as JSON).
   */
  private encodeRow(d: DocumentRecord): string {
    const slash = d.source.uri.lastIndexOf('/') + 1
    const folder = d.source.uri.slice(0, slash)
    let prefix = this.prefixIds.get(folder)
    if (prefix === undefined) {
      prefix = this.prefixes.length
      this.prefixes.push(folder)
      this.prefixIds.set(folder, prefix)
    }
    const l = d.language
    return JSON.stringify([
      d.id,
      prefix,
      d.source.uri.slice(slash),
      d.source.index,
      d.title,
      d.byline,
      d.author,
      d.date,
      d.sources,
      d.url,
      l ? l.lang : null,
      l ? l.confidence : 0,
      l ? l.shares : 0,
      l ? l.mixed : 0,
      d.characters,
      d.paragraphs,
      d.entities,
      d.mentions,
      d.textHash,
    ])
  }

  private decodeRow(json: string): DocumentRecord {
    const t = JSON.parse(json) as unknown[]
    return {
      id: t[0] as string,
      source: { uri: (this.prefixes[t[1] as number] as string) + (t[2] as string), index: t[3] as number },
      title: t[4] as string | null,
      byline: t[5] as string | null,
      author: t[6] as string | null,
      date: t[7] as string | null,
      sources: t[8] as string[],
      url: t[9] as string | null,
      language: t[10] === null ? null : { lang: t[10] as string, confidence: t[11] as number, shares: t[12] as Record<string, number>, mixed: t[13] as boolean },
      characters: t[14] as number,
      paragraphs: t[15] as number,
      entities: t[16] as Counts,
      mentions: t[17] as number,
      textHash: t[18] as string,
    }
  }

  /** `folded`: the signature is already 16-bit (from another aggregate), else it is the dedup stage's. */
  private addRow(record: DocumentRecord, signature: ArrayLike<number> | null, folded = false): void {
    const bytes = encoder.encode(this.encodeRow(record))
    const row = this.rows.reserve(bytes.length)
    row.array.set(bytes, row.offset)
    const n = this.rowChunk.length
    this.rowChunk.push(row.chunk)
    this.rowOffset.push(row.offset)
    this.rowLength.push(bytes.length)
    if (signature && signature.length > 0) {
      const sig = this.signatures.reserve(signature.length)
      if (folded) sig.array.set(signature, sig.offset)
      else for (let i = 0; i < signature.length; i++) sig.array[sig.offset + i] = uint16Of(signature[i] as number)
      this.sigChunk.push(sig.chunk)
      this.sigOffset.push(sig.offset)
      this.sigLength.push(signature.length)
    } else {
      this.sigChunk.push(-1)
      this.sigOffset.push(0)
      this.sigLength.push(0)
    }
    this.indexSource(record.source.uri, record.source.index, n)
  }

  /** Row `n` (in the order documents were added). */
  row(n: number): DocumentRecord {
    const chunk = this.rows.chunks[this.rowChunk.get(n)] as Uint8Array
    const offset = this.rowOffset.get(n)
    return this.decodeRow(decoder.decode(chunk.subarray(offset, offset + this.rowLength.get(n))))
  }

  /** MinHash signature of row `n` (a view, not a copy), or null. */
  signature(n: number): Uint16Array | null {
    const chunk = this.sigChunk.get(n)
    if (chunk < 0) return null
    const offset = this.sigOffset.get(n)
    return (this.signatures.chunks[chunk] as Uint16Array).subarray(offset, offset + this.sigLength.get(n))
  }

  private languageRow(lang: string): LanguageRow {
    let row = this.languages.get(lang)
    if (!row) {
      row = { documents: 0, characters: 0, paragraphs: 0 }
      this.languages.set(lang, row)
    }
    return row
  }

  private entity(id: string): EntityState {
    let entity = this.entities.get(id)
    if (!entity) {
      entity = { ord: this.entityIds.length, types: new Map(), forms: new Map(), documents: 0, mentions: 0, last: -1 }
      this.entities.set(id, entity)
      this.entityIds.push(id)
    }
    return entity
  }

  private termTable(lang: string): TermTable {
    let table = this.keywords.get(lang)
    if (!table) {
      table = new TermTable(lang)
      this.keywords.set(lang, table)
    }
    return table
  }

  private timelineDay(date: string): Map<string, number> {
    let day = this.timeline.get(date)
    if (!day) {
      day = new Map()
      this.timeline.set(date, day)
    }
    return day
  }

  addDocument(doc: Doc): void {
    if (this.hasSource(doc.source.uri, doc.source.index)) {
      throw new CorpusError('E_INVARIANT', `document ${doc.id} from ${doc.source.uri}#${doc.source.index} was added to the report twice`)
    }
    const serial = this.serial++
    const { meta, language, duplicate } = doc.annotations
    const mentions = doc.annotations.entities ?? []
    const paragraphs = labelledParagraphs(doc)

    const byType = new Map<string, number>()
    for (const m of mentions) bump(byType, m.type)
    const docLang = language?.lang ?? 'und'
    this.addRow(
      {
        id: doc.id,
        source: { uri: doc.source.uri, index: doc.source.index },
        title: meta?.title ?? null,
        byline: meta?.byline ?? null,
        author: meta?.author ?? null,
        date: meta?.date ?? null,
        sources: [...(meta?.sources ?? [])],
        url: meta?.url ?? null,
        language: language ? { lang: language.lang, confidence: round4(language.confidence), shares: roundedShares(language.shares), mixed: language.mixed } : null,
        characters: codePoints(doc.text),
        paragraphs: paragraphs.length,
        entities: mapToCounts(byType),
        mentions: mentions.length,
        textHash: createHash('sha256').update(doc.text).digest('hex').slice(0, 16),
      },
      duplicate ? duplicate.minhash : null,
    )

    this.languageRow(docLang).documents += 1
    const keywordText = new Map<string, string[]>()
    for (const p of paragraphs) {
      const text = doc.text.slice(p.start, p.end)
      const row = this.languageRow(p.lang)
      row.paragraphs += 1
      row.characters += codePoints(text)
      // Bylines and source lines are names and dates, not what the article is about.
      if (p.kind === 'byline' || p.kind === 'source' || !hasKeywords(p.lang)) continue
      const texts = keywordText.get(p.lang)
      if (texts) texts.push(text)
      else keywordText.set(p.lang, [text])
    }
    for (const [lang, texts] of keywordText) this.termTable(lang).addParagraphs(texts, serial)

    const named: number[] = []
    const byParagraph = new Map<number, number[]>()
    const date = meta?.date && ISO_DATE.test(meta.date) ? meta.date.slice(0, 10) : null
    const day = date ? this.timelineDay(date) : null
    for (const m of mentions) {
      const entity = this.entity(m.id)
      bump(entity.types, m.type)
      let forms = entity.forms.get(m.lang)
      if (!forms) {
        forms = new Map()
        entity.forms.set(m.lang, forms)
      }
      bump(forms, m.text)
      entity.mentions += 1
      if (entity.last !== serial) {
        entity.last = serial
        entity.documents += 1
      }
      if (!NAMED_TYPES.has(m.type)) continue
      named.push(entity.ord)
      const index = paragraphAt(paragraphs, m.start)
      if (index >= 0) {
        const ids = byParagraph.get(index)
        if (ids) ids.push(entity.ord)
        else byParagraph.set(index, [entity.ord])
      }
      if (day) bump(day, m.id)
    }
    addPairs(this.documentPairs, named)
    for (const ids of byParagraph.values()) addPairs(this.paragraphPairs, ids)
  }

  addQuarantine(row: QuarantineRow): void {
    const base = [row.source.uri, row.source.index, row.docId, row.stage, row.rule].join('\u0000')
    let key = base
    for (let n = 1; this.quarantine.has(key); n++) key = `${base}\u0000${n}`
    this.quarantine.set(key, row)
  }

  /** Add everything of `source` (which is not changed) into this state. */
  merge(source: AggregateState): void {
    for (let n = 0; n < source.documentCount; n++) this.addRow(source.row(n), source.signature(n), true)
    for (const [lang, row] of source.languages) {
      const into = this.languageRow(lang)
      into.documents += row.documents
      into.characters += row.characters
      into.paragraphs += row.paragraphs
    }
    const ords: number[] = []
    for (const [id, entity] of source.entities) {
      const into = this.entity(id)
      ords[entity.ord] = into.ord
      for (const [type, n] of entity.types) bump(into.types, type, n)
      for (const [lang, texts] of entity.forms) {
        let forms = into.forms.get(lang)
        if (!forms) {
          forms = new Map()
          into.forms.set(lang, forms)
        }
        for (const [text, n] of texts) bump(forms, text, n)
      }
      into.documents += entity.documents
      into.mentions += entity.mentions
    }
    for (const [table, from] of [
      [this.paragraphPairs, source.paragraphPairs],
      [this.documentPairs, source.documentPairs],
    ] as const) {
      from.forEach((x, y, count) => {
        const a = ords[x] as number
        const b = ords[y] as number
        table.add(Math.min(a, b), Math.max(a, b), count)
      })
    }
    for (const [lang, terms] of source.keywords) {
      const into = this.termTable(lang)
      into.documents += terms.documents
      for (const t of terms.terms()) into.addTerm(t.term, t.tf, t.df)
    }
    for (const [date, counts] of source.timeline) {
      const day = this.timelineDay(date)
      for (const [id, n] of counts) bump(day, id, n)
    }
    for (const row of source.quarantine.values()) this.addQuarantine(structuredClone(row))
  }

  /** Entity id pairs with `a < b` (code-unit order), in no particular order; only those with a count >= `minCount`. */
  pairList(which: 'paragraph' | 'document', minCount = 1): { a: string; b: string; count: number }[] {
    const out: { a: string; b: string; count: number }[] = []
    ;(which === 'paragraph' ? this.paragraphPairs : this.documentPairs).forEach((p, q, count) => {
      if (count < minCount) return
      const x = this.entityIds[p] as string
      const y = this.entityIds[q] as string
      out.push(x < y ? { a: x, b: y, count } : { a: y, b: x, count })
    })
    return out
  }

  /** The count of every pair of a table, in no particular order. */
  pairCounts(which: 'paragraph' | 'document'): Int32Array {
    const table = which === 'paragraph' ? this.paragraphPairs : this.documentPairs
    const out = new Int32Array(table.size)
    let n = 0
    table.forEach((_a, _b, count) => {
      out[n++] = count
    })
    return out
  }

  toJSON(): AggregateJson {
    const order = [...Array(this.documentCount).keys()].map((n) => ({ n, row: this.row(n) }))
    order.sort(
      (p, q) =>
        compareStrings(p.row.source.uri, q.row.source.uri) || p.row.source.index - q.row.source.index || compareStrings(p.row.id, q.row.id),
    )
    const documents = order.map(({ n, row }) => {
      const sig = this.signature(n)
      return [...toTuple(row), sig ? encodeSignature(sig) : null]
    })
    const languages = record<LanguageRow>()
    for (const lang of [...this.languages.keys()].sort(compareStrings)) setOwn(languages, lang, { ...(this.languages.get(lang) as LanguageRow) })
    const entities: AggregateJson['entities'] = record()
    for (const id of [...this.entities.keys()].sort(compareStrings)) {
      const e = this.entities.get(id) as EntityState
      const forms = record<Counts>()
      for (const lang of [...e.forms.keys()].sort(compareStrings)) setOwn(forms, lang, mapToCounts(e.forms.get(lang) as Map<string, number>))
      setOwn(entities, id, { types: mapToCounts(e.types), forms, documents: e.documents, mentions: e.mentions })
    }
    const paragraphPairs = this.pairList('paragraph')
    const documentPairs = this.pairList('document')
    const ids = [...new Set([...paragraphPairs, ...documentPairs].flatMap((p) => [p.a, p.b]))].sort(compareStrings)
    const position = new Map(ids.map((id, i) => [id, i]))
    const flat = (pairs: { a: string; b: string; count: number }[]): number[] => {
      const triples = pairs.map((p) => [position.get(p.a) as number, position.get(p.b) as number, p.count] as const)
      triples.sort((p, q) => p[0] - q[0] || p[1] - q[1])
      return triples.flat()
    }
    const keywords: AggregateJson['keywords'] = record()
    for (const lang of [...this.keywords.keys()].sort(compareStrings)) {
      const table = this.keywords.get(lang) as TermTable
      const terms = table.terms().sort((a, b) => compareStrings(a.term, b.term))
      setOwn(keywords, lang, { documents: table.documents, terms: terms.map((t) => t.term), tf: terms.map((t) => t.tf), df: terms.map((t) => t.df) })
    }
    const timeline = record<Counts>()
    for (const date of [...this.timeline.keys()].sort(compareStrings)) setOwn(timeline, date, mapToCounts(this.timeline.get(date) as Map<string, number>))
    return {
      version: 2,
      nearDuplicateThreshold: this.nearDuplicateThreshold,
      documents,
      languages,
      entities,
      cooccurrence: { ids, paragraph: flat(paragraphPairs), document: flat(documentPairs) },
      keywords,
      timeline,
      quarantine: [...this.quarantine.values()].map((q) => ({ ...q, source: { ...q.source } })).sort(compareQuarantine),
    }
  }

  /** Read a serialised aggregate (version 2, or the version 1 layout of earlier state directories). */
  static fromJSON(json: unknown): AggregateState {
    const data = json as Record<string, unknown>
    const version = data.version
    if (version !== 1 && version !== 2) throw new CorpusError('E_CONFIG', `not a report aggregate of version 1 or 2: version ${String(version)}`)
    const state = new AggregateState(data.nearDuplicateThreshold as number)
    if (version === 2) state.readV2(json as AggregateJson)
    else state.readV1(json as V1Json)
    return state
  }

  private readV2(json: AggregateJson): void {
    for (const tuple of json.documents) {
      const row = tuple.slice(0, 15) as RowTuple
      if (this.hasSource(row[1], row[2])) throw new CorpusError('E_INVARIANT', `document ${row[0]} from ${row[1]}#${row[2]} is twice in one aggregate`)
      const sig = tuple[15]
      this.addRow(fromTuple(row), typeof sig === 'string' ? decodeSignature(sig, 2) : null, true)
    }
    this.readCommon(json)
    const ids = json.cooccurrence.ids.map((id) => this.entity(id).ord)
    for (const [table, flat] of [
      [this.paragraphPairs, json.cooccurrence.paragraph],
      [this.documentPairs, json.cooccurrence.document],
    ] as const) {
      for (let i = 0; i + 2 < flat.length; i += 3) {
        const a = ids[flat[i] as number] as number
        const b = ids[flat[i + 1] as number] as number
        table.add(Math.min(a, b), Math.max(a, b), flat[i + 2] as number)
      }
    }
    for (const [lang, k] of Object.entries(json.keywords)) {
      const table = this.termTable(lang)
      table.documents += k.documents
      k.terms.forEach((term, i) => table.addTerm(term, k.tf[i] as number, k.df[i] as number))
    }
    for (const row of json.quarantine) this.addQuarantine({ ...row, source: { ...row.source } })
  }

  private readV1(json: V1Json): void {
    for (const d of Object.values(json.documents)) {
      const { minhash, ...row } = d
      this.addRow(row, minhash ? decodeSignature(minhash, 4) : null)
    }
    this.readCommon(json)
    for (const [table, nested] of [
      [this.paragraphPairs, json.cooccurrence.paragraph],
      [this.documentPairs, json.cooccurrence.document],
    ] as const) {
      for (const [x, row] of Object.entries(nested)) {
        for (const [y, n] of Object.entries(row)) {
          const a = this.entity(x).ord
          const b = this.entity(y).ord
          table.add(Math.min(a, b), Math.max(a, b), n)
        }
      }
    }
    for (const [lang, k] of Object.entries(json.keywords)) {
      const table = this.termTable(lang)
      table.documents += k.documents
      for (const [term, tf] of Object.entries(k.tf)) table.addTerm(term, tf, getOwn(k.df, term) ?? 0)
    }
    for (const row of Object.values(json.quarantine)) this.addQuarantine({ ...row, source: { ...row.source } })
  }

  /** Languages, entities and timeline: the same layout in versions 1 and 2. */
  private readCommon(json: Pick<AggregateJson, 'languages' | 'entities' | 'timeline'>): void {
    for (const [lang, row] of Object.entries(json.languages)) this.languages.set(lang, { documents: row.documents, characters: row.characters, paragraphs: row.paragraphs })
    for (const [id, e] of Object.entries(json.entities)) {
      const into = this.entity(id)
      for (const [type, n] of Object.entries(e.types)) bump(into.types, type, n)
      for (const [lang, texts] of Object.entries(e.forms)) {
        const forms = new Map<string, number>()
        for (const [text, n] of Object.entries(texts)) forms.set(text, n)
        into.forms.set(lang, forms)
      }
      into.documents += e.documents
      into.mentions += e.mentions
    }
    for (const [date, counts] of Object.entries(json.timeline)) {
      const day = this.timelineDay(date)
      for (const [id, n] of Object.entries(counts)) bump(day, id, n)
    }
  }
}

interface V1Json {
  version: 1
  nearDuplicateThreshold: number
  documents: Record<string, DocumentRecord & { minhash: string | null }>
  languages: Record<string, LanguageRow>
  entities: AggregateJson['entities']
  cooccurrence: { paragraph: Record<string, Counts>; document: Record<string, Counts> }
  keywords: Record<string, { documents: number; df: Counts; tf: Counts }>
  timeline: Record<string, Counts>
  quarantine: Record<string, QuarantineRow>
}

function compareQuarantine(a: QuarantineRow, b: QuarantineRow): number {
  return (
    compareStrings(a.source.uri, b.source.uri) ||
    a.source.index - b.source.index ||
    compareStrings(a.stage, b.stage) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.docId, b.docId) ||
    compareStrings(a.reason, b.reason) ||
    compareStrings(a.kind, b.kind)
  )
}

/** Count every pair of distinct entity numbers once (smaller number first). */
function addPairs(table: PairCounter, ords: number[]): void {
  if (ords.length < 2) return
  ords.sort((a, b) => a - b)
  let m = 0
  for (let i = 0; i < ords.length; i++) if (i === 0 || ords[i] !== ords[i - 1]) ords[m++] = ords[i] as number
  for (let i = 0; i + 1 < m; i++) table.addAll(ords[i] as number, ords, i + 1, m)
}
