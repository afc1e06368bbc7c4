import type { Annotations, Doc, DocSource } from './doc.js'
import { CorpusError } from './errors.js'

/** How a document was turned away: a bad input, a deliberate skip, or a stage failure. */
export type QuarantineKind = 'skipped' | 'invalid' | 'failed'

/** One rejected input. Written as one line of `quarantine.jsonl`. */
export interface QuarantineEntry {
  /** The document id, or a stable id of the raw input when no document could be built. */
  readonly docId: string
  readonly source: DocSource
  /** Stage name, e.g. `ingest`, `langid`. */
  readonly stage: string
  /** Stable kebab-case rule; reports group by it (`invalid-encoding`, `empty`, ...). */
  readonly rule: string
  /** Human-readable reason with the numbers that decided it. */
  readonly reason: string
  readonly kind: QuarantineKind
  readonly cause?: { readonly name: string; readonly message: string; readonly stack?: string }
}

/** A stage's verdict that a document must leave the stream. */
export interface Rejection {
  readonly rejected: true
  readonly rule: string
  readonly reason: string
  readonly kind: QuarantineKind
}

/** Build a {@link Rejection}. */
export function reject(rule: string, reason: string, kind: QuarantineKind = 'invalid'): Rejection {
  return { rejected: true, rule, reason, kind }
}

/** True when a stage result is a {@link Rejection} rather than a document. */
export function isRejection(value: Doc | Rejection): value is Rejection {
  return (value as Rejection).rejected === true
}

/** What a stage sees of the run. */
export interface RunContext {
  readonly signal: AbortSignal
  /** Send one input to the quarantine (it must not also be yielded). */
  quarantine(entry: QuarantineEntry): void
  /** Add to a counter; the pipeline namespaces it by stage name (`ingest/paragraphs`). */
  count(metric: string, by?: number): void
}

/** A stage: a function over a stream of documents, with its declared contract attached. */
export interface Stage {
  (docs: AsyncIterable<Doc>, ctx: RunContext): AsyncIterable<Doc>
  readonly stageName: string
  readonly requires: readonly (keyof Annotations)[]
  readonly assigns: readonly (keyof Annotations)[]
}

/** The per-document description of a stage, turned into a {@link Stage} by {@link defineStage}. */
export interface StageSpec {
  /** kebab-case and stable, e.g. `langid`. */
  readonly name: string
  readonly requires?: readonly (keyof Annotations)[]
  readonly assigns?: readonly (keyof Annotations)[]
  /** Documents in flight at once. Output order is always the input order. @default 1 */
  readonly concurrency?: number
  processDoc(doc: Doc, ctx: RunContext): Doc | Rejection | Promise<Doc | Rejection>
}

/** Attach a stage contract to a raw stream function (readers, sinks, aggregations). */
export function rawStage(
  name: string,
  fn: (docs: AsyncIterable<Doc>, ctx: RunContext) => AsyncIterable<Doc>,
  contract: { requires?: readonly (keyof Annotations)[]; assigns?: readonly (keyof Annotations)[] } = {},
): Stage {
  return Object.assign(fn, { stageName: name, requires: contract.requires ?? [], assigns: contract.assigns ?? [] })
}

function describeCause(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }
  return { name: 'Error', message: String(error) }
}

/**
 * Map `fn` over `source` with at most `concurrency` calls in flight, yielding results in input
 * order. Pulls lazily, so a slow consumer holds back the source (backpressure).
 */
export async function* mapOrdered<T, R>(
  source: AsyncIterable<T>,
  fn: (item: T) => Promise<R> | R,
  concurrency = 1,
): AsyncIterable<R> {
  const iterator = source[Symbol.asyncIterator]()
  const window: Promise<R>[] = []
  let exhausted = false
  for (;;) {
    while (!exhausted && window.length < concurrency) {
      const next = await iterator.next()
      if (next.done) {
        exhausted = true
        break
      }
      const pending = Promise.resolve().then(() => fn(next.value))
      // Rejections are awaited in order below; this keeps Node from reporting them early.
      pending.catch(() => undefined)
      window.push(pending)
    }
    const head = window.shift()
    if (!head) return
    yield await head
  }
}

