import { CorpusError } from '@corpus/core'
import { bandKey } from './minhash.js'

/** Rows per chunk of the row pools: past the first chunk, growth adds a chunk and copies nothing. */
const CHUNK_ROWS = 4096
/** Rows the first chunk starts with; it doubles up to CHUNK_ROWS, so a small run allocates little. */
const FIRST_ROWS = 64
/** Bytes per chunk of the text pool (the first chunks are smaller, from 16 KiB up). */
const TEXT_CHUNK_BYTES = 1 << 20
const EMPTY_SLOT = -1

/** Fixed-width rows of uint32 in chunks (signatures, hashes), addressed by row number. */
class RowPool {
  private readonly chunks: Uint32Array[] = []
  length = 0
  constructor(readonly width: number) {}

  push(row: ArrayLike<number>): number {
    const index = this.length
    const offset = (index % CHUNK_ROWS) * this.width
    if (offset === 0) {
      this.chunks.push(new Uint32Array((this.chunks.length === 0 ? FIRST_ROWS : CHUNK_ROWS) * this.width))
    } else if (index < CHUNK_ROWS && offset === this.chunks[0]!.length) {
      const bigger = new Uint32Array(Math.min(CHUNK_ROWS * this.width, offset * 2))
      bigger.set(this.chunks[0]!)
      this.chunks[0] = bigger
    }
    const chunk = this.chunks[this.chunks.length - 1]!
    for (let i = 0; i < this.width; i += 1) chunk[offset + i] = row[i]!
    this.length += 1
    return index
  }

  /** The chunk holding `row` and where the row starts in it (no view is allocated). */
  chunkOf(row: number): Uint32Array {
    return this.chunks[Math.floor(row / CHUNK_ROWS)]!
  }

  offsetOf(row: number): number {
    return (row % CHUNK_ROWS) * this.width
  }

  get bytes(): number {
    return this.chunks.reduce((n, chunk) => n + chunk.byteLength, 0)
  }
}

/** Strings stored as UTF-8 in large buffers: no per-string object stays alive. */
class TextPool {
  private readonly chunks: Buffer[] = []
  private used = 0
  /** Per stored string: chunk number, start and end in it. */
  private readonly where = new RowPool(3)

  push(text: string): number {
    const size = Buffer.byteLength(text, 'utf8')
    if (this.chunks.length === 0 || this.used + size > this.chunks[this.chunks.length - 1]!.length) {
      this.chunks.push(Buffer.allocUnsafe(Math.max(Math.min(TEXT_CHUNK_BYTES, 16384 << this.chunks.length), size)))
      this.used = 0
    }
    const chunk = this.chunks.length - 1
    this.chunks[chunk]!.write(text, this.used, 'utf8')
    const index = this.where.push([chunk, this.used, this.used + size])
    this.used += size
    return index
  }

  get(index: number): string {
    const rows = this.where.chunkOf(index)
    const at = this.where.offsetOf(index)
    return this.chunks[rows[at]!]!.toString('utf8', rows[at + 1], rows[at + 2])
  }

  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0) + this.where.bytes
  }
}

/**
 * Open addressing (linear probing, load <= 3/4) over int32 slots, each holding a document number.
 * Keys are well-mixed hashes, so their low bits pick the slot. The key of a slot is not stored:
 * `keyOf(doc)` recomputes it, so a slot costs 4 bytes; 8 bits of the key's hash in the slot's top
 * byte skip most recomputations (document numbers < 2^24).
 */
class DocTable {
  private slots: Int32Array
  private size = 0
  constructor(
    private readonly keyOf: (doc: number) => number,
    capacity = 1024,
  ) {
    this.slots = new Int32Array(capacity).fill(EMPTY_SLOT)
  }

  /**
   * Documents stored under `key` (in insertion order), then store `doc` under it unless `cap`
   * documents are stored there already (`doc` < 0: look up only).
   */
  lookupAndAdd(key: number, doc: number, cap: number, out: number[]): void {
    if (doc >= 0 && (this.size + 1) * 4 > this.slots.length * 3) this.grow()
    const slots = this.slots
    const mask = slots.length - 1
    const tag = tagOf(key)
    let found = 0
    let i = key & mask
    for (;;) {
      const entry = slots[i]!
      if (entry === EMPTY_SLOT) break
      if (entry >>> 24 === tag && this.keyOf(entry & 0xffffff) === key) {
        out.push(entry & 0xffffff)
        found += 1
      }
      i = (i + 1) & mask
    }
    if (doc >= 0 && found < cap) {
      slots[i] = (tag << 24) | doc
      this.size += 1
    }
  }

  private grow(): void {
    const old = this.slots
    const slots = new Int32Array(old.length * 2).fill(EMPTY_SLOT)
    const mask = slots.length - 1
    for (const entry of old) {
      if (entry === EMPTY_SLOT) continue
      let i = this.keyOf(entry & 0xffffff) & mask
      while (slots[i] !== EMPTY_SLOT) i = (i + 1) & mask
      slots[i] = entry
    }
    this.slots = slots
  }

