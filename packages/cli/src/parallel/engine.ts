import {
  CorpusError,
  emptyStats,
  mapOrdered,
  type Annotations,
  type Doc,
  type QuarantineEntry,
  type RunContext,
  type RunStats,
  type Source,
} from '@corpus/core'
import type { ReportAggregate } from '@corpus/report'
import { restoreAnnotationOrder, type BatchOutcome, type SerializedDoc, type StagePlan } from './batch.js'
export { documentLine } from './batch.js'
import type { BatchExecutor } from './pool.js'

/** The input an outcome belongs to: a document from the reader, or an input the reader quarantined. */
export type InputRef = { readonly doc: Doc } | { readonly entry: QuarantineEntry }

/** What the sink is told with each outcome. */
export interface OutcomeInfo {
  /** The outcome was taken from an earlier run (state directory), not computed now. */
  readonly reused: boolean
  /** The input it belongs to, as the reader gave it. */
  readonly input: InputRef
  /** The outcome is counted in its batch's report aggregate (handed to `onBatchDone`). */
  readonly inBatchAggregate: boolean
  /**
   * The document was serialised by the worker; the sink's `doc` then holds only what the
   * cross-document stages need. Use {@link documentLine} for its JSON line.
   */
  readonly serialized?: SerializedDoc
}

/** Where each input ended up, delivered in input order. */
export interface OrderedSink {
  document(doc: Doc, info: OutcomeInfo): Promise<void> | void
  quarantine(entry: QuarantineEntry, info: OutcomeInfo): Promise<void> | void
}

/** Options of {@link runOrdered}. */
export interface RunOrderedOptions {
  readonly source: Source
  readonly plan: StagePlan
  readonly executor: BatchExecutor
  readonly sink: OrderedSink
  /**
   * A stored outcome for an input already handled by an earlier run (incremental runs): the input
   * then skips the per-document stages. Return undefined to process it.
   */
  readonly reuse?: (input: InputRef) => Promise<BatchOutcome | undefined> | BatchOutcome | undefined
  /** A batch is sent once it holds this many characters of text. @default 65536 */
  readonly batchChars?: number
  /** ... or this many documents. @default 64 */
  readonly batchDocs?: number
  /** Batches in flight at once. @default 4 * workers + 2 (2 when inline) */
  readonly window?: number
  /** @default 0.2 */
  readonly maxQuarantineRatio?: number
  /** @default 100 */
  readonly minSampleForRatio?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (counts: { read: number; written: number; quarantined: number; reused: number }) => void
  /**
   * Called with a batch's report aggregate (when the executor builds them) once every outcome of
   * the batch has been given to the sink, in input order.
   */
  readonly onBatchDone?: (aggregate: ReportAggregate) => Promise<void> | void
}

/** Outcomes of one batch not yet given to the sink; its aggregate is released when none is left. */
interface Tracker {
  remaining: number
  aggregate?: ReportAggregate
}

type Slot =
  | { readonly kind: 'entry'; readonly entry: QuarantineEntry; readonly info: OutcomeInfo; tracker?: Tracker }
  | { readonly kind: 'doc'; readonly doc: Doc; readonly info: OutcomeInfo; tracker?: Tracker }
  | { readonly kind: 'pending'; readonly index: number }
type ReadSlot = { readonly kind: 'entry'; readonly entry: QuarantineEntry } | { readonly kind: 'doc'; readonly doc: Doc }

interface Batch {
  readonly slots: Slot[]
  readonly docs: Doc[]
}

const sourceKey = (source: { uri: string; index: number }): string => `${source.index}\u0000${source.uri}`

function add(table: Record<string, number>, key: string, by: number): void {
  table[key] = (table[key] ?? 0) + by
}

/**
 * Run a pipeline with its per-document stages on batches (worker threads or inline) and its
 * cross-document stages in this thread, delivering every input's outcome to `sink` in input order.
 * The result does not depend on the number of workers or on batch boundaries: the same documents
 * and quarantine entries, in the same order, with the same bytes as a run of the stages in
 * sequence. Memory is bounded by the batches in flight (`window` x `batchChars`).
 *
 * Checks, like `pipeline`: `read === written + quarantined`, and the quarantine ratio (evaluated in
 * input order, so the verdict does not depend on timing either).
 */
