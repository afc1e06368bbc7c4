import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { CorpusError, type Doc, type QuarantineEntry } from '@corpus/core'
import { addDocument, addQuarantine, createAggregate, mergeAggregateInto, type ReportAggregate } from '@corpus/report'
import type { BatchOutcome } from '../parallel/batch.js'
import type { InputRef } from '../parallel/engine.js'
import { writeFileAtomic } from '../output.js'
import { LineCursor } from './line-cursor.js'
import { readShardAggregate, readShardItems, readShardSummary, SHARD_FILES, ShardWriter, type ShardSummary } from './shard-files.js'

/** `state.json`: what the state directory was built with. */
export interface StateMeta {
  readonly version: 1
  readonly pipeline: string
  /** sha256 of the tool version and the processing options: outcomes are reusable only under the same ones. */
  readonly optionsDigest: string
}

/**
 * The key of an input: its content id and where it was read from (a document), or the stable id,
 * rule and place of an input the reader quarantined. An input whose key is in the state was
 * processed by an earlier run and is reused, not processed again.
 */
export function inputKey(input: InputRef): string {
  if ('doc' in input) return `d\u0000${input.doc.id}\u0000${input.doc.source.index}\u0000${input.doc.source.uri}`
  const e = input.entry
  return `q\u0000${e.docId}\u0000${e.rule}\u0000${e.source.index}\u0000${e.source.uri}`
}

/** Digest of what decides the outcomes: the tool version and the options (not the input selection). */
export function optionsDigest(toolVersion: string, pipeline: string, options: unknown): string {
  return createHash('sha256').update(JSON.stringify({ toolVersion, pipeline, options })).digest('hex')
}

interface LoadedShard {
  readonly id: string
  readonly dir: string
  readonly summary: ShardSummary
  readonly size: number
  /** Which items this run's input still holds. */
  readonly present: Uint8Array
  documents?: LineCursor
  quarantine?: LineCursor
}

interface ItemRef {
  readonly shard: LoadedShard
  readonly kind: 'd' | 'q'
  readonly line: number
  readonly ordinal: number
}

/** Options of {@link openState}. */
export interface OpenStateOptions {
  readonly pipeline: string
  readonly digest: string
  readonly nearDuplicateThreshold: number
  /** Outcomes per shard before it is committed. @default 2000 */
  readonly checkpointItems?: number
}

/**
 * An open state directory: the committed shards of earlier runs (each holding documents,
 * quarantine lines and a mergeable report aggregate) and the shard this run is writing.
 *
 * Layout: `state.json` ({@link StateMeta}); `shards/<id>/` with `documents.jsonl`,
 * `quarantine.jsonl`, `items.jsonl`, `aggregate.json`, `shard.json`. A shard folder appears by a
 * single rename, so after a crash (even SIGKILL) every input is either in exactly one committed
 * shard or in none and is processed again.
 */
export class RunState {
  private readonly created: ShardSummary[] = []
  /** This run's committed shards' aggregates, folded into one as they commit (memory: one aggregate). */
  private createdTotal: ReportAggregate | undefined
  private current: ShardWriter | undefined
  private nextId: number

  private constructor(
    readonly dir: string,
    private readonly shards: LoadedShard[],
    private readonly index: Map<string, ItemRef>,
    private readonly options: Required<OpenStateOptions>,
  ) {
    this.nextId = shards.reduce((max, s) => Math.max(max, Number.parseInt(s.id, 10) + 1), 0)
  }