/**
 * Turn a per-document {@link StageSpec} into a {@link Stage}. It owns iteration, bounded
 * concurrency, counters and per-document error capture: a throw from `processDoc` sends that
 * document to the quarantine as `failed` (rule `stage-error`) and the run goes on.
 *
 * @example
 * const upper = defineStage({ name: 'upper', processDoc: (doc) => withText(doc, doc.text.toUpperCase()) })
 */
export function defineStage(spec: StageSpec): Stage {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) {
    throw new CorpusError('E_CONFIG', `stage name must be kebab-case, got "${spec.name}"`)
  }
  const concurrency = spec.concurrency ?? 1
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new CorpusError('E_CONFIG', `stage "${spec.name}": concurrency must be an integer >= 1, got ${concurrency}`)
  }
  async function* run(docs: AsyncIterable<Doc>, ctx: RunContext): AsyncIterable<Doc> {
    const settle = async (doc: Doc): Promise<Doc | undefined> => {
      if (ctx.signal.aborted) throw new CorpusError('E_ABORT', 'run aborted')
      try {
        const result = await spec.processDoc(doc, ctx)
        if (isRejection(result)) {
          ctx.quarantine({ docId: doc.id, source: doc.source, stage: spec.name, rule: result.rule, reason: result.reason, kind: result.kind })
          return undefined
        }
        return result
      } catch (error) {
        if (error instanceof CorpusError) throw error
        const cause = describeCause(error)
        ctx.quarantine({
          docId: doc.id,
          source: doc.source,
          stage: spec.name,
          rule: 'stage-error',
          reason: `${cause.name}: ${cause.message}`,
          kind: 'failed',
          cause,
        })
        return undefined
      }
    }
    for await (const result of mapOrdered(docs, settle, concurrency)) {
      if (result) yield result
    }
  }
  return rawStage(spec.name, run, { requires: spec.requires ?? [], assigns: spec.assigns ?? [] })
}

/** Chain stages into one stage (the output of each feeds the next). */
export function compose(...stages: Stage[]): Stage {
  checkStages(stages)
  const assigns = stages.flatMap((s) => s.assigns)
  const provided = new Set(assigns)
  const requires = [...new Set(stages.flatMap((s) => s.requires))].filter((k) => !provided.has(k))
  const fn = (docs: AsyncIterable<Doc>, ctx: RunContext): AsyncIterable<Doc> =>
    stages.reduce<AsyncIterable<Doc>>((stream, stage) => stage(stream, ctx), docs)
  return rawStage(stages.map((s) => s.stageName).join('+'), fn, { requires, assigns })
}

/**
 * Check a stage list: unique names, each `requires` key assigned by an earlier stage, no key
 * assigned twice. `available` lists keys the source already provides.
 */
export function checkStages(stages: readonly Stage[], available: readonly (keyof Annotations)[] = []): void {
  const names = new Set<string>()
  const assigned = new Set<keyof Annotations>(available)
  for (const stage of stages) {
    if (names.has(stage.stageName)) throw new CorpusError('E_CONFIG', `stage name "${stage.stageName}" is used twice`)
    names.add(stage.stageName)
    for (const key of stage.requires) {
      if (!assigned.has(key)) {
        throw new CorpusError('E_CONFIG', `stage "${stage.stageName}" requires "${String(key)}", which no earlier stage assigns`)
      }
    }
    for (const key of stage.assigns) {
      if (assigned.has(key)) throw new CorpusError('E_CONFIG', `annotation "${String(key)}" is assigned twice (again by "${stage.stageName}")`)
      assigned.add(key)
    }
  }
}