export async function runOrdered(options: RunOrderedOptions): Promise<RunStats> {
  const { source, plan, executor, sink } = options
  const batchChars = options.batchChars ?? 65_536
  const batchDocs = options.batchDocs ?? 64
  // A wide window: the head batch blocks the ones behind it, so keep every worker fed meanwhile.
  const window = options.window ?? (executor.workers === 0 ? 2 : executor.workers * 4 + 2)
  const maxRatio = options.maxQuarantineRatio ?? 0.2
  const minSample = options.minSampleForRatio ?? 100
  if (!(maxRatio >= 0 && maxRatio <= 1)) throw new CorpusError('E_CONFIG', `maxQuarantineRatio must be in [0, 1], got ${maxRatio}`)
  const signal = options.signal ?? new AbortController().signal
  const stats = emptyStats()
  const orderedKeys = new Set<keyof Annotations>(plan.ordered.flatMap((s) => s.assigns))
  let reusedCount = 0

  const context = (name: string, quarantine: (entry: QuarantineEntry) => void): RunContext => ({
    signal,
    quarantine,
    count(metric, by = 1) {
      add(stats.counters, `${name}/${metric}`, by)
    },
  })

  /** Documents and reader quarantine entries, in input order. */
  async function* readSlots(): AsyncIterable<ReadSlot> {
    const pending: QuarantineEntry[] = []
    const ctx = context(source.sourceName, (entry) => {
      pending.push(entry)
    })
    for await (const doc of source.read(ctx)) {
      for (const entry of pending.splice(0)) yield { kind: 'entry', entry }
      yield { kind: 'doc', doc }
    }
    for (const entry of pending.splice(0)) yield { kind: 'entry', entry }
  }

  async function* batches(): AsyncIterable<Batch> {
    let current: Batch = { slots: [], docs: [] }
    let chars = 0
    for await (const slot of readSlots()) {
      if (signal.aborted) throw new CorpusError('E_ABORT', 'run aborted')
      const input: InputRef = slot.kind === 'doc' ? { doc: slot.doc } : { entry: slot.entry }
      const stored = options.reuse ? await options.reuse(input) : undefined
      if (stored) {
        reusedCount += 1
        const info = { reused: true, input, inBatchAggregate: false }
        current.slots.push('doc' in stored ? { kind: 'doc', doc: stored.doc, info } : { kind: 'entry', entry: stored.entry, info })
      } else if (slot.kind === 'doc') {
        current.slots.push({ kind: 'pending', index: current.docs.length })
        current.docs.push(slot.doc)
        chars += slot.doc.text.length
      } else {
        current.slots.push({ kind: 'entry', entry: slot.entry, info: { reused: false, input, inBatchAggregate: false } })
      }
      if (chars >= batchChars || current.docs.length >= batchDocs || current.slots.length >= 4 * batchDocs) {
        yield current
        current = { slots: [], docs: [] }
        chars = 0
      }
    }
    if (current.slots.length > 0) yield current
  }

  async function resolve(batch: Batch): Promise<Slot[]> {
    if (batch.docs.length === 0) return batch.slots
    const result = await executor.run(batch.docs)
    for (const [key, value] of Object.entries(result.counters)) add(stats.counters, key, value)
    const inBatchAggregate = result.aggregate !== undefined || result.accumulated === true
    const tracker: Tracker = { remaining: batch.slots.length, ...(result.aggregate ? { aggregate: result.aggregate } : {}) }
    return batch.slots.map((slot): Slot => {
      if (slot.kind !== 'pending') return { ...slot, tracker }
      const outcome = result.outcomes[slot.index]
      const doc = batch.docs[slot.index]
      if (!outcome || !doc) throw new CorpusError('E_INVARIANT', `batch result has no outcome ${slot.index}`)
      const info = { reused: false, input: { doc }, inBatchAggregate }
      if (!('doc' in outcome)) return { kind: 'entry', entry: outcome.entry, info, tracker }
      return { kind: 'doc', doc: outcome.doc, info: outcome.serialized ? { ...info, serialized: outcome.serialized } : info, tracker }
    })
  }

  async function delivered(tracker: Tracker | undefined): Promise<void> {
    if (!tracker) return
    tracker.remaining -= 1
    if (tracker.remaining === 0 && tracker.aggregate) await options.onBatchDone?.(tracker.aggregate)
  }

  // Entries wait here, sorted by input position, until every document before them is written.
  type Queued = { seq: number; entry: QuarantineEntry; info: OutcomeInfo; tracker?: Tracker | undefined }
  const entries: Queued[] = []
  const docInfo = new Map<string, { seq: number; info: OutcomeInfo; tracker?: Tracker | undefined }[]>()
  let seq = 0
  const queueEntry = (item: Queued) => {
    let i = entries.length
    while (i > 0 && (entries[i - 1] as { seq: number }).seq > item.seq) i -= 1
    entries.splice(i, 0, item)
  }

  async function* orderedDocs(): AsyncIterable<Doc> {
    for await (const slots of mapOrdered(batches(), resolve, window)) {
      for (const slot of slots) {
        if (slot.kind === 'pending') throw new CorpusError('E_INVARIANT', 'unresolved batch slot')
        stats.read += 1
        if (slot.kind === 'entry') {
          queueEntry({ seq: seq++, entry: slot.entry, info: slot.info, tracker: slot.tracker })
          continue
        }
        let doc = slot.doc
        if (orderedKeys.size > 0 && Object.keys(doc.annotations).some((key) => orderedKeys.has(key as keyof Annotations))) {
          // Cross-document marks (from a batch-local run or an earlier run) are recomputed over
          // this run's whole input order.
          const annotations = Object.fromEntries(Object.entries(doc.annotations).filter(([key]) => !orderedKeys.has(key as keyof Annotations)))
          doc = { ...doc, annotations }
        }
        const key = sourceKey(doc.source)
        const list = docInfo.get(key)
        const item = { seq: seq++, info: slot.info, tracker: slot.tracker }
        if (list) list.push(item)
        else docInfo.set(key, [item])
        yield doc
      }
    }
  }

  const takeInfo = (src: { uri: string; index: number }): { seq: number; info: OutcomeInfo; tracker?: Tracker | undefined } => {
    const key = sourceKey(src)
    const list = docInfo.get(key)
    const info = list?.shift()
    if (!info) throw new CorpusError('E_INVARIANT', `ordered stage returned an unknown document ${src.uri}#${src.index}`)
    if (list && list.length === 0) docInfo.delete(key)
    return info
  }

  let written = 0
  const emit = (counts: { read: number; written: number; quarantined: number }) => options.onProgress?.({ ...counts, reused: reusedCount })
  async function flushEntries(before: number): Promise<void> {
    while (entries.length > 0 && (entries[0] as { seq: number }).seq < before) {
      const item = entries.shift() as Queued
      stats.quarantined += 1
      add(stats.quarantineByRule, `${item.entry.stage}/${item.entry.rule}`, 1)
      const seen = stats.quarantined + written
      if (seen >= minSample && stats.quarantined / seen > maxRatio) {
        throw new CorpusError(
          'E_QUARANTINE_RATIO',
          `${stats.quarantined} of ${seen} inputs quarantined (> ${maxRatio * 100}%); last: ${item.entry.stage}/${item.entry.rule} ${item.entry.reason}`,
        )
      }
      await sink.quarantine(item.entry, item.info)
      await delivered(item.tracker)
    }
  }

  let stream: AsyncIterable<Doc> = orderedDocs()
  for (const stage of plan.ordered) {
    stream = stage(
      stream,
      context(stage.stageName, (entry) => {
        const taken = takeInfo(entry.source)
        // An entry of a main-thread stage is not in any batch aggregate.
        queueEntry({ seq: taken.seq, entry, info: { ...taken.info, inBatchAggregate: false }, tracker: taken.tracker })
      }),
    )
  }
  for await (const doc of stream) {
    const taken = takeInfo(doc.source)
    await flushEntries(taken.seq)
    written += 1
    stats.written += 1
    await sink.document(plan.ordered.length > 0 ? restoreAnnotationOrder(doc, plan.laterKeys) : doc, taken.info)
    await delivered(taken.tracker)
    emit({ read: stats.read, written: stats.written, quarantined: stats.quarantined + entries.length })
  }
  await flushEntries(Number.POSITIVE_INFINITY)
  emit(stats)
  if (stats.read !== stats.written + stats.quarantined) {
    throw new CorpusError(
      'E_INVARIANT',
      `read ${stats.read} != written ${stats.written} + quarantined ${stats.quarantined}: a document was dropped or duplicated`,
    )
  }
  return stats
}