  /** Open (or create) a state directory; refuses one built with other options. */
  static async open(dir: string, options: OpenStateOptions): Promise<RunState> {
    const full = { checkpointItems: 2000, ...options }
    if (!Number.isInteger(full.checkpointItems) || full.checkpointItems < 1) {
      throw new CorpusError('E_CONFIG', `checkpoint size must be an integer >= 1, got ${full.checkpointItems}`)
    }
    const shardsDir = join(dir, 'shards')
    try {
      await mkdir(shardsDir, { recursive: true })
    } catch (error) {
      throw new CorpusError('E_OUTPUT', `state directory ${dir} is not writable: ${(error as Error).message}`, { cause: error })
    }
    const metaPath = join(dir, 'state.json')
    let meta: StateMeta | undefined
    try {
      meta = JSON.parse(await readFile(metaPath, 'utf8')) as StateMeta
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new CorpusError('E_CONFIG', `state directory ${dir}: state.json is not readable: ${(error as Error).message}`)
      }
    }
    if (meta && (meta.version !== 1 || meta.pipeline !== options.pipeline || meta.optionsDigest !== options.digest)) {
      throw new CorpusError(
        'E_CONFIG',
        `state directory ${dir} was built by another tool version, pipeline or options (pipeline "${meta.pipeline}"); use a new --state directory`,
      )
    }
    if (!meta) {
      const fresh: StateMeta = { version: 1, pipeline: options.pipeline, optionsDigest: options.digest }
      await writeFileAtomic(metaPath, `${JSON.stringify(fresh, null, 2)}\n`)
    }
    const shards: LoadedShard[] = []
    const index = new Map<string, ItemRef>()
    const names = (await readdir(shardsDir)).sort()
    for (const name of names) {
      const shardDir = join(shardsDir, name)
      // Leftovers of a killed run: never committed, so their inputs are processed again.
      if (name.includes('.tmp-')) {
        await rm(shardDir, { recursive: true, force: true })
        continue
      }
      const summary = await readShardSummary(shardDir)
      const items = await readShardItems(shardDir)
      const shard: LoadedShard = { id: name, dir: shardDir, summary, size: items.length, present: new Uint8Array(items.length) }
      items.forEach(([key, kind, line], ordinal) => index.set(key, { shard, kind, line, ordinal }))
      shards.push(shard)
    }
    return new RunState(dir, shards, index, full)
  }

  /** Inputs already processed by earlier runs. */
  get known(): number {
    return this.index.size
  }

  /** The stored outcome of an input processed by an earlier run, or undefined. */
  async lookup(input: InputRef): Promise<BatchOutcome | undefined> {
    const ref = this.index.get(inputKey(input))
    if (!ref) return undefined
    ref.shard.present[ref.ordinal] = 1
    if ('entry' in input && ref.kind === 'q') return { entry: input.entry }
    const line = await this.storedLine(ref)
    return ref.kind === 'd' ? { doc: JSON.parse(line) as Doc } : { entry: JSON.parse(line) as QuarantineEntry }
  }

  /**
   * Record a new outcome in the current shard. `inBatchAggregate`: the outcome is counted in its
   * batch's aggregate, which {@link batchDone} brings in.
   */
  async record(input: InputRef, outcome: { doc: Doc; line: string } | { entry: QuarantineEntry; line: string }, inBatchAggregate = false): Promise<void> {
    if (!this.current) {
      const id = this.newId()
      this.current = await ShardWriter.prepare(id, join(this.dir, 'shards', id), this.options.nearDuplicateThreshold)
    }
    const key = inputKey(input)
    if ('doc' in outcome) await this.current.addDocument(key, outcome.doc, outcome.line, inBatchAggregate)
    else await this.current.addQuarantine(key, outcome.entry, outcome.line, inBatchAggregate)
  }

  /**
   * A batch's outcomes are all recorded: merge its aggregate into the current shard, and commit
   * the shard when it is full. Checkpoints fall on batch ends, so a shard's aggregate always
   * covers exactly its outcomes.
   */
  async batchDone(aggregate: ReportAggregate): Promise<void> {
    if (!this.current) throw new CorpusError('E_INVARIANT', 'state: a batch ended with no shard open')
    this.current.mergeAggregate(aggregate)
    if (this.current.size >= this.options.checkpointItems) await this.checkpoint()
  }

  /** Commit the current shard (if it holds anything). */
  async checkpoint(): Promise<void> {
    const writer = this.current
    if (!writer) return
    this.current = undefined
    this.created.push(await writer.commit())
    // The writer is done with its aggregate (it is on disk), so the first one can be the total.
    this.createdTotal = this.createdTotal ? mergeAggregateInto(this.createdTotal, writer.aggregate) : writer.aggregate
  }

  /**
   * The report aggregate of this run's whole input: stored aggregates of earlier shards whose
   * inputs are all still there, rebuilt from the stored outcomes for shards of which only some
   * inputs are still there, and this run's shards.
   */
  async aggregate(): Promise<ReportAggregate> {
    await this.checkpoint()
    // `total` is this function's own accumulator, so shards are folded into it in place.
    const total = createAggregate({ nearDuplicateThreshold: this.options.nearDuplicateThreshold })
    for (const shard of this.shards) {
      const present = shard.present.reduce((n, v) => n + v, 0)
      if (present === 0) continue
      if (present === shard.size) {
        mergeAggregateInto(total, await readShardAggregate(shard.dir))
        continue
      }
      const partial = createAggregate({ nearDuplicateThreshold: this.options.nearDuplicateThreshold })
      const items = await readShardItems(shard.dir)
      for (const [ordinal, [, kind, line]] of items.entries()) {
        if (!shard.present[ordinal]) continue
        const text = await this.storedLine({ shard, kind, line, ordinal })
        if (kind === 'd') addDocument(partial, JSON.parse(text) as Doc)
        else addQuarantine(partial, JSON.parse(text) as QuarantineEntry)
      }
      mergeAggregateInto(total, partial)
    }
    if (this.createdTotal) mergeAggregateInto(total, this.createdTotal)
    return total
  }

  /** Shards committed by this run, and earlier shards of which no input was seen this time. */
  summary(): { reusedShards: number; newShards: number; staleShards: number } {
    const staleShards = this.shards.filter((s) => s.present.every((v) => v === 0)).length
    return { reusedShards: this.shards.length - staleShards, newShards: this.created.length, staleShards }
  }

  /** Abort the current shard (nothing of it is kept) and close files. */
  async close(): Promise<void> {
    await this.current?.abort()
    this.current = undefined
    for (const shard of this.shards) {
      shard.documents?.close()
      shard.quarantine?.close()
    }
  }

  private async storedLine(ref: ItemRef): Promise<string> {
    const shard = ref.shard
    const cursor =
      ref.kind === 'd'
        ? (shard.documents ??= new LineCursor(join(shard.dir, SHARD_FILES.documents)))
        : (shard.quarantine ??= new LineCursor(join(shard.dir, SHARD_FILES.quarantine)))
    return cursor.get(ref.line)
  }

  private newId(): string {
    const id = String(this.nextId).padStart(6, '0')
    this.nextId += 1
    return id
  }
}
