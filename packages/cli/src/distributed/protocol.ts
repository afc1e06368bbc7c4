import { join } from 'node:path'
import type { StageSetup } from '../parallel/stages.js'

/**
 * What the submitter and the workers of a distributed run agree on: job names and data, the work
 * directory layout, and the lock settings. Everything in job data is plain JSON.
 */

/** One input of a shard, in input order. */
export type ShardInput =
  | {
      readonly kind: 'file'
      /** Absolute path the workers read (the same path must exist on every worker). */
      readonly path: string
      /** The path as a local run reads it (relative paths stay relative): used in messages. */
      readonly local: string
      /** `source.uri` of its documents, exactly as in a local run. */
      readonly uri: string
      readonly bytes: number
    }
  | {
      /** A folder entry the submitter could not list or follow (quarantined as `ingest/unreadable`). */
      readonly kind: 'unreadable'
      readonly uri: string
      readonly reason: string
    }

/** Data of a `shard` job: one contiguous slice of the run's inputs. */
export interface ShardJobData {
  readonly runId: string
  /** The run's folder in the shared work directory. */
  readonly runDir: string
  /** Written by the submitter into `probe.json`: a worker that reads it back sees the same folder. */
  readonly token: string
  readonly index: number
  readonly shards: number
  readonly inputs: readonly ShardInput[]
  readonly setup: StageSetup
  readonly nearDuplicateThreshold: number
  readonly batchDocs: number
}

/** Data of the `merge` job, the parent of every shard job of a run. */
export interface MergeJobData {
  readonly runId: string
  readonly runDir: string
  readonly token: string
  readonly shards: number
  readonly nearDuplicateThreshold: number
  /** The user's knowledge-base file (`--knowledge-base`), for the report's entity names. */
  readonly knowledgeBase?: string
  /** Attempts of each shard job, for messages. */
  readonly attempts: number
}

/** What a shard job returns. */
export interface ShardResult {
  readonly index: number
  readonly documents: number
  readonly quarantined: number
  /** The shard was already committed by an earlier attempt and was not processed again. */
  readonly reused: boolean
}

/** A shard that ended in the failed set after its last attempt. */
export interface FailedShard {
  readonly index: number
  readonly reason: string
  /** Inputs of the shard: each is quarantined as `distributed/shard-failed`. */
  readonly inputs: number
}

/** What the merge job returns; the report content itself is a file (`report-content.json`). */
export interface MergeResult {
  readonly shards: number
  readonly failed: readonly FailedShard[]
}

/** `manifest.json`: the shards of a run, written by the submitter before the jobs are queued. */
export interface RunManifest {
  readonly version: 1
  readonly runId: string
  readonly shards: readonly { readonly index: number; readonly bytes: number; readonly inputs: readonly ShardInput[] }[]
}

export const JOB_SHARD = 'shard'
export const JOB_MERGE = 'merge'

/** Stage name and rule of the quarantine entries standing for the inputs of a failed shard. */
export const FAILED_SHARD_STAGE = 'distributed'
export const FAILED_SHARD_RULE = 'shard-failed'

/**
 * Worker lock settings. A worker renews the lock of each active job every `lockMs / 2`; a worker
 * that dies (SIGKILL, lost machine) stops renewing, its lock expires after `lockMs`, and the next
 * stalled-job check (every `lockMs / 2`, by any live worker) puts the job back in the wait list:
 * a killed worker's shard is picked up again within about 1.5 x `lockMs`. A job found stalled more
 * than {@link MAX_STALLED_COUNT} times (a shard that kills every worker it lands on) fails.
 */
export const DEFAULT_LOCK_MS = 10_000
export const MAX_STALLED_COUNT = 2

/** BullMQ job id of a run's merge job and of its shard jobs (`:` is not allowed in custom ids). */
export const mergeJobId = (runId: string): string => `${runId}-merge`
export const shardJobId = (runId: string, index: number): string => `${runId}-${shardId(index)}`

/** Stable id of shard `index`; its output folder is named after it. */
export const shardId = (index: number): string => `s${String(index).padStart(6, '0')}`

/** Files of a run inside the shared work directory. */
export function runPaths(runDir: string) {
  return {
    probe: join(runDir, 'probe.json'),
    manifest: join(runDir, 'manifest.json'),
    shards: join(runDir, 'shards'),
    /** A committed shard (`ShardWriter` layout); appears by one rename. */
    shard: (index: number): string => join(runDir, 'shards', shardId(index)),
    /** The shard's run stats (stage counters), written before the shard folder is committed. */
    shardStats: (index: number): string => join(runDir, 'shards', `${shardId(index)}.stats.json`),
    /** The report content built from the merged aggregate (written by the merge job). */
    reportContent: join(runDir, 'report-content.json'),
  }
}
