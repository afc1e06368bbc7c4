import { workerData } from 'node:worker_threads'
import type { Doc, Stage } from '@corpus/core'
import { createAggregate, type ReportAggregate } from '@corpus/report'
import { guardBatch, processBatch, toReply, type BatchResult, type WorkerFailure, type WorkerReply } from './batch.js'
import { batchSerializeOptions, perDocumentStages, type StageSetup } from './stages.js'

// Per worker thread: the stages (built once, on the first batch) and the running aggregate.
let stages: readonly Stage[] | undefined
let accumulated: ReportAggregate | undefined
let accumulatedOutcomes = 0
let serialize: ReturnType<typeof batchSerializeOptions> | null = null

/** A batch to process, or the request for this worker's running aggregate (which is then reset). */
export type WorkerTask = { readonly docs: Doc[] } | { readonly finish: true }

/**
 * Piscina task: run the stages of the configured pipeline on one batch, or hand over the report
 * aggregate accumulated over this worker's batches.
 */
export default async function runTask(task: WorkerTask): Promise<WorkerReply | WorkerFailure | { aggregateJson: string | null }> {
  const setup = workerData as StageSetup
  if ('finish' in task) {
    const aggregate = accumulated ?? null
    accumulated = undefined
    accumulatedOutcomes = 0
    return { aggregateJson: aggregate ? JSON.stringify(aggregate) : null }
  }
  const result = await guardBatch(async (): Promise<BatchResult> => {
    stages ??= perDocumentStages(setup)
    if (serialize === null) serialize = batchSerializeOptions(setup)
    const extra = serialize ? { serialize } : {}
    if (setup.aggregate?.accumulate) {
      accumulated ??= createAggregate(setup.aggregate)
      return processBatch(stages, task.docs, { accumulateInto: accumulated, ...extra })
    }
    return processBatch(stages, task.docs, { ...(setup.aggregate ? { aggregate: setup.aggregate } : {}), ...extra })
  })
  const reply = toReply(result)
  const flushAt = setup.aggregate?.flushOutcomes
  if ('fatal' in reply || !accumulated || flushAt === undefined) return reply
  accumulatedOutcomes += task.docs.length
  if (accumulatedOutcomes < flushAt) return reply
  // Hand the running aggregate over (as JSON text: see WorkerReply) and start a new one.
  const flushedAggregateJson = JSON.stringify(accumulated)
  accumulated = undefined
  accumulatedOutcomes = 0
  return { ...reply, flushedAggregateJson }
}
