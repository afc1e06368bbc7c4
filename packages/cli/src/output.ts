import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { once } from 'node:events'
import { CorpusError } from '@corpus/core'

/** Write a whole file atomically: temp file in the same directory, then rename. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`
  try {
    await writeFile(temp, content)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw new CorpusError('E_OUTPUT', `cannot write ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/** Write a file atomically from pieces (a large report.json never becomes one string). */
export async function writeFileAtomicPieces(path: string, pieces: Iterable<string>): Promise<void> {
  const writer = new AtomicLineWriter(path)
  try {
    await writer.writeRaw(pieces)
    await writer.commit()
  } catch (error) {
    await writer.abort()
    throw error instanceof CorpusError ? error : new CorpusError('E_OUTPUT', `cannot write ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/** Create the output directory or fail with a one-line reason. */
export async function ensureOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
    const probe = join(dir, `.corpus-write-test-${process.pid}`)
    await writeFile(probe, '')
    await rm(probe)
  } catch (error) {
    throw new CorpusError('E_OUTPUT', `output directory ${dir} is not writable: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * A JSONL file written line by line to a temp path and renamed into place by `commit()`, so a
 * killed run never leaves a half-written file under the final name.
 */
export class AtomicLineWriter {
  private readonly stream: WriteStream
  private readonly temp: string
  private failure: Error | undefined

  constructor(private readonly path: string) {
    this.temp = `${path}.tmp-${process.pid}`
    this.stream = createWriteStream(this.temp)
    this.stream.on('error', (error) => {
      this.failure = error
    })
  }

  /** Write one line; waits when the stream's buffer is full (backpressure). */
  async write(line: string): Promise<void> {
    if (this.failure) throw new CorpusError('E_OUTPUT', `cannot write ${this.path}: ${this.failure.message}`)
    if (!this.stream.write(`${line}\n`)) await once(this.stream, 'drain')
  }

  /** Write text as it is (no line ends added); waits on backpressure. */
  async writeRaw(pieces: Iterable<string>): Promise<void> {
    for (const piece of pieces) {
      if (this.failure) throw new CorpusError('E_OUTPUT', `cannot write ${this.path}: ${this.failure.message}`)
      if (!this.stream.write(piece)) await once(this.stream, 'drain')
    }
  }

  async commit(): Promise<void> {
    this.stream.end()
    await once(this.stream, 'finish')
    if (this.failure) throw new CorpusError('E_OUTPUT', `cannot write ${this.path}: ${this.failure.message}`)
    await mkdir(dirname(this.path), { recursive: true })
    await rename(this.temp, this.path)
  }

  async abort(): Promise<void> {
    this.stream.destroy()
    await rm(this.temp, { force: true })
  }
}
