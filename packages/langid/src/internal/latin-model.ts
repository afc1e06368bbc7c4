import { readFileSync } from 'node:fs'

interface LatinModelMeta {
  readonly baseScore: number
  readonly languages: readonly string[]
  readonly avgScore: Readonly<Record<string, number>>
}

/**
 * Byte n-gram scores of the Latin-script languages (data/latin-ngrams.bin, derived from the eld
 * package's database by scripts/build-latin-model.mjs). Each word contributes its UTF-8 byte
 * 4-grams (stride 3, with word-start and word-end marks); a language's score is the sum of its
 * scores over the distinct n-grams of the text.
 *
 * Lookups are the hot loop of Latin text, so the hash table keeps everything one probe needs in
 * one place: `slots` holds [key high half, key low half, first posting (or the only posting itself),
 * posting count] per slot,
 * and `postings` holds `language << 8 | score` for each n-gram's languages side by side.
 */
export interface LatinModel {
  readonly languages: readonly string[]
  readonly avgScore: Float64Array
  readonly baseScore: number
  /** log2 of the slot count. */
  readonly bits: number
  readonly slots: Int32Array
  readonly postings: Uint16Array
}

/** Slot of a key in an open-addressing table of 2^bits slots (linear probing). */
export function hashPair(hi: number, lo: number, bits: number): number {
  return Math.imul(lo ^ Math.imul(hi ^ (lo >>> 15), 0x27d4eb2d), 0x9e3779b1) >>> (32 - bits)
}

export function loadLatinModel(): LatinModel {
  const meta = JSON.parse(readFileSync(new URL('../../data/latin-ngrams.json', import.meta.url), 'utf8')) as LatinModelMeta
  const file = readFileSync(new URL('../../data/latin-ngrams.bin', import.meta.url))
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== 0x4c4e4731) throw new Error('data/latin-ngrams.bin: bad magic number')
  const nLangs = view.getUint32(4, true)
  const nKeys = view.getUint32(8, true)
  const nPost = view.getUint32(12, true)
  if (nLangs !== meta.languages.length) throw new Error('data/latin-ngrams.bin does not match latin-ngrams.json')
  const keysAt = 16
  const offsetsAt = keysAt + nKeys * 8
  const langsAt = offsetsAt + (nKeys + 1) * 4
  const scoresAt = langsAt + nPost
  const postings = new Uint16Array(nPost)
  for (let p = 0; p < nPost; p++) postings[p] = ((bytes[langsAt + p] ?? 0) << 8) | (bytes[scoresAt + p] ?? 0)
  let bits = 4
  while (1 << bits < nKeys * 2) bits++
  const mask = (1 << bits) - 1
  const slots = new Int32Array(4 << bits)
  for (let s = 0; s < 1 << bits; s++) slots[s * 4 + 3] = -1
  for (let i = 0; i < nKeys; i++) {
    const key = view.getFloat64(keysAt + i * 8, true)
    const lo = key | 0
    const hi = Math.floor(key / 4294967296) | 0
    const first = view.getUint32(offsetsAt + i * 4, true)
    const count = view.getUint32(offsetsAt + (i + 1) * 4, true) - first
    let slot = hashPair(hi, lo, bits)
    while ((slots[slot * 4 + 3] ?? -1) !== -1) slot = (slot + 1) & mask
    slots[slot * 4] = hi
    slots[slot * 4 + 1] = lo
    // A single posting lives in the slot itself: one memory access fewer for most n-grams.
    slots[slot * 4 + 2] = count === 1 ? (postings[first] ?? 0) : first
    slots[slot * 4 + 3] = count
  }
  const avgScore = new Float64Array(meta.languages.map((l) => meta.avgScore[l] ?? 0.8))
  return { languages: meta.languages, avgScore, baseScore: meta.baseScore, bits, slots, postings }
}

/** Lower-case mapping of U+0000-1FFF (one code unit in, one out; others map to themselves). */
export function buildLowerTable(): Uint16Array {
  const table = new Uint16Array(0x2000)
  for (let c = 0; c < 0x2000; c++) {
    const lower = String.fromCharCode(c).toLowerCase()
    table[c] = lower.length === 1 ? lower.charCodeAt(0) : c
  }
  return table
}

/**
 * Accumulates the n-gram scores of words. Reusable: `reset()` before each text.
 * Distinct n-grams are scored once (as the model was built).
 */
export class LatinScorer {
  readonly totals: Float64Array
  /** Per language, the largest lead over every other language seen at a word boundary. */
  readonly bestLead: Float64Array
  /** N-grams seen (names count by their weight). */
  ngrams = 0
  private readonly stamps: Uint32Array
  private epoch = 0
  private readonly buf = new Uint8Array(256)
  /** Weight of the word being added (names count less). */
  private weight = 1
  private readonly slots: Int32Array
  private readonly postings: Uint16Array
  private readonly bits: number
  private readonly mask: number
  private readonly baseScore: number

