/**
 * An open-addressing hash table from keys below 2^53 to small non-negative integers. Built once,
 * then read-only; much faster than a `Map` with keys above 2^31 (which V8 stores as heap numbers).
 */
export class PairTable {
  private readonly bits: number
  private readonly mask: number
  // Signed halves: they stay small integers in V8's optimised code (uint32 above 2^31 would not).
  private readonly hi: Int32Array
  private readonly lo: Int32Array
  private readonly values: Int32Array

  constructor(capacity: number) {
    let bits = 4
    while (1 << bits < capacity * 2) bits++
    this.bits = bits
    this.mask = (1 << bits) - 1
    this.hi = new Int32Array(1 << bits)
    this.lo = new Int32Array(1 << bits)
    this.values = new Int32Array(1 << bits).fill(-1)
  }

  /** Slot count; `slotOf` results are below it. */
  get size(): number {
    return this.mask + 1
  }

  set(key: number, value: number): void {
    const lo = key | 0
    const hi = Math.floor(key / 4294967296) | 0
    let slot = this.hash(hi, lo)
    while (this.values[slot] !== -1) {
      if (this.hi[slot] === hi && this.lo[slot] === lo) break
      slot = (slot + 1) & this.mask
    }
    this.hi[slot] = hi
    this.lo[slot] = lo
    this.values[slot] = value
  }

  /** The slot holding `key`, or -1. */
  slotOf(key: number): number {
    const lo = key | 0
    const hi = Math.floor(key / 4294967296) | 0
    let slot = this.hash(hi, lo)
    for (;;) {
      const v = this.values[slot] ?? -1
      if (v === -1) return -1
      if (this.hi[slot] === hi && this.lo[slot] === lo) return slot
      slot = (slot + 1) & this.mask
    }
  }

  /** {@link slotOf} for a key given as its high and low 32-bit halves (as signed int32). */
  slotOfPair(hi: number, lo: number): number {
    let slot = this.hash(hi, lo)
    for (;;) {
      if ((this.values[slot] ?? -1) === -1) return -1
      if (this.hi[slot] === hi && this.lo[slot] === lo) return slot
      slot = (slot + 1) & this.mask
    }
  }

  /** The value stored in a slot returned by {@link slotOf}. */
  valueAt(slot: number): number {
    return this.values[slot] ?? -1
  }

  get(key: number): number {
    const slot = this.slotOf(key)
    return slot < 0 ? -1 : (this.values[slot] ?? -1)
  }

  private hash(hi: number, lo: number): number {
    return Math.imul(lo ^ Math.imul(hi ^ (lo >>> 15), 0x27d4eb2d), 0x9e3779b1) >>> (32 - this.bits)
  }
}
