import { createHash } from 'node:crypto'
import { CorpusError, defineStage, rawStage, withAnnotation, type Doc, type Stage } from '@corpus/core'
import { DedupIndex } from './internal/dedup-index.js'
import { bandKey, chooseBands, minhashSignature } from './internal/minhash.js'
import type { DuplicateInfo } from './types.js'

/** Options of {@link markDuplicates}. Every field is optional. */
export interface MarkDuplicatesOptions {
  /** Estimated Jaccard similarity (of character shingles) at or above which a document is a near-duplicate. @default 0.8 */
  readonly threshold?: number
  /** Characters per shingle, taken from the lower-cased text with punctuation removed. @default 5 */
  readonly shingleSize?: number
  /** MinHash slots per signature (more is more precise and more memory). @default 128 */
  readonly numHashes?: number
}

const STAGE = 'ingest-dedup'
/** Documents kept per LSH bucket: past this, a bucket holds copies of one text and more add nothing. */
const BUCKET_CAP = 32

function validate(options: MarkDuplicatesOptions): void {
  const { threshold, shingleSize, numHashes } = options
  if (threshold !== undefined && !(typeof threshold === 'number' && threshold > 0 && threshold <= 1)) {
    throw new CorpusError('E_CONFIG', `markDuplicates: threshold must be a number in (0, 1], got ${String(threshold)}`)
  }
  if (shingleSize !== undefined && !(Number.isInteger(shingleSize) && shingleSize >= 1 && shingleSize <= 64)) {
    throw new CorpusError('E_CONFIG', `markDuplicates: shingleSize must be an integer from 1 to 64, got ${String(shingleSize)}`)
  }
  if (numHashes !== undefined && !(Number.isInteger(numHashes) && numHashes >= 8 && numHashes <= 1024)) {
    throw new CorpusError('E_CONFIG', `markDuplicates: numHashes must be an integer from 8 to 1024, got ${String(numHashes)}`)
  }
}

/**
 * Mark exact and near-duplicate documents (annotation `duplicate`); nothing is dropped, so the
 * report can list them. Exact: same cleaned text as an earlier document. Near: MinHash estimate
 * of the Jaccard similarity of character shingles >= `threshold` against an earlier document,
 * found through an LSH band index (so a run stays near-linear on 100k documents) and confirmed on
 * the full signature. The earlier document is the first one in stream order. Deterministic: fixed
 * seeds, results depend only on the texts and their order.
 *
 * Keeps, per distinct text, its signature (512 bytes at the default 128 slots), 64-bit hash, id
 * and source in typed arrays: about 750 bytes per distinct document at the defaults.
 *
 * @example
 * const { docs } = await runStage([cleanText(), markDuplicates({ threshold: 0.9 })], docs)
 * docs.filter((d) => d.annotations.duplicate?.nearOf)
 */
export function markDuplicates(options: MarkDuplicatesOptions = {}): Stage {
  validate(options)
  const threshold = options.threshold ?? 0.8
  const shingleSize = options.shingleSize ?? 5
  const numHashes = options.numHashes ?? 128
  const { bands, rows } = chooseBands(numHashes, threshold)

  // Each run gets its own index: the state lives in the stream function, not the factory.
  const run = (docs: AsyncIterable<Doc>, ctx: Parameters<Stage>[1]): AsyncIterable<Doc> => {
    const index = new DedupIndex(numHashes, bands, rows)
    const stage = defineStage({
      name: STAGE,
      assigns: ['duplicate'],
      processDoc(doc) {
        const signature = minhashSignature(doc.text, shingleSize, numHashes)
        const minhash = Array.from(signature)
        // The first 64 bits of the SHA-256 of the text (contentId's 16 hex digits, as numbers).
        const digest = createHash('sha256').update(doc.text, 'utf8').digest()
        const hashHigh = digest.readUInt32BE(0)
        const hashLow = digest.readUInt32BE(4)
        const first = index.findExact(hashHigh, hashLow)
        if (first !== null) {
          ctx.count('exact')
          const of = index.doc(first)
          const info: DuplicateInfo = { exactOf: of.id, nearOf: null, similarity: 1, ofSource: of.source, minhash }
          return withAnnotation(doc, 'duplicate', info)
        }
        const keys: number[] = []
        for (let band = 0; band < bands; band += 1) keys.push(bandKey(signature, band, rows))
        let match: { of: number; similarity: number } | null = null
        for (const candidate of index.candidates(keys)) {
          const similarity = index.similarity(signature, candidate)
          if (similarity >= threshold) {
            match = { of: candidate, similarity }
            break
          }
        }
        index.add(doc, hashHigh, hashLow, signature, keys, BUCKET_CAP)
        if (match) ctx.count('near')
        const near = match ? index.doc(match.of) : null
        const info: DuplicateInfo = near && match
          ? { exactOf: null, nearOf: near.id, similarity: match.similarity, ofSource: near.source, minhash }
          : { exactOf: null, nearOf: null, similarity: 0, ofSource: null, minhash }
        return withAnnotation(doc, 'duplicate', info)
      },
    })
    return stage(docs, ctx)
  }
  return rawStage(STAGE, run, { assigns: ['duplicate'] })
}
