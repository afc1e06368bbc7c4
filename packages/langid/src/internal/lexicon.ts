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
  /** [hash high, hash low, first posting, posting count] per slot; count -1 = empty. */
  private readonly slots: Int32Array
  private readonly langs: Uint8Array
  private readonly bonuses: Float32Array

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
    const byWord = new Map<string, [number, number][]>()
    for (const [tag, words] of Object.entries(data.languages)) {
      const index = languages.indexOf(tag)
      if (index < 0) continue
      const list = words.split(' ')
      const scale = Math.log(list.length + 1)
      list.forEach((word, i) => {
        const entry = byWord.get(word) ?? []
        entry.push([index, maxBonus * (1 - Math.log(i + 1) / scale)])
        byWord.set(word, entry)
      })
    }
    let bits = 4
    while (1 << bits < byWord.size * 2) bits++
    this.bits = bits
    this.mask = (1 << bits) - 1
    this.slots = new Int32Array(4 << bits)
    for (let s = 0; s < 1 << bits; s++) this.slots[s * 4 + 3] = -1
    let total = 0
    for (const entry of byWord.values()) total += entry.length
    this.langs = new Uint8Array(total)
    this.bonuses = new Float32Array(total)
    let next = 0
    for (const [word, entry] of byWord) {
      const [hi, lo] = this.hash(word, 0, word.length)
      let slot = hashPair(hi, lo, bits)
      while ((this.slots[slot * 4 + 3] ?? -1) !== -1) slot = (slot + 1) & this.mask
      this.slots[slot * 4] = hi
      this.slots[slot * 4 + 1] = lo
      this.slots[slot * 4 + 2] = next
      this.slots[slot * 4 + 3] = entry.length
      for (const [lang, bonus] of entry) {
        this.langs[next] = lang
        this.bonuses[next] = bonus
        next++
      }
    }
  }

  /** Add the bonuses of the word `text[start, end)`, times `weight`, to `totals`. */
  addTo(totals: Float64Array, text: string, start: number, end: number, weight = 1): void {
    this.hashInto(text, start, end)
    const hi = this.h1
    const lo = this.h2
    const slots = this.slots
    let slot = hashPair(hi, lo, this.bits)
    for (;;) {
      const at = slot * 4
      const count = slots[at + 3] ?? -1
      if (count === -1) return
      if (slots[at] === hi && slots[at + 1] === lo) {
        const first = slots[at + 2] ?? 0
        for (let p = first; p < first + count; p++) {
          const lang = this.langs[p] ?? 0
          totals[lang] = (totals[lang] ?? 0) + (this.bonuses[p] ?? 0) * weight
        }
        return
      }
      slot = (slot + 1) & this.mask
    }
  }

  /** Whether the word `text[start, end)` is in the list of language `lang`. */
  contains(text: string, start: number, end: number, lang: number): boolean {
    this.hashInto(text, start, end)
    const hi = this.h1
    const lo = this.h2
    const slots = this.slots
    let slot = hashPair(hi, lo, this.bits)
    for (;;) {
      const at = slot * 4
      const count = slots[at + 3] ?? -1
      if (count === -1) return false
      if (slots[at] === hi && slots[at + 1] === lo) {
        const first = slots[at + 2] ?? 0
        for (let p = first; p < first + count; p++) if (this.langs[p] === lang) return true
        return false
      }
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

  private hash(text: string, start: number, end: number): [number, number] {
    let h1 = 0x811c9dc5 | 0
    let h2 = 0x3c6ef372 | 0
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i)
      if (c < 0x2000) c = this.lower[c] ?? c
      h1 = Math.imul(h1 ^ c, 0x01000193)
      h2 = Math.imul(h2 ^ (c + i - start), 0x5bd1e995)
      h2 ^= h2 >>> 13
    }
    return [h1 | 0, h2 | 0]
  }
}
