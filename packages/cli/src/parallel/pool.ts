import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { CorpusError, type Doc, type Stage } from '@corpus/core'
import { createAggregate, mergeAggregateInto, type ReportAggregate } from '@corpus/report'
import { Piscina } from 'piscina'
import { fromReply, processBatch, type BatchOptions, type BatchResult, type WorkerFailure, type WorkerReply } from './batch.js'
import { batchSerializeOptions, perDocumentStages, type StageSetup } from './stages.js'

/** Runs the per-document stages on batches: in worker threads, or inline when `workers` is 0. */
export interface BatchExecutor {
  /** Worker threads (0: the calling thread runs the stages). */
  readonly workers: number
  run(docs: Doc[]): Promise<BatchResult>
  /**
   * The report aggregate accumulated over every batch (setup `aggregate.accumulate`): one
   * aggregate, or none when no batch ran; call once every batch has returned.
   */
  finish(): Promise<ReportAggregate[]>
  close(): Promise<void>
}

/** The default `--workers`: one per core the process may use. */
export function defaultWorkers(): number {
  return availableParallelism()
}

/**
 * The worker module. The CLI runs from `dist/`, where it sits beside this file; code loaded from
 * `src/` (vitest) uses the built copy, so a test that starts threads needs `pnpm build` first.
 */
export function workerModulePath(): string {
  const url = import.meta.url.endsWith('.ts') ? new URL('../../dist/parallel/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url)
  const path = fileURLToPath(url)
  if (!existsSync(path)) throw new CorpusError('E_CONFIG', `worker module ${path} is missing: run "pnpm build" first`)
  return path
}

function unwrap(result: WorkerReply | WorkerFailure): BatchResult {
  if ('fatal' in result) throw new CorpusError(result.fatal.code, result.fatal.message)
  return fromReply(result)
}

/** An executor that runs the given per-document stages in the calling thread. */
export function inlineExecutor(
  stages: readonly Stage[] | (() => readonly Stage[]),
  options: BatchOptions & { readonly accumulate?: boolean } = {},
): BatchExecutor {
  const get = typeof stages === 'function' ? stages : () => stages
  let accumulated: ReportAggregate | undefined
  return {
    workers: 0,
    run: async (docs) => {
      if (!options.accumulate || !options.aggregate) return processBatch(get(), docs, options)
      accumulated ??= createAggregate(options.aggregate)
      return processBatch(get(), docs, { accumulateInto: accumulated, ...(options.serialize ? { serialize: options.serialize } : {}) })
    },
    finish: async () => {
      const out = accumulated ? [accumulated] : []
      accumulated = undefined
      return out
    },
    close: async () => undefined,
  }
}

/** Options of {@link createExecutor}. */
export interface ExecutorOptions {
  /**
   * Old-generation heap limit of each worker thread, MB. V8 otherwise lets a worker's heap grow to
   * several times what is live (garbage of the entity stage) before it collects; with a limit it
   * collects earlier, so a run's memory does not depend on the machine's RAM. A worker that really
   * needs more fails the run (E_PIPELINE) instead of swapping. @default no limit (V8's default)
   */
  readonly workerHeapMb?: number
}

/**
 * Create the executor for a run: `workers` threads (piscina) that each build the pipeline's stages
 * once, or the calling thread when `workers` is 0.
 *
 * @example
 * const executor = createExecutor({ pipelineName: 'news-batch', pipelineOptions: {} }, 2)
 */
export function createExecutor(setup: StageSetup, workers: number, options: ExecutorOptions = {}): BatchExecutor {
  if (!Number.isInteger(workers) || workers < 0) throw new CorpusError('E_CONFIG', `workers must be an integer >= 0, got ${workers}`)
  const heapMb = options.workerHeapMb
  if (heapMb !== undefined && !(Number.isInteger(heapMb) && heapMb >= 64)) throw new CorpusError('E_CONFIG', `workerHeapMb must be an integer >= 64, got ${heapMb}`)
  if (workers === 0) {
    let stages: readonly Stage[] | undefined
    const aggregate = setup.aggregate
    const serialize = batchSerializeOptions(setup)
    return inlineExecutor(() => (stages ??= perDocumentStages(setup)), {
      ...(aggregate ? { aggregate: { nearDuplicateThreshold: aggregate.nearDuplicateThreshold }, accumulate: aggregate.accumulate ?? false } : {}),
      ...(serialize ? { serialize } : {}),
    })
  }
  // One single-thread pool per worker, so each worker's running aggregate can be asked for; a
  // batch goes to the worker with the fewest batches in flight.
  const filename = workerModulePath()
  // The run's one aggregate: workers hand theirs over every `flushOutcomes` outcomes and at the end.
  let total: ReportAggregate | undefined
  const fold = (json: string | null | undefined): void => {
    if (!json || !setup.aggregate) return
    total ??= createAggregate({ nearDuplicateThreshold: setup.aggregate.nearDuplicateThreshold })
    mergeAggregateInto(total, JSON.parse(json) as ReportAggregate)
  }
  const pools = Array.from({ length: workers }, () => ({
    pool: new Piscina({
      filename,
      workerData: setup,
      minThreads: 1,
      maxThreads: 1,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: 1,
      ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}),
    }),
    inFlight: 0,
    used: false,
  }))
  return {
    workers,
    run: async (docs) => {
      const target = pools.reduce((best, p) => (p.inFlight < best.inFlight ? p : best))
      target.inFlight += 1
      target.used = true
      try {
        const reply = (await target.pool.run({ docs })) as WorkerReply | WorkerFailure
        if (!('fatal' in reply)) fold(reply.flushedAggregateJson)
        return unwrap(reply)
      } finally {
        target.inFlight -= 1
      }
    },
    finish: async () => {
      for (const p of pools) {
        if (!p.used) continue
        const { aggregateJson } = (await p.pool.run({ finish: true })) as { aggregateJson: string | null }
        fold(aggregateJson)
      }
      const out = total ? [total] : []
      total = undefined
      return out
    },
    close: async () => {
      await Promise.all(pools.map((p) => p.pool.destroy()))
    },
  }
}
