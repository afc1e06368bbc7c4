import { CHAR_FLAGS, SHINGLE } from './chars.js'

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
const SEED_PROBE = 0x2545f491
const EMPTY = 0xffffffff

/**
 * The UTF-16 units shingles are taken from: the lower-cased text with every run of punctuation,
 * symbols and spaces turned into one space (so "Trung Quốc," and "Trung Quốc" shingle alike).
 */
function shingleUnits(text: string): { units: Uint16Array; length: number } {
  const lower = text.toLowerCase()
  const length = lower.length
  const units = new Uint16Array(length)
  let n = 0
  let space = true
  for (let i = 0; i < length; i += 1) {
    const c = lower.charCodeAt(i)
    if (((CHAR_FLAGS[c] ?? 0) & SHINGLE) !== 0) {
      units[n++] = c
      space = false
    } else if (!space) {
      units[n++] = 32
      space = true
    }
  }
  if (n > 0 && units[n - 1] === 32) n -= 1
  return { units, length: n }
}

const ROLL_BASE = 0x01000193

/**
 * MinHash signature of `text` over character shingles of `shingleSize`, with `numHashes` slots.
 * Uses one-permutation hashing (each shingle is hashed once and lands in one slot, which keeps
 * its minimum) with optimal densification for empty slots (Shrivastava, ICML 2017), so the cost
 * is one rolling hash per shingle instead of `numHashes` hashes. The share of equal slots between
 * two signatures estimates the Jaccard similarity of the shingle sets. Seeds are fixed: the same
 * text always gives the same signature. The text is compared as given (the reader already made it
 * NFC).
 */
export function minhashSignature(text: string, shingleSize: number, numHashes: number): Uint32Array {
  const { units, length } = shingleUnits(text)
  const signature = new Uint32Array(numHashes).fill(EMPTY)
  const filled = new Uint8Array(numHashes)
  // One hash per shingle: its position in [0, numHashes) picks the slot, and the rest of it (the
  // fraction inside the slot, scaled back to 32 bits) is the value the slot keeps the minimum of:
  // bin = floor(m * numHashes / 2^32), value = (m * numHashes) mod 2^32, both in integer
  // arithmetic: the low 32 bits are Math.imul's result, the high bits come from the two 16-bit
  // halves of m (each product < 2^26).
  const k = Math.min(shingleSize, length)
  if (k > 0) {
    // Polynomial rolling hash mod 2^32 over a window of k units: O(1) per shingle.
    let top = 1
    for (let i = 1; i < k; i += 1) top = Math.imul(top, ROLL_BASE)
    let h = 0
    for (let i = 0; i < k; i += 1) h = (Math.imul(h, ROLL_BASE) + units[i]!) | 0
    for (let i = k; ; i += 1) {
      const m = fmix32(h ^ SEED_BIN)
      const bin = ((m >>> 16) * numHashes + (((m & 0xffff) * numHashes) >>> 16)) >>> 16
      const value = Math.imul(m, numHashes) >>> 0
      if (value <= signature[bin]!) {
        signature[bin] = value
        filled[bin] = 1
      }
      if (i >= length) break
      h = (h - Math.imul(units[i - k]!, top)) | 0
      h = (Math.imul(h, ROLL_BASE) + units[i]!) | 0
    }
  }
  if (!filled.includes(1)) return signature
  // Optimal densification: an empty slot copies the slot that a seeded probe sequence of its own
  // index reaches first among the filled ones (filled slots do not change here).
  for (let bin = 0; bin < numHashes; bin += 1) {
    if (filled[bin]) continue
    for (let attempt = 1; ; attempt += 1) {
      const probe = fmix32(fmix32(bin ^ SEED_PROBE) + attempt) % numHashes
      if (filled[probe]) {
        signature[bin] = signature[probe]!
        break
      }
    }
  }
  return signature
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

/** Hash of one band of a signature (stored from `offset` of `signature`), 30 bits. */
export function bandKey(signature: Uint32Array, band: number, rows: number, offset = 0): number {
  let h = fmix32(band + 1)
  const end = offset + (band + 1) * rows
  for (let i = offset + band * rows; i < end; i += 1) h = fmix32(h ^ (signature[i] ?? 0)) + 0x9e3779b9
  return fmix32(h) & 0x3fffffff
}
