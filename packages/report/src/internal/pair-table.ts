/**
 * Hash tables keyed by a pair of int32s (word ids of a bigram, entity numbers of a co-occurring
 * pair): open addressing over one Int32Array, three int32s per slot (a, b, value), so a probe
 * touches one place in memory and a pair costs about 20 bytes with no string key.
 */
abstract class PairSlots {
  /** Per slot: a, b, value (0: empty slot; values stored are >= 1). */
  protected slots = new Int32Array(64 * 3)
  protected mask = 63
  protected used = 0

  /** Distinct pairs. */
  get size(): number {
    return this.used
  }

  protected static hash(a: number, b: number): number {
    let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d)
    return h ^ (h >>> 12)
  }

  /** Slot index (times 3) of (a, b): its own slot, or the empty slot where it would go. */
  protected slotOf(a: number, b: number): number {
    const slots = this.slots
    for (let s = PairSlots.hash(a, b) & this.mask; ; s = (s + 1) & this.mask) {
      const i = s * 3
      if (slots[i + 2] === 0 || (slots[i] === a && slots[i + 1] === b)) return i
    }
  }

  /** Fill the empty slot `i` (from {@link slotOf}) and grow when three quarters full. */
  protected fill(i: number, a: number, b: number, value: number): void {
    this.slots[i] = a
    this.slots[i + 1] = b
    this.slots[i + 2] = value
    this.used += 1
    if (this.used * 4 > (this.mask + 1) * 3) this.grow()
  }

  private grow(): void {
    const old = this.slots
    const size = (this.mask + 1) * 2
    this.slots = new Int32Array(size * 3)
    this.mask = size - 1
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue
      const j = this.slotOf(old[i] as number, old[i + 1] as number)
      this.slots[j] = old[i] as number
      this.slots[j + 1] = old[i + 1] as number
      this.slots[j + 2] = old[i + 2] as number
    }
  }

  /** Every pair with its value, in no particular order. */
  forEach(fn: (a: number, b: number, value: number) => void): void {
    const slots = this.slots
    for (let i = 0; i < slots.length; i += 3) if (slots[i + 2] !== 0) fn(slots[i] as number, slots[i + 1] as number, slots[i + 2] as number)
  }
}

/** Pairs numbered 0, 1, 2, ... in insertion order (the numbers index columns kept elsewhere). */
export class PairTable extends PairSlots {
  /** The number of pair (a, b), or -1. */
  find(a: number, b: number): number {
    return (this.slots[this.slotOf(a, b) + 2] as number) - 1
  }

  /** The number of pair (a, b), adding it when new. */
  add(a: number, b: number): number {
    const i = this.slotOf(a, b)
    const v = this.slots[i + 2] as number
    if (v !== 0) return v - 1
    const n = this.used
    this.fill(i, a, b, n + 1)
    return n
  }

  /** Every pair with its number. */
  forEachPair(fn: (a: number, b: number, n: number) => void): void {
    this.forEach((a, b, v) => fn(a, b, v - 1))
  }
}

/**
 * A count per pair (a, b), kept as one small open-addressing table of (b, count) per `a`: adding
 * all pairs of one document touches a few tables that stay in cache, and a pair costs about 12
 * bytes.
 */
export class PairCounter {
  /** Per `a`: slots of (b + 1, count); b + 1 = 0 is an empty slot. */
  private readonly tables: (Int32Array | undefined)[] = []
  private readonly used: number[] = []
  private total = 0

  /** Distinct pairs. */
  get size(): number {
    return this.total
  }

  add(a: number, b: number, by: number): void {
    let table = this.tables[a]
    if (!table) {
      table = new Int32Array(8)
      this.tables[a] = table
      this.used[a] = 0
    }
    const mask = (table.length >> 1) - 1
    const key = b + 1
    for (let s = Math.imul(key, 0x9e3779b1) >>> 0 & mask; ; s = (s + 1) & mask) {
      const k = table[s * 2]
      if (k === key) {
        table[s * 2 + 1] = (table[s * 2 + 1] as number) + by
        return
      }
      if (k === 0) {
        table[s * 2] = key
        table[s * 2 + 1] = by
        this.total += 1
        const used = (this.used[a] as number) + 1
        this.used[a] = used
        if (used * 4 > (mask + 1) * 3) this.grow(a)
        return
      }
    }
  }

  /** Add 1 to (a, bs[j]) for every j from `from` to `to` (exclusive). */
  addAll(a: number, bs: ArrayLike<number>, from: number, to: number): void {
    let table = this.tables[a]
    if (!table) {
      table = new Int32Array(8)
      this.tables[a] = table
      this.used[a] = 0
    }
    let mask = (table.length >> 1) - 1
    for (let j = from; j < to; j++) {
      const key = (bs[j] as number) + 1
      let s = (Math.imul(key, 0x9e3779b1) >>> 0) & mask
      for (;;) {
        const k = table[s * 2]
        if (k === key) {
          table[s * 2 + 1] = (table[s * 2 + 1] as number) + 1
          break
        }
        if (k === 0) {
          table[s * 2] = key
          table[s * 2 + 1] = 1
          this.total += 1
          const used = (this.used[a] as number) + 1
          this.used[a] = used
          if (used * 4 > (mask + 1) * 3) {
            this.grow(a)
            table = this.tables[a] as Int32Array
            mask = (table.length >> 1) - 1
          }
          break
        }
        s = (s + 1) & mask
      }
    }
  }

  private grow(a: number): void {
    const old = this.tables[a] as Int32Array
    const table = new Int32Array(old.length * 2)
    const mask = (table.length >> 1) - 1
    for (let i = 0; i < old.length; i += 2) {
      const key = old[i] as number
      if (key === 0) continue
      let s = Math.imul(key, 0x9e3779b1) >>> 0 & mask
      while (table[s * 2] !== 0) s = (s + 1) & mask
      table[s * 2] = key
      table[s * 2 + 1] = old[i + 1] as number
    }
    this.tables[a] = table
  }

  /** Every pair with its count, in no particular order. */
  forEach(fn: (a: number, b: number, count: number) => void): void {
    this.tables.forEach((table, a) => {
      if (!table) return
      for (let i = 0; i < table.length; i += 2) if (table[i] !== 0) fn(a, (table[i] as number) - 1, table[i + 1] as number)
    })
  }
}
