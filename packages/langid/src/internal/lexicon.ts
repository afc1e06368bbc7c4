import { readFileSync } from 'node:fs'
import { hashPair } from './latin-model.js'

/**
 * The most frequent words of each language (data/lexicon.json) with a score bonus that falls with
 * the word's rank. Words are found by a 64-bit hash of their lower-cased UTF-16 units, computed
 * straight from the text (no substring, no lower-cased copy).
 */
export class Lexicon {
  private readonly bits: number
  private readonly mask: number
  /** [hash high, hash low, first posting (-1: none), posting count] per slot; count -1 = empty. */
  private readonly slots: Int32Array
  private readonly langs: Uint8Array
  private readonly bonuses: Float32Array
  /** The next posting of the same word, -1 after the last. */
  private readonly next: Int32Array

  /**
   * @param languages the model's language list (postings hold indices into it)
   * @param maxBonus bonus of a language's most frequent word; rank r gets maxBonus * (1 - ln r / ln (n + 1))
   */
  constructor(
    languages: readonly string[],
    maxBonus: number,
    private readonly lower: Uint16Array,
  ) {
    const data = JSON.parse(readFileSync(new URL('../../data/lexicon.json', import.meta.url), 'utf8')) as { languages: Record<string, string> }
    // Hashed straight from the space-separated lists: no word strings, no per-word arrays.
    const lists: { index: number; words: string; count: number }[] = []
    let total = 0
    for (const [tag, words] of Object.entries(data.languages)) {
      const index = languages.indexOf(tag)
      if (index < 0) continue
      let count = 1
      for (let i = words.indexOf(' '); i >= 0; i = words.indexOf(' ', i + 1)) count++
      lists.push({ index, words, count })
      total += count
    }
    let bits = 4
    while (1 << bits < total * 2) bits++
    this.bits = bits
    this.mask = (1 << bits) - 1
    this.slots = new Int32Array(4 << bits)
    for (let s = 0; s < 1 << bits; s++) this.slots[s * 4 + 3] = -1
    this.langs = new Uint8Array(total)
    this.bonuses = new Float32Array(total)
    this.next = new Int32Array(total)
    let posting = 0
    for (const { index, words, count } of lists) {
      const scale = Math.log(count + 1)
      let from = 0
      for (let rank = 0; rank < count; rank++) {
        let to = words.indexOf(' ', from)
        if (to < 0) to = words.length
        this.hashInto(words, from, to)
        const hi = this.h1
        const lo = this.h2
        let slot = hashPair(hi, lo, bits)
        for (;;) {
          const at = slot * 4
          if (this.slots[at + 3] === -1) {
            this.slots[at] = hi
            this.slots[at + 1] = lo
            this.slots[at + 2] = -1
            this.slots[at + 3] = 0
            break
          }
          if (this.slots[at] === hi && this.slots[at + 1] === lo) break
          slot = (slot + 1) & this.mask
        }
        const at = slot * 4
        this.langs[posting] = index
        this.bonuses[posting] = maxBonus * (1 - Math.log(rank + 1) / scale)
        this.next[posting] = this.slots[at + 2] ?? -1
        this.slots[at + 2] = posting
        this.slots[at + 3] = (this.slots[at + 3] ?? 0) + 1
        posting++
        from = to + 1
      }
    }
  }

  /** Add the bonuses of the word `u[start, end)` (code units), times `weight`, to `totals`. */
  addTo(totals: Float64Array, u: Uint16Array, start: number, end: number, weight = 1): void {
    for (let p = this.chainOf(u, start, end); p >= 0; p = this.next[p] ?? -1) {
      const lang = this.langs[p] ?? 0
      totals[lang] = (totals[lang] ?? 0) + (this.bonuses[p] ?? 0) * weight
    }
  }

  /** Whether the word `u[start, end)` (code units) is in the list of language `lang`. */
  contains(u: Uint16Array, start: number, end: number, lang: number): boolean {
    for (let p = this.chainOf(u, start, end); p >= 0; p = this.next[p] ?? -1) if (this.langs[p] === lang) return true
    return false
  }

  /** The first entry of the word `u[start, end)`'s chain of (language, bonus) entries, or -1. */
  private chainOf(u: Uint16Array, start: number, end: number): number {
    this.hashUnits(u, start, end)
    const hi = this.h1
    const lo = this.h2
    const slots = this.slots
    let slot = hashPair(hi, lo, this.bits)
    for (;;) {
      const at = slot * 4
      if ((slots[at + 3] ?? -1) === -1) return -1
      if (slots[at] === hi && slots[at + 1] === lo) return slots[at + 2] ?? -1
      slot = (slot + 1) & this.mask
    }
  }

  private h1 = 0
  private h2 = 0

  /** Sets `h1`, `h2` to the 64-bit hash of the lower-cased word (no allocation). */
  private hashInto(text: string, start: number, end: number): void {
    let h1 = 0x811c9dc5 | 0
    let h2 = 0x3c6ef372 | 0
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i)
      if (c < 0x2000) c = this.lower[c] ?? c
      h1 = Math.imul(h1 ^ c, 0x01000193)
      h2 = Math.imul(h2 ^ (c + i - start), 0x5bd1e995)
      h2 ^= h2 >>> 13
    }
    this.h1 = h1 | 0
    this.h2 = h2 | 0
  }
  /** {@link hashInto} over code units (the same hash). */
  private hashUnits(u: Uint16Array, start: number, end: number): void {
    let h1 = 0x811c9dc5 | 0
    let h2 = 0x3c6ef372 | 0
    for (let i = start; i < end; i++) {
      let c = u[i]!
      if (c < 0x2000) c = this.lower[c] ?? c
      h1 = Math.imul(h1 ^ c, 0x01000193)
      h2 = Math.imul(h2 ^ (c + i - start), 0x5bd1e995)
      h2 ^= h2 >>> 13
    }
    this.h1 = h1 | 0
    this.h2 = h2 | 0
  }
}
