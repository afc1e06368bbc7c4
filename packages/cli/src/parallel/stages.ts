import type { Stage } from '@corpus/core'
import { resolvePipeline, type NewsBatchOptions } from '@corpus/pipelines'
import { planStages, type StagePlan } from './batch.js'

/** What a worker needs to build the stages itself: plain JSON, sent once as `workerData`. */
export interface StageSetup {
  readonly pipelineName: string
  readonly pipelineOptions: NewsBatchOptions
  /**
   * Build report aggregates in the workers (the worker then runs every stage, see `BatchOptions`):
   * one per batch, or with `accumulate` one running aggregate per worker. A worker hands its running
   * aggregate to the calling thread (which folds it into the run's one aggregate, see
   * `BatchExecutor.finish()`) every `flushOutcomes` outcomes, so what a worker holds is bounded by
   * that number, not by the size of the run, and the vocabulary is not kept once per worker.
   */
  readonly aggregate?: { readonly nearDuplicateThreshold: number; readonly accumulate?: boolean; readonly flushOutcomes?: number }
  /** Serialise documents in the workers (needs `aggregate`, so that every stage runs there). */
  readonly serialize?: boolean
}

/** The batch options a worker derives from its setup. */
export function batchSerializeOptions(setup: StageSetup): { holes: string[]; keep: string[] } | undefined {
  if (!setup.serialize || !setup.aggregate) return undefined
  const ordered = stagePlan(setup).ordered
  return { holes: ordered.flatMap((s) => s.assigns as string[]), keep: ordered.flatMap((s) => s.requires as string[]) }
}

/** All stages of a named pipeline (the reader is built but never read). */
export function pipelineStages(setup: StageSetup): readonly Stage[] {
  // The reader of a named pipeline is built from the paths; "-" builds it without touching a file.
  return resolvePipeline(setup.pipelineName, ['-'], setup.pipelineOptions).stages
}

/** The stage plan of a named pipeline. */
export function stagePlan(setup: StageSetup): StagePlan {
  return planStages(pipelineStages(setup))
}

/**
 * The stages a worker runs on each batch: the per-document ones, or every stage (cross-document
 * ones batch-locally) when the worker also builds the batch's report aggregate.
 */
export function perDocumentStages(setup: StageSetup): readonly Stage[] {
  return setup.aggregate ? pipelineStages(setup) : stagePlan(setup).perDocument
}