  get bytes(): number {
    return this.slots.length * 4
  }
}

/**
 * 8 bits of a key's multiplicative hash (its top bits depend on every bit of the key, while the
 * slot comes from the key's low bits); never 0xff, so no tagged slot equals an empty one (-1).
 */
const tagOf = (key: number): number => (Math.imul(key, 0x9e3779b1) >>> 24) % 255

/** A document seen before, as the index gives it back. */
export interface SeenDoc {
  readonly id: string
  readonly source: { readonly uri: string; readonly index: number }
}

/** Most documents the index holds (document numbers fit in the slots' 24 bits). */
export const MAX_DOCS = 1 << 24

/**
 * The state of one `markDuplicates` run in typed arrays: per distinct text its 64-bit content
 * hash, MinHash signature, id and source (UTF-8 in a pool), an exact-hash table and one LSH table
 * per band. No object per document stays alive, so memory per document is flat and the garbage
 * collector has nothing to trace.
 */
export class DedupIndex {
  private readonly hashes = new RowPool(2)
  private readonly signatures: RowPool
  private readonly ids = new TextPool()
  private readonly uris = new TextPool()
  private readonly sourceIndex = new RowPool(1)
  private readonly exact: DocTable
  private readonly bands: DocTable[]

  constructor(
    readonly numHashes: number,
    readonly bandCount: number,
    readonly rows: number,
  ) {
    this.signatures = new RowPool(numHashes)
    this.exact = new DocTable((doc) => this.hashes.chunkOf(doc)[this.hashes.offsetOf(doc) + 1]!)
    this.bands = Array.from({ length: bandCount }, (_, band) => new DocTable((doc) => this.bandKeyOf(doc, band)))
  }

  get size(): number {
    return this.hashes.length
  }

  /** The earlier document with the same 64-bit content hash, if any. */
  findExact(hashHigh: number, hashLow: number): number | null {
    const out: number[] = []
    this.exact.lookupAndAdd(hashLow, -1, 0, out)
    for (const doc of out) if (this.hashes.chunkOf(doc)[this.hashes.offsetOf(doc)] === hashHigh) return doc
    return null
  }

  /** Stored documents sharing at least one LSH band key (`keys`, one per band) with a new document, ascending. */
  candidates(keys: readonly number[]): number[] {
    const out: number[] = []
    for (let band = 0; band < this.bandCount; band += 1) this.bands[band]!.lookupAndAdd(keys[band]!, -1, 0, out)
    return sortUnique(out)
  }

  /**
   * Add a distinct document with its content hash, signature and band keys; returns its number.
   * Each band keeps at most `bucketCap` documents per key (the first ones).
   */
  add(doc: SeenDoc, hashHigh: number, hashLow: number, signature: Uint32Array, keys: readonly number[], bucketCap: number): number {
    if (this.size >= MAX_DOCS) {
      throw new CorpusError('E_INPUT', `markDuplicates: more than ${MAX_DOCS} distinct documents in one run; split the input into several runs`)
    }
    const number = this.hashes.push([hashHigh, hashLow])
    this.signatures.push(signature)
    this.ids.push(doc.id)
    this.uris.push(doc.source.uri)
    this.sourceIndex.push([doc.source.index])
    const ignored: number[] = []
    this.exact.lookupAndAdd(hashLow, number, Number.MAX_SAFE_INTEGER, ignored)
    for (let band = 0; band < this.bandCount; band += 1) {
      ignored.length = 0
      this.bands[band]!.lookupAndAdd(keys[band]!, number, bucketCap, ignored)
    }
    return number
  }

  /** Estimated Jaccard similarity of `signature` and stored document `doc`: the share of equal slots. */
  similarity(signature: Uint32Array, doc: number): number {
    const chunk = this.signatures.chunkOf(doc)
    const at = this.signatures.offsetOf(doc)
    let same = 0
    for (let i = 0; i < this.numHashes; i += 1) if (signature[i] === chunk[at + i]) same += 1
    return this.numHashes === 0 ? 0 : same / this.numHashes
  }

  doc(doc: number): SeenDoc {
    return { id: this.ids.get(doc), source: { uri: this.uris.get(doc), index: this.sourceIndex.chunkOf(doc)[this.sourceIndex.offsetOf(doc)]! } }
  }

  /** Bytes of typed arrays and buffers the index holds. */
  get bytes(): number {
    return (
      this.hashes.bytes + this.signatures.bytes + this.ids.bytes + this.uris.bytes + this.sourceIndex.bytes + this.exact.bytes +
      this.bands.reduce((n, b) => n + b.bytes, 0)
    )
  }

  private bandKeyOf(doc: number, band: number): number {
    return bandKey(this.signatures.chunkOf(doc), band, this.rows, this.signatures.offsetOf(doc))
  }
}

function sortUnique(values: number[]): number[] {
  if (values.length < 2) return values
  values.sort((a, b) => a - b)
  let n = 1
  for (let i = 1; i < values.length; i += 1) if (values[i] !== values[n - 1]) values[n++] = values[i]!
  values.length = n
  return values
}
