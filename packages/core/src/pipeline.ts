import type { Annotations, Doc } from './doc.js'
import { CorpusError } from './errors.js'
import { checkStages, type QuarantineEntry, type RunContext, type Stage } from './stage.js'

/** A reader: yields documents and quarantines the inputs it cannot turn into one. */
export interface Source {
  readonly sourceName: string
  /** Keys the reader already assigns on every document it yields. */
  readonly assigns: readonly (keyof Annotations)[]
  read(ctx: RunContext): AsyncIterable<Doc>
}

/** A writer at the end of the stream (documents.jsonl, an aggregator, ...). */
export type Sink = (docs: AsyncIterable<Doc>, ctx: RunContext) => Promise<void>

/** Counts of one run. All fields add up across shards. */
export interface RunStats {
  /** Inputs read: documents yielded by the source plus inputs it quarantined. */
  read: number
  written: number
  quarantined: number
  /** Quarantined inputs by `stage/rule`. */
  quarantineByRule: Record<string, number>
  /** Counters by `stage/metric`. */
  counters: Record<string, number>
}

/** An empty {@link RunStats}. */
export function emptyStats(): RunStats {
  return { read: 0, written: 0, quarantined: 0, quarantineByRule: {}, counters: {} }
}

/** Add `b` into a copy of `a`; run stats from shards combine by addition. */
export function mergeStats(a: RunStats, b: RunStats): RunStats {
  const add = (x: Record<string, number>, y: Record<string, number>): Record<string, number> => {
    const out = { ...x }
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v
    return out
  }
  return {
    read: a.read + b.read,
    written: a.written + b.written,
    quarantined: a.quarantined + b.quarantined,
    quarantineByRule: add(a.quarantineByRule, b.quarantineByRule),
    counters: add(a.counters, b.counters),
  }
}

export interface PipelineOptions {
  readonly signal?: AbortSignal
  /** Called once per quarantined input, in the order they happen (stream them to disk). */
  readonly onQuarantine?: (entry: QuarantineEntry) => void
  /**
   * Abort with `E_QUARANTINE_RATIO` when more than this share of inputs is quarantined, once
   * `minSampleForRatio` inputs have been read: a systemic fault is not a per-document fault.
   * @default 0.2
   */
  readonly maxQuarantineRatio?: number
  /** @default 100 */
  readonly minSampleForRatio?: number
}

/**
 * Run `source` through `stages` into `sink`. Checks the stage contracts before reading, counts
 * every input, and fails the run when `read !== written + quarantined`.
 *
 * @example
 * const stats = await pipeline(readCorpus(['corpus/']), [cleanText(), detectLanguage()], writeJsonl(out))
 */
export async function pipeline(source: Source, stages: readonly Stage[], sink: Sink, options: PipelineOptions = {}): Promise<RunStats> {
  checkStages(stages, source.assigns)
  const maxRatio = options.maxQuarantineRatio ?? 0.2
  const minSample = options.minSampleForRatio ?? 100
  if (!(maxRatio >= 0 && maxRatio <= 1)) throw new CorpusError('E_CONFIG', `maxQuarantineRatio must be in [0, 1], got ${maxRatio}`)
  const signal = options.signal ?? new AbortController().signal
  const stats = emptyStats()

  const contextFor = (name: string): RunContext => ({
    signal,
    quarantine(entry) {
      stats.quarantined += 1
      const key = `${entry.stage}/${entry.rule}`
      stats.quarantineByRule[key] = (stats.quarantineByRule[key] ?? 0) + 1
      if (name === source.sourceName) stats.read += 1
      options.onQuarantine?.(entry)
      if (stats.read >= minSample && stats.quarantined / stats.read > maxRatio) {
        throw new CorpusError(
          'E_QUARANTINE_RATIO',
          `${stats.quarantined} of ${stats.read} inputs quarantined (> ${maxRatio * 100}%); last: ${key} ${entry.reason}`,
        )
      }
    },
    count(metric, by = 1) {
      const key = `${name}/${metric}`
      stats.counters[key] = (stats.counters[key] ?? 0) + by
    },
  })

  async function* counted(docs: AsyncIterable<Doc>): AsyncIterable<Doc> {
    for await (const doc of docs) {
      if (signal.aborted) throw new CorpusError('E_ABORT', 'run aborted')
      stats.read += 1
      yield doc
    }
  }
  async function* written(docs: AsyncIterable<Doc>): AsyncIterable<Doc> {
    for await (const doc of docs) {
      stats.written += 1
      yield doc
    }
  }

  let stream: AsyncIterable<Doc> = counted(source.read(contextFor(source.sourceName)))
  for (const stage of stages) stream = stage(stream, contextFor(stage.stageName))
  await sink(written(stream), contextFor('sink'))

  if (stats.read !== stats.written + stats.quarantined) {
    throw new CorpusError(
      'E_INVARIANT',
      `read ${stats.read} != written ${stats.written} + quarantined ${stats.quarantined}: a document was dropped or duplicated`,
    )
  }
  return stats
}

/** A source over documents already in memory or produced elsewhere (tests, stdin JSONL). */
export function fromDocs(docs: AsyncIterable<Doc> | Iterable<Doc>, name = 'docs'): Source {
  return {
    sourceName: name,
    assigns: [],
    async *read() {
      yield* docs
    },
  }
}
