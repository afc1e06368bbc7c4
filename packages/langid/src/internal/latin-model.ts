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
 */
export interface LatinModel {
  readonly languages: readonly string[]
  readonly avgScore: Float64Array
  readonly baseScore: number
  readonly index: Map<number, number>
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
  const index = new Map<number, number>()
  for (let i = 0; i < nKeys; i++, off += 8) index.set(view.getFloat64(off, true), i)
  const offsets = new Uint32Array(nKeys + 1)
  for (let i = 0; i <= nKeys; i++, off += 4) offsets[i] = view.getUint32(off, true)
  const langs = bytes.slice(off, off + nPost)
  const scores = bytes.slice(off + nPost, off + 2 * nPost)
  const avgScore = new Float64Array(meta.languages.map((l) => meta.avgScore[l] ?? 0.8))
  return { languages: meta.languages, avgScore, baseScore: meta.baseScore, index, offsets, langs, scores }
}

const SHIFT48 = 2 ** 48

/**
 * Accumulates the n-gram scores of words. Reusable: `reset()` before each text.
 * Distinct n-grams are scored once (as the model was built).
 */
export class LatinScorer {
  readonly totals: Float64Array
  ngrams = 0
  private readonly seen = new Set<number>()
  private readonly buf = new Uint8Array(256)

  constructor(private readonly model: LatinModel) {
    this.totals = new Float64Array(model.languages.length)
  }

  reset(): void {
    this.totals.fill(0)
    this.ngrams = 0
    this.seen.clear()
  }

  /** Add one lower-case word (letters and apostrophes only). */
  addWord(word: string): void {
    const buf = this.buf
    let len = 0
    for (let i = 0; i < word.length && len < 70; i++) {
      let c = word.charCodeAt(i)
      if (c < 0x80) buf[len++] = c
      else if (c < 0x800) {
        buf[len++] = 0xc0 | (c >> 6)
        buf[len++] = 0x80 | (c & 0x3f)
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < word.length) {
        c = 0x10000 + ((c - 0xd800) << 10) + (word.charCodeAt(++i) - 0xdc00)
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

  private add(start: boolean, from: number, to: number, end: boolean): void {
    let key = start ? 0x20 : 0
    let n = start ? 1 : 0
    for (let k = from; k < to; k++) {
      key = key * 256 + (this.buf[k] ?? 0)
      n++
    }
    if (end) {
      key = key * 256 + 0x20
      n++
    }
    key += n * SHIFT48
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.ngrams++
    const idx = this.model.index.get(key)
    if (idx === undefined) return
    const { offsets, langs, scores, baseScore } = this.model
    const endAt = offsets[idx + 1] ?? 0
    for (let p = offsets[idx] ?? 0; p < endAt; p++) {
      const lang = langs[p] ?? 0
      this.totals[lang] = (this.totals[lang] ?? 0) + (scores[p] ?? 0) + baseScore
    }
  }
}
