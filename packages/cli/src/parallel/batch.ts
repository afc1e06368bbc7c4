import { addDocument, addQuarantine, createAggregate, type ReportAggregate } from '@corpus/report'
import { CorpusError, fromDocs, type CorpusErrorCode, pipeline, type Annotations, type Doc, type QuarantineEntry, type Stage } from '@corpus/core'

/**
 * Annotation keys whose value depends on other documents (near-duplicate marks need every earlier
 * document). A stage assigning one of them runs in the main thread, in input order; every other
 * stage is per-document and runs in worker threads on batches.
 */
export const CROSS_DOCUMENT_KEYS: readonly (keyof Annotations)[] = ['duplicate']

/** True when `stage` needs to see the documents in order in one place (see {@link CROSS_DOCUMENT_KEYS}). */
export function isCrossDocument(stage: Stage): boolean {
  return stage.assigns.some((key) => CROSS_DOCUMENT_KEYS.includes(key))
}

/** The stages split into the per-document part (workers) and the ordered part (main thread). */
export interface StagePlan {
  /** Per-document stages, in pipeline order: safe to run on any batch in any thread. */
  readonly perDocument: readonly Stage[]
  /** Cross-document stages, in pipeline order: run once, in the main thread, over the ordered stream. */
  readonly ordered: readonly Stage[]
  /** Keys assigned by per-document stages that come after the first ordered stage in the pipeline. */
  readonly laterKeys: readonly (keyof Annotations)[]
}

/**
 * Split a pipeline's stages for parallel runs. Moving an ordered stage after the per-document ones
 * is only allowed when no per-document stage after it requires what it assigns.
 */
export function planStages(stages: readonly Stage[]): StagePlan {
  const perDocument: Stage[] = []
  const ordered: Stage[] = []
  const laterKeys: (keyof Annotations)[] = []
  for (const stage of stages) {
    if (isCrossDocument(stage)) {
      ordered.push(stage)
      continue
    }
    if (ordered.length > 0) {
      const moved = new Set(ordered.flatMap((s) => s.assigns))
      const needs = stage.requires.find((key) => moved.has(key))
      if (needs) {
        throw new CorpusError('E_CONFIG', `stage "${stage.stageName}" requires "${String(needs)}" from a cross-document stage; it cannot run in workers`)
      }
      laterKeys.push(...stage.assigns)
    }
    perDocument.push(stage)
  }
  return { perDocument, ordered, laterKeys }
}

/**
 * Put the annotations of a document that went through the ordered stages last back into pipeline
 * order: keys of per-document stages that come after the ordered stage move behind its keys, so the
 * document serialises exactly as in a run of the stages in their declared order.
 */
export function restoreAnnotationOrder(doc: Doc, laterKeys: readonly (keyof Annotations)[]): Doc {
  if (laterKeys.length === 0) return doc
  const annotations = doc.annotations as Record<string, unknown>
  const later = new Set<string>(laterKeys as readonly string[])
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(annotations)) if (!later.has(key)) out[key] = annotations[key]
  for (const key of Object.keys(annotations)) if (later.has(key)) out[key] = annotations[key]
  return { ...doc, annotations: out as Doc['annotations'] }
}

/**
 * A document already serialised by a worker, except the values of the cross-document keys, which
 * the main thread computes: the JSON line is `parts[0] + value(keys[0]) + parts[1] + ...`.
 */
export interface SerializedDoc {
  readonly parts: readonly string[]
  readonly keys: readonly string[]
}

/**
 * One input document's outcome: the annotated document, or its quarantine entry. With
 * `serialized`, `doc` is only what the cross-document stages need (id, text, source, the
 * annotations they require) and the rest of the document is in `serialized`.
 */
export type BatchOutcome = { readonly doc: Doc; readonly serialized?: SerializedDoc } | { readonly entry: QuarantineEntry }

const placeholder = (key: string): string => `\u0000corpus-ordered:${key}\u0000`

/**
 * Serialise `doc` leaving holes for the values of `keys` (each must be an annotation of `doc`).
 * Returns undefined when a key is missing.
 */
export function serializeWithHoles(doc: Doc, keys: readonly string[]): SerializedDoc | undefined {
  const annotations = doc.annotations as Record<string, unknown>
  if (!keys.every((key) => key in annotations)) return undefined
  const holes: Record<string, unknown> = { ...annotations }
  for (const key of keys) holes[key] = placeholder(key)
  let rest = JSON.stringify({ ...doc, annotations: holes })
  const parts: string[] = []
  const ordered: string[] = []
  // Holes appear in annotation order; article text cannot produce the marker (its quotes are escaped).
  for (const key of Object.keys(holes).filter((k) => keys.includes(k))) {
    const marker = `${JSON.stringify(key)}:${JSON.stringify(placeholder(key))}`
    const at = rest.indexOf(marker)
    if (at < 0) return undefined
    parts.push(rest.slice(0, at + JSON.stringify(key).length + 1))
    ordered.push(key)
    rest = rest.slice(at + marker.length)
  }
  parts.push(rest)
  return { parts, keys: ordered }
}

/** The JSON line of a document: from its worker-serialised parts when there are any. */
export function documentLine(doc: Doc, serialized?: SerializedDoc): string {
  if (!serialized) return JSON.stringify(doc)
  const annotations = doc.annotations as Record<string, unknown>
  let line = serialized.parts[0] ?? ''
  serialized.keys.forEach((key, i) => {
    line += JSON.stringify(annotations[key]) + (serialized.parts[i + 1] ?? '')
  })
  return line
}

