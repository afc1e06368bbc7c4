/** A growable list of int32 values (4 bytes each instead of 8 for a number array). */
export class IntList {
  data: Int32Array
  length = 0

  constructor(capacity = 16) {
    this.data = new Int32Array(capacity)
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length] = value
    return this.length++
  }

  get(i: number): number {
    return this.data[i] as number
  }
}

/**
 * Append-only storage in fixed-size chunks, so growing it never copies (or briefly doubles) what
 * is already stored. Each item is one contiguous run inside one chunk.
 */
export class ChunkedStore<T extends Uint8Array | Uint16Array | Uint32Array> {
  readonly chunks: T[] = []
  private used = 0

  constructor(
    private readonly make: (size: number) => T,
    private readonly chunkSize: number,
  ) {}

  /** Space for `size` values: the chunk index and the offset inside it. */
  reserve(size: number): { chunk: number; offset: number; array: T } {
    let last = this.chunks[this.chunks.length - 1]
    if (!last || this.used + size > last.length) {
      last = this.make(Math.max(this.chunkSize, size))
      this.chunks.push(last)
      this.used = 0
    }
    const offset = this.used
    this.used += size
    return { chunk: this.chunks.length - 1, offset, array: last }
  }

  /** Bytes held by the chunks (capacity, not only what is used). */
  get byteLength(): number {
    return this.chunks.reduce((n, c) => n + c.byteLength, 0)
  }
}
