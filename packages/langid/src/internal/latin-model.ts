import { readFileSync } from 'node:fs'
import { PairTable } from './pair-table.js'

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
 */
export interface LatinModel {
  readonly languages: readonly string[]
  readonly avgScore: Float64Array
  readonly baseScore: number
  readonly index: PairTable
  readonly offsets: Uint32Array
  readonly langs: Uint8Array
  readonly scores: Uint8Array
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
  let off = 16
  const index = new PairTable(nKeys)
  for (let i = 0; i < nKeys; i++, off += 8) index.set(view.getFloat64(off, true), i)
  const offsets = new Uint32Array(nKeys + 1)
  for (let i = 0; i <= nKeys; i++, off += 4) offsets[i] = view.getUint32(off, true)
  const langs = bytes.slice(off, off + nPost)
  const scores = bytes.slice(off + nPost, off + 2 * nPost)
  const avgScore = new Float64Array(meta.languages.map((l) => meta.avgScore[l] ?? 0.8))
  return { languages: meta.languages, avgScore, baseScore: meta.baseScore, index, offsets, langs, scores }
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
  ngrams = 0
  private readonly stamps: Uint32Array
  private epoch = 0
  private readonly buf = new Uint8Array(256)

  constructor(
    private readonly model: LatinModel,
    private readonly lower: Uint16Array,
  ) {
    this.totals = new Float64Array(model.languages.length)
    this.bestLead = new Float64Array(model.languages.length)
    this.stamps = new Uint32Array(model.index.size)
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

  /** Add the word `text[start, end)` (letters and apostrophes), lower-cased on the fly. */
  addWord(text: string, start: number, end: number): void {
    const buf = this.buf
    const lower = this.lower
    let len = 0
    for (let i = start; i < end && len < 70; i++) {
      let c = text.charCodeAt(i)
      if (c < 0x2000) c = lower[c] ?? c
      if (c < 0x80) buf[len++] = c
      else if (c < 0x800) {
        buf[len++] = 0xc0 | (c >> 6)
        buf[len++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
        c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00)
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
      lo = ((lo << 8) | (buf[k] ?? 0)) >>> 0
      n++
    }
    if (end) {
      hi = ((hi << 8) | (lo >>> 24)) & 0xffff
      lo = ((lo << 8) | 0x20) >>> 0
      n++
    }
    hi = (hi + n * 65536) >>> 0
    const slot = this.model.index.slotOfPair(hi, lo)
    if (slot < 0) {
      this.ngrams++
      return
    }
    if (this.stamps[slot] === this.epoch) return
    this.stamps[slot] = this.epoch
    this.ngrams++
    const idx = this.model.index.valueAt(slot)
    const { offsets, langs, scores, baseScore } = this.model
    const totals = this.totals
    const endAt = offsets[idx + 1] ?? 0
    for (let p = offsets[idx] ?? 0; p < endAt; p++) {
      const lang = langs[p] ?? 0
      totals[lang] = (totals[lang] ?? 0) + (scores[p] ?? 0) + baseScore
    }
  }
}
