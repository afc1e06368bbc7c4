import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { CorpusError } from '@corpus/core'

/**
 * Reads lines of a file by number, forwards only: asking for a line before the current one opens
 * the file again. Stored outcomes are asked for in input order, so one pass usually suffices.
 */
export class LineCursor {
  private iterator: AsyncIterator<string> | undefined
  private next = 0

  constructor(private readonly path: string) {}

  /** Line `n` (0-based) without its newline. */
  async get(n: number): Promise<string> {
    if (!this.iterator || n < this.next) this.reopen()
    const iterator = this.iterator as AsyncIterator<string>
    for (;;) {
      const step = await iterator.next()
      if (step.done) {
        this.close()
        throw new CorpusError('E_INPUT', `${this.path} has no line ${n + 1}: the state directory is damaged`)
      }
      const current = this.next
      this.next += 1
      if (current === n) return step.value
    }
  }

  close(): void {
    void this.iterator?.return?.()
    this.iterator = undefined
    this.next = 0
  }

  private reopen(): void {
    this.close()
    const lines = createInterface({ input: createReadStream(this.path), crlfDelay: Infinity })
    this.iterator = lines[Symbol.asyncIterator]()
  }
}
