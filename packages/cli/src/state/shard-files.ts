import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { join } from 'node:path'
import { CorpusError, emptyStats, type Doc, type QuarantineEntry, type RunStats } from '@corpus/core'
import { addDocument, addQuarantine, createAggregate, mergeAggregateInto, type ReportAggregate } from '@corpus/report'

/** File names inside a shard folder. */
export const SHARD_FILES = {
  documents: 'documents.jsonl',
  quarantine: 'quarantine.jsonl',
  /** One JSON array per outcome, in input order: `[inputKey, "d" | "q", lineInItsFile]`. */
  items: 'items.jsonl',
  aggregate: 'aggregate.json',
  /** {@link ShardSummary}; written last, so a folder with it is complete. */
  summary: 'shard.json',
} as const

/** The summary of a committed shard (`shard.json`). */
export interface ShardSummary {
  readonly id: string
  readonly documents: number
  readonly quarantined: number
  readonly stats: RunStats
}

/** One outcome of a shard as listed in `items.jsonl`. */
export type ShardItem = readonly [key: string, kind: 'd' | 'q', line: number]

class Lines {
  readonly stream: WriteStream
  failure: Error | undefined
  count = 0
  constructor(readonly path: string) {
    this.stream = createWriteStream(path)
    this.stream.on('error', (error) => {
      this.failure = error
    })
  }
  async write(line: string): Promise<number> {
    if (this.failure) throw new CorpusError('E_OUTPUT', `cannot write ${this.path}: ${this.failure.message}`)
    if (!this.stream.write(`${line}\n`)) await once(this.stream, 'drain')
    this.count += 1
    return this.count - 1
  }
  async end(): Promise<void> {
    this.stream.end()
    if (!this.stream.writableFinished) await once(this.stream, 'finish')
    if (this.failure) throw new CorpusError('E_OUTPUT', `cannot write ${this.path}: ${this.failure.message}`)
  }
}

/**
 * Writes one shard into a temporary folder beside its final path and renames it into place on
 * `commit()`: a shard folder either exists complete or not at all, whatever kills the process.
 * Committing a shard whose folder already exists keeps the existing one (idempotent).
 */
export class ShardWriter {
  private readonly merged: ReportAggregate
  private readonly documents: Lines
  private readonly quarantine: Lines
  private readonly items: Lines
  private stats: RunStats = emptyStats()

  private constructor(
    readonly id: string,
    readonly dir: string,
    private readonly temp: string,
    nearDuplicateThreshold: number,
  ) {
    this.merged = createAggregate({ nearDuplicateThreshold })
    this.documents = new Lines(join(this.temp, SHARD_FILES.documents))
    this.quarantine = new Lines(join(this.temp, SHARD_FILES.quarantine))
    this.items = new Lines(join(this.temp, SHARD_FILES.items))
  }

  /** The shard's report aggregate so far. */
  get aggregate(): ReportAggregate {
    return this.merged
  }

  /** Outcomes written so far. */
  get size(): number {
    return this.items.count
  }

  /** Start a shard that will be committed to `dir` (written to a temporary folder beside it until then). */
  static async prepare(id: string, dir: string, nearDuplicateThreshold: number): Promise<ShardWriter> {
    const temp = `${dir}.tmp-${process.pid}-${Date.now()}`
    try {
      await mkdir(temp, { recursive: true })
    } catch (error) {
      throw new CorpusError('E_OUTPUT', `cannot create ${temp}: ${(error as Error).message}`, { cause: error })
    }
    return new ShardWriter(id, dir, temp, nearDuplicateThreshold)
  }

  /**
   * Add a document. `inAggregate`: it is already counted in an aggregate that will be given to
   * {@link mergeAggregate} (a worker's batch aggregate), so it is not added again here.
   */
  async addDocument(key: string, doc: Doc, line: string, inAggregate = false): Promise<void> {
    const n = await this.documents.write(line)
    await this.items.write(JSON.stringify([key, 'd', n]))
    if (!inAggregate) addDocument(this.merged, doc)
    this.stats.read += 1
    this.stats.written += 1
  }

  /** Add a quarantine entry (`inAggregate` as for {@link addDocument}). */
  async addQuarantine(key: string, entry: QuarantineEntry, line: string, inAggregate = false): Promise<void> {
    const n = await this.quarantine.write(line)
    await this.items.write(JSON.stringify([key, 'q', n]))
    if (!inAggregate) addQuarantine(this.merged, entry)
    this.stats.read += 1
    this.stats.quarantined += 1
    const rule = `${entry.stage}/${entry.rule}`
    this.stats.quarantineByRule[rule] = (this.stats.quarantineByRule[rule] ?? 0) + 1
  }

  /** Merge an aggregate of outcomes added with `inAggregate` (a worker's batch aggregate). */
  mergeAggregate(aggregate: ReportAggregate): void {
    // In place: the shard's aggregate is this writer's own.
    mergeAggregateInto(this.merged, aggregate)
  }

  async commit(): Promise<ShardSummary> {
    await Promise.all([this.documents.end(), this.quarantine.end(), this.items.end()])
    const summary: ShardSummary = { id: this.id, documents: this.documents.count, quarantined: this.quarantine.count, stats: this.stats }
    try {
      await writeFile(join(this.temp, SHARD_FILES.aggregate), JSON.stringify(this.aggregate))
      await writeFile(join(this.temp, SHARD_FILES.summary), `${JSON.stringify(summary)}\n`)
      await rename(this.temp, this.dir)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      await rm(this.temp, { recursive: true, force: true })
      // Another attempt committed the same shard first: its output is the same, keep it.
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return readShardSummary(this.dir)
      throw new CorpusError('E_OUTPUT', `cannot commit shard ${this.dir}: ${(error as Error).message}`, { cause: error })
    }
    return summary
  }

  async abort(): Promise<void> {
    for (const lines of [this.documents, this.quarantine, this.items]) lines.stream.destroy()
    await rm(this.temp, { recursive: true, force: true })
  }
}

/** Read a committed shard's summary. */
export async function readShardSummary(dir: string): Promise<ShardSummary> {
  try {
    return JSON.parse(await readFile(join(dir, SHARD_FILES.summary), 'utf8')) as ShardSummary
  } catch (error) {
    throw new CorpusError('E_INPUT', `shard ${dir} is incomplete or damaged: ${(error as Error).message}`, { cause: error })
  }
}

/** Read a committed shard's report aggregate. */
export async function readShardAggregate(dir: string): Promise<ReportAggregate> {
  try {
    return JSON.parse(await readFile(join(dir, SHARD_FILES.aggregate), 'utf8')) as ReportAggregate
  } catch (error) {
    throw new CorpusError('E_INPUT', `shard ${dir}: cannot read its aggregate: ${(error as Error).message}`, { cause: error })
  }
}

/** Read a committed shard's item list. */
export async function readShardItems(dir: string): Promise<ShardItem[]> {
  let text: string
  try {
    text = await readFile(join(dir, SHARD_FILES.items), 'utf8')
  } catch (error) {
    throw new CorpusError('E_INPUT', `shard ${dir}: cannot read its items: ${(error as Error).message}`, { cause: error })
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ShardItem)
}
