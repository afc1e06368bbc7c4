import { workerData } from 'node:worker_threads'
import type { Doc, Stage } from '@corpus/core'
import { guardBatch, processBatch, type BatchResult, type WorkerFailure } from './batch.js'
import { perDocumentStages, type StageSetup } from './stages.js'

let stages: readonly Stage[] | undefined

/**
 * Piscina task: run the per-document stages of the configured pipeline on one batch. The stages
 * (and their models) are built once per worker thread, on the first batch.
 */
export default async function runBatch(task: { docs: Doc[] }): Promise<BatchResult | WorkerFailure> {
  return guardBatch(async (): Promise<BatchResult> => {
    const setup = workerData as StageSetup
    stages ??= perDocumentStages(setup)
    return processBatch(stages, task.docs, setup.aggregate ? { aggregate: setup.aggregate } : {})
  })
}