/** What running the per-document stages on one batch gave, one outcome per input, in input order. */
export interface BatchResult {
  readonly outcomes: BatchOutcome[]
  /** Stage counters by `stage/metric`; they add up across batches. */
  readonly counters: Record<string, number>
  /** The report aggregate of every outcome of the batch, when asked for (see {@link BatchOptions}). */
  readonly aggregate?: ReportAggregate
  /** The outcomes were added to the executor's running aggregate (see `BatchExecutor.finish`). */
  readonly accumulated?: boolean
}

/** What else a batch computes besides the outcomes. */
export interface BatchOptions {
  /**
   * Build the batch's report aggregate beside the outcomes, so the main thread only merges. The
   * stages must then include the cross-document ones (run batch-locally): the aggregate keeps
   * their per-document part (the MinHash signature), which depends on the text alone.
   */
  readonly aggregate?: { readonly nearDuplicateThreshold: number }
  /**
   * Add the batch's outcomes to this aggregate (kept by the caller across batches) instead of
   * returning a new one per batch: no merge per batch, one merge per worker at the end.
   */
  readonly accumulateInto?: ReportAggregate
  /**
   * Serialise each document here (see {@link SerializedDoc}), leaving holes for these keys (the
   * cross-document ones, recomputed by the main thread), and return only a light document
   * (id, text, source, and the annotations listed in `keep`). Saves the main thread the JSON work.
   */
  readonly serialize?: { readonly holes: readonly string[]; readonly keep: readonly string[] }
}

const keyOf = (source: { uri: string; index: number }): string => `${source.index}\u0000${source.uri}`

/**
 * Run per-document stages over one batch and return one outcome per input document, in input
 * order. The quarantine ratio is not checked here: the caller checks it over the whole run.
 */
export async function processBatch(stages: readonly Stage[], docs: readonly Doc[], options: BatchOptions = {}): Promise<BatchResult> {
  const byKey = new Map<string, number[]>()
  docs.forEach((doc, i) => {
    const key = keyOf(doc.source)
    const list = byKey.get(key)
    if (list) list.push(i)
    else byKey.set(key, [i])
  })
  const outcomes: (BatchOutcome | undefined)[] = new Array(docs.length)
  const place = (source: { uri: string; index: number }, outcome: BatchOutcome) => {
    const slot = byKey.get(keyOf(source))?.shift()
    if (slot === undefined) throw new CorpusError('E_INVARIANT', `batch: output for an unknown input ${source.uri}#${source.index}`)
    outcomes[slot] = outcome
  }
  const stats = await pipeline(
    fromDocs(docs, 'batch'),
    stages,
    async (stream) => {
      for await (const doc of stream) place(doc.source, { doc })
    },
    { maxQuarantineRatio: 1, onQuarantine: (entry) => place(entry.source, { entry }) },
  )
  const missing = outcomes.findIndex((o) => o === undefined)
  if (missing >= 0) throw new CorpusError('E_INVARIANT', `batch: no outcome for input ${missing}`)
  let aggregate: ReportAggregate | undefined
  if (options.aggregate || options.accumulateInto) {
    aggregate = options.accumulateInto ?? createAggregate(options.aggregate)
    for (const outcome of outcomes as BatchOutcome[]) {
      if ('doc' in outcome) addDocument(aggregate, outcome.doc)
      else addQuarantine(aggregate, outcome.entry)
    }
  }
  const serialize = options.serialize
  const final = serialize
    ? (outcomes as BatchOutcome[]).map((outcome): BatchOutcome => {
        if (!('doc' in outcome)) return outcome
        const serialized = serializeWithHoles(outcome.doc, serialize.holes)
        if (!serialized) return outcome
        const { id, text, source } = outcome.doc
        const kept = Object.fromEntries(Object.entries(outcome.doc.annotations).filter(([key]) => serialize.keep.includes(key)))
        return { doc: { id, text, source, annotations: kept, notes: [] }, serialized }
      })
    : (outcomes as BatchOutcome[])
  if (options.accumulateInto) return { outcomes: final, counters: stats.counters, accumulated: true }
  return { outcomes: final, counters: stats.counters, ...(aggregate ? { aggregate } : {}) }
}

/** A fatal error from a worker, carried as plain data so its code survives the thread boundary. */
export interface WorkerFailure {
  readonly fatal: { readonly code: CorpusErrorCode; readonly message: string }
}

/** Wrap a batch function so a fatal `CorpusError` crosses the thread boundary with its code. */
export async function guardBatch(run: () => Promise<BatchResult>): Promise<BatchResult | WorkerFailure> {
  try {
    return await run()
  } catch (error) {
    const code = error instanceof Error && error.name === 'CorpusError' ? (error as CorpusError).code : undefined
    if (code) return { fatal: { code, message: (error as Error).message } }
    throw error
  }
}

/**
 * A batch result as sent back by a worker thread: the report aggregate travels as JSON text.
 * Structured cloning an aggregate (objects with thousands of keys) peaks at about 100x its JSON
 * size in memory; a string is copied as is.
 */
export type WorkerReply = Omit<BatchResult, 'aggregate'> & {
  readonly aggregateJson?: string
  /**
   * The worker's running aggregate (setup `aggregate.accumulate`), handed over because it reached
   * `flushOutcomes` outcomes; the worker starts a new one. Includes this batch's outcomes.
   */
  readonly flushedAggregateJson?: string
}

export function toReply(result: BatchResult | WorkerFailure): WorkerReply | WorkerFailure {
  if ('fatal' in result || !result.aggregate) return result
  const { aggregate, ...rest } = result
  return { ...rest, aggregateJson: JSON.stringify(aggregate) }
}

export function fromReply(reply: WorkerReply): BatchResult {
  const { flushedAggregateJson: _flushed, ...result } = reply
  if (result.aggregateJson === undefined) return result
  const { aggregateJson, ...rest } = result
  return { ...rest, aggregate: JSON.parse(aggregateJson) as ReportAggregate }
}