  constructor(
    model: LatinModel,
    private readonly lower: Uint16Array,
  ) {
    this.slots = model.slots
    this.postings = model.postings
    this.bits = model.bits
    this.mask = (1 << model.bits) - 1
    this.baseScore = model.baseScore
    this.totals = new Float64Array(model.languages.length)
    this.bestLead = new Float64Array(model.languages.length)
    this.stamps = new Uint32Array(1 << model.bits)
  }

  reset(): void {
    this.totals.fill(0)
    this.bestLead.fill(0)
    this.ngrams = 0
    this.epoch++
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0)
      this.epoch = 1
    }
  }

  /** Close a word: record the leader's lead if it is the largest it has had. */
  endWord(): void {
    const totals = this.totals
    let top = 0
    let a = -1
    let b = -1
    for (let l = 0; l < totals.length; l++) {
      const v = totals[l] ?? 0
      if (v > a) {
        b = a
        a = v
        top = l
      } else if (v > b) b = v
    }
    const lead = a - Math.max(0, b)
    if (lead > (this.bestLead[top] ?? 0)) this.bestLead[top] = lead
  }

  /** Add the word `u[start, end)` (code units of letters and apostrophes), lower-cased on the fly, its scores times `weight`. */
  addWord(u: Uint16Array, start: number, end: number, weight = 1): void {
    this.weight = weight
    const buf = this.buf
    const lower = this.lower
    let len = 0
    for (let i = start; i < end && len < 70; i++) {
      let c = u[i]!
      if (c < 0x2000) c = lower[c] ?? c
      if (c < 0x80) buf[len++] = c
      else if (c < 0x800) {
        buf[len++] = 0xc0 | (c >> 6)
        buf[len++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
        c = 0x10000 + ((c - 0xd800) << 10) + (u[++i]! - 0xdc00)
        buf[len++] = 0xf0 | (c >> 18)
        buf[len++] = 0x80 | ((c >> 12) & 0x3f)
        buf[len++] = 0x80 | ((c >> 6) & 0x3f)
        buf[len++] = 0x80 | (c & 0x3f)
      } else {
        buf[len++] = 0xe0 | (c >> 12)
        buf[len++] = 0x80 | ((c >> 6) & 0x3f)
        buf[len++] = 0x80 | (c & 0x3f)
      }
    }
    if (len > 70) len = 70
    if (len === 0) return
    // eld's scheme: 4-byte grams every 3 bytes, the first with a word-start space, then the last
    // 4 bytes with a word-end space (the whole word when shorter than 4 bytes).
    let j = 0
    for (; j + 4 < len; j += 3) this.add(j === 0, j, j + 4, false)
    const from = len !== 3 ? Math.max(0, len - 4) : 0
    this.add(j === 0, from, len, true)
  }

  /**
   * Score one n-gram: bytes `buf[from, to)` (at most 4), with the word-start and word-end spaces.
   * The key is the build script's `length * 2^48 + bytes`, split into 32-bit halves.
   */
  private add(start: boolean, from: number, to: number, end: boolean): void {
    const buf = this.buf
    // At most 6 bytes: hi holds the top two (and the length), lo the last four.
    let hi = 0
    let lo = 0
    let n = 0
    if (start) {
      lo = 0x20
      n = 1
    }
    for (let k = from; k < to; k++) {
      hi = ((hi << 8) | (lo >>> 24)) & 0xffff
      lo = (lo << 8) | (buf[k] ?? 0)
      n++
    }
    if (end) {
      hi = ((hi << 8) | (lo >>> 24)) & 0xffff
      lo = (lo << 8) | 0x20
      n++
    }
    hi = hi | (n << 16)
    const slots = this.slots
    let slot = hashPair(hi, lo, this.bits)
    for (;;) {
      const at = slot * 4
      const count = slots[at + 3] ?? -1
      if (count === -1) {
        this.ngrams += this.weight
        return
      }
      if (slots[at] === hi && slots[at + 1] === lo) {
        if (this.stamps[slot] === this.epoch) return
        this.stamps[slot] = this.epoch
        this.ngrams += this.weight
        const postings = this.postings
        const totals = this.totals
        const base = this.baseScore
        const first = slots[at + 2] ?? 0
        if (count === 1) {
          totals[first >> 8] = (totals[first >> 8] ?? 0) + ((first & 0xff) + base) * this.weight
          return
        }
        for (let p = first, end = first + count; p < end; p++) {
          const v = postings[p] ?? 0
          totals[v >> 8] = (totals[v >> 8] ?? 0) + ((v & 0xff) + base) * this.weight
        }
        return
      }
      slot = (slot + 1) & this.mask
    }
  }
}
