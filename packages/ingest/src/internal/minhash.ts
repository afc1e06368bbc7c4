/** 32-bit finaliser of MurmurHash3: a fast, well-mixed hash of a 32-bit value. */
export function fmix32(value: number): number {
  let h = value >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const SEED_BIN = 0x9e3779b9
const SEED_VALUE = 0x7f4a7c15
const SEED_PROBE = 0x2545f491
const EMPTY = 0xffffffff

/** Lower-case letters and digits, one space between runs: what shingles are taken from. */
export function shingleText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim()
}

/**
 * MinHash signature of `text` over character shingles of `shingleSize`, with `numHashes` slots.
 * Uses one-permutation hashing (each shingle is hashed once and lands in one slot, which keeps
 * its minimum) with optimal densification for empty slots (Shrivastava, ICML 2017), so the cost
 * is one hash per shingle instead of `numHashes`. The share of equal slots between two
 * signatures estimates the Jaccard similarity of the shingle sets. Seeds are fixed: the same text
 * always gives the same signature.
 */
export function minhashSignature(text: string, shingleSize: number, numHashes: number): Uint32Array {
  const s = shingleText(text)
  const signature = new Uint32Array(numHashes).fill(EMPTY)
  const filled = new Uint8Array(numHashes)
  const add = (from: number, to: number): void => {
    let h = 0x811c9dc5 // FNV-1a over UTF-16 code units
    for (let i = from; i < to; i += 1) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
    const bin = Math.floor((fmix32(h ^ SEED_BIN) / 4294967296) * numHashes)
    const value = fmix32(h ^ SEED_VALUE)
    if (value <= (signature[bin] ?? EMPTY)) {
      signature[bin] = value
      filled[bin] = 1
    }
  }
  if (s.length > 0 && s.length < shingleSize) add(0, s.length)
  for (let i = 0; i + shingleSize <= s.length; i += 1) add(i, i + shingleSize)
  if (!filled.includes(1)) return signature
  // Optimal densification: an empty slot copies the slot that a seeded probe sequence of its own
  // index reaches first among the filled ones.
  const source = Uint32Array.from(signature)
  for (let bin = 0; bin < numHashes; bin += 1) {
    if (filled[bin]) continue
    for (let attempt = 1; ; attempt += 1) {
      const probe = fmix32(fmix32(bin ^ SEED_PROBE) + attempt) % numHashes
      if (filled[probe]) {
        signature[bin] = source[probe] ?? EMPTY
        break
      }
    }
  }
  return signature
}

/** Estimated Jaccard similarity: the share of equal slots. */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i]) same += 1
  return a.length === 0 ? 0 : same / a.length
}

/**
 * LSH banding for a similarity threshold: the largest band width `rows` whose chance of missing
 * a pair at exactly the threshold is at most 1%, with as many bands as fit in `numHashes`.
 */
export function chooseBands(numHashes: number, threshold: number): { bands: number; rows: number } {
  let best = { bands: numHashes, rows: 1 }
  for (let rows = 1; rows <= numHashes; rows += 1) {
    const bands = Math.floor(numHashes / rows)
    if (bands < 1) break
    const miss = (1 - threshold ** rows) ** bands
    if (miss <= 0.01) best = { bands, rows }
  }
  return best
}

/** Hash of one band of a signature, 30 bits so it stays a small integer in V8 maps. */
export function bandKey(signature: Uint32Array, band: number, rows: number): number {
  let h = fmix32(band + 1)
  for (let i = band * rows; i < (band + 1) * rows; i += 1) h = fmix32(h ^ (signature[i] ?? 0)) + 0x9e3779b9
  return fmix32(h) & 0x3fffffff
}
