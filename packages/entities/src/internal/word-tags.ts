/**
 * Word -> POS tag table for the segmenter's dictionary (350k words): an open-addressing hash table
 * over packed UTF-16 code units. A `Map<string, string>` of the same words takes about 23 MB of heap
 * in every worker thread; this takes about 4 MB, and a lookup hashes the word's code units once.
 */
export class WordTags {
  private chars: Uint16Array
  private used = 0
  private starts: Int32Array
  private lengths: Uint16Array
  private tagIds: Uint8Array
  private count = 0
  private slots: Int32Array
  private readonly tags: string[] = []
  private readonly tagIndex = new Map<string, number>()

  /** `words` and `chars` are the expected number of words and of their UTF-16 units (both grow when exceeded). */
  constructor(words: number, chars: number) {
    this.chars = new Uint16Array(Math.max(16, chars))
    this.starts = new Int32Array(Math.max(16, words))
    this.lengths = new Uint16Array(Math.max(16, words))
    this.tagIds = new Uint8Array(Math.max(16, words))
    this.slots = new Int32Array(tableSize(words))
  }

  get size(): number {
    return this.count
  }

  /** Set (or replace) the tag of `word`. */
  set(word: string, tag: string): void {
    let id = this.tagIndex.get(tag)
    if (id === undefined) {
      id = this.tags.length
      if (id > 255) throw new RangeError('WordTags: more than 256 distinct tags')
      this.tags.push(tag)
      this.tagIndex.set(tag, id)
    }
    const slot = this.find(word)
    const at = this.slots[slot] as number
    if (at > 0) {
      this.tagIds[at - 1] = id
      return
    }
    if (this.count === this.starts.length) this.growWords()
    if (this.used + word.length > this.chars.length) this.chars = grow16(this.chars, this.used + word.length)
    for (let i = 0; i < word.length; i++) this.chars[this.used + i] = word.charCodeAt(i)
    this.starts[this.count] = this.used
    this.lengths[this.count] = word.length
    this.tagIds[this.count] = id
    this.used += word.length
    this.count++
    this.slots[slot] = this.count
    if (this.count * 2 > this.slots.length) this.rehash()
  }

  get(word: string): string | undefined {
    const at = this.slots[this.find(word)] as number
    return at > 0 ? this.tags[this.tagIds[at - 1] as number] : undefined
  }

  has(word: string): boolean {
    return (this.slots[this.find(word)] as number) > 0
  }

  /** The slot of `word`, or the empty slot where it would go. */
  private find(word: string): number {
    const mask = this.slots.length - 1
    let slot = hash(word) & mask
    for (;;) {
      const at = this.slots[slot] as number
      if (at === 0 || this.equals(at - 1, word)) return slot
      slot = (slot + 1) & mask
    }
  }

  private equals(index: number, word: string): boolean {
    if (this.lengths[index] !== word.length) return false
    const start = this.starts[index] as number
    for (let i = 0; i < word.length; i++) if (this.chars[start + i] !== word.charCodeAt(i)) return false
    return true
  }

  private growWords(): void {
    const n = this.starts.length * 2
    const starts = new Int32Array(n)
    starts.set(this.starts)
    this.starts = starts
    const lengths = new Uint16Array(n)
    lengths.set(this.lengths)
    this.lengths = lengths
    const tagIds = new Uint8Array(n)
    tagIds.set(this.tagIds)
    this.tagIds = tagIds
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2)
    const mask = this.slots.length - 1
    for (let index = 0; index < this.count; index++) {
      const start = this.starts[index] as number
      let slot = hashCodes(this.chars, start, start + (this.lengths[index] as number)) & mask
      while ((this.slots[slot] as number) !== 0) slot = (slot + 1) & mask
      this.slots[slot] = index + 1
    }
  }
}

function tableSize(words: number): number {
  let n = 16
  while (n < words * 2) n *= 2
  return n
}

function grow16(a: Uint16Array, need: number): Uint16Array {
  const b = new Uint16Array(Math.max(need, a.length * 2))
  b.set(a)
  return b
}

/** FNV-1a over UTF-16 code units. */
function hash(word: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193)
  return h >>> 0
}
function hashCodes(codes: Uint16Array, from: number, to: number): number {
  let h = 0x811c9dc5
  for (let i = from; i < to; i++) h = Math.imul(h ^ (codes[i] as number), 0x01000193)
  return h >>> 0
}
