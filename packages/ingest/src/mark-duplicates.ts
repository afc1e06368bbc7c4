import { CorpusError, defineStage, rawStage, withAnnotation, type Doc, type Stage } from '@corpus/core'
import { contentId } from './content-id.js'
import { bandKey, chooseBands, minhashSignature, signatureSimilarity } from './internal/minhash.js'
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
 * Keeps one signature per distinct text for the run (512 bytes at the default 128 slots).
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
    const exact = new Map<string, { id: string; source: Doc['source'] }>()
    const seen: { id: string; source: Doc['source']; signature: Uint32Array }[] = []
    // Band key -> index of the first document with it, or the list once several share it
    // (most keys are seen once, so a plain number saves an array per key).
    const buckets = Array.from({ length: bands }, () => new Map<number, number | number[]>())
    const stage = defineStage({
      name: STAGE,
      assigns: ['duplicate'],
      processDoc(doc) {
        const signature = minhashSignature(doc.text, shingleSize, numHashes)
        const minhash = Array.from(signature)
        const hash = contentId(doc.text)
        const first = exact.get(hash)
        if (first) {
          ctx.count('exact')
          const info: DuplicateInfo = { exactOf: first.id, nearOf: null, similarity: 1, ofSource: first.source, minhash }
          return withAnnotation(doc, 'duplicate', info)
        }
        exact.set(hash, { id: doc.id, source: doc.source })
        const keys = Array.from({ length: bands }, (_, band) => bandKey(signature, band, rows))
        const candidates = new Set<number>()
        for (const [band, key] of keys.entries()) {
          const entry = buckets[band]?.get(key)
          if (typeof entry === 'number') candidates.add(entry)
          else if (entry) for (const index of entry) candidates.add(index)
        }
        let match: { index: number; similarity: number } | null = null
        for (const index of [...candidates].sort((a, b) => a - b)) {
          const other = seen[index]
          if (!other) continue
          const similarity = signatureSimilarity(signature, other.signature)
          if (similarity >= threshold) {
            match = { index, similarity }
            break
          }
        }
        const index = seen.length
        seen.push({ id: doc.id, source: doc.source, signature })
        for (const [band, key] of keys.entries()) {
          const bucket = buckets[band]
          const entry = bucket?.get(key)
          if (entry === undefined) bucket?.set(key, index)
          else if (typeof entry === 'number') bucket?.set(key, [entry, index])
          else if (entry.length < BUCKET_CAP) entry.push(index)
        }
        const near = match ? seen[match.index] : undefined
        if (near && match) ctx.count('near')
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
