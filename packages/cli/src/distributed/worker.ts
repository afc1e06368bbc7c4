import { hostname } from 'node:os'
import { isCorpusError } from '@corpus/core'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { createExecutor, type BatchExecutor } from '../parallel/pool.js'
import type { StageSetup } from '../parallel/stages.js'
import { createConnection, describeRedisError, type QueueTarget } from './connection.js'
import { mergeRun } from './merge.js'
import { JOB_MERGE, JOB_SHARD, MAX_STALLED_COUNT, type MergeJobData, type MergeResult, type ShardJobData, type ShardResult } from './protocol.js'
import { processShard } from './shard.js'

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  readonly target: QueueTarget
  /** Jobs processed at once by this process. @default 1 */
  readonly concurrency?: number
  /** Worker threads for the per-document stages, shared by the jobs of this process (0: inline). */
  readonly threads: number
  /** Job lock duration (see `DEFAULT_LOCK_MS`). */
  readonly lockMs: number
  /** One line per event (job started, done, failed, connection trouble). */
  readonly log: (line: string) => void
}

/** A running worker. */
export interface CorpusWorker {
  /** Stop taking jobs, let active ones finish (or abandon them with `force`), release everything. */
  close(force?: boolean): Promise<void>
}

type AnyJob = Job<ShardJobData | MergeJobData, ShardResult | MergeResult>

const label = (job: AnyJob): string => {
  const data = job.data as Partial<ShardJobData>
  return job.name === JOB_SHARD ? `run ${data.runId} shard ${(data.index ?? 0) + 1}/${data.shards ?? '?'}` : `run ${data.runId} ${job.name}`
}

/**
 * Start a BullMQ worker for corpus runs on `target`: it processes shard jobs (the pipeline over a
 * slice of the inputs, per-document stages in a pool of worker threads built once per pipeline
 * setup) and merge jobs. Locks are short (see `DEFAULT_LOCK_MS`) so the shard of a killed worker
 * is taken up again within seconds.
 */
export function startWorker(options: StartWorkerOptions): CorpusWorker {
  const { target, log } = options
  const executors = new Map<string, BatchExecutor>()
  const executorFor = (setup: StageSetup): BatchExecutor => {
    const key = JSON.stringify(setup)
    let executor = executors.get(key)
    if (!executor) {
      executor = createExecutor(setup, options.threads)
      executors.set(key, executor)
    }
    return executor
  }

  let lastError = ''
  let lastErrorAt = 0
  const onConnectionError = (error: unknown): void => {
    const line = describeRedisError(error)
    const now = Date.now()
    // Reconnection attempts repeat the same error: say it once every 10 s.
    if (line === lastError && now - lastErrorAt < 10_000) return
    lastError = line
    lastErrorAt = now
    log(`Redis at ${target.display}: ${line}`)
  }
  const connection = createConnection(target, 'worker', onConnectionError)

  const processor = async (job: AnyJob): Promise<ShardResult | MergeResult> => {
    const started = Date.now()
    log(`${label(job)} started (attempt ${job.attemptsMade + 1})`)
    try {
      if (job.name === JOB_SHARD) {
        const data = job.data as ShardJobData
        const result = await processShard(data, executorFor(data.setup))
        const took = ((Date.now() - started) / 1000).toFixed(1)
        log(`${label(job)} done: ${result.documents} documents, ${result.quarantined} quarantined${result.reused ? ' (already committed)' : ''}, ${took} s`)
        return result
      }
      if (job.name === JOB_MERGE) {
        const result = await mergeRun(job.data as MergeJobData, await job.getIgnoredChildrenFailures())
        log(`${label(job)} done: ${result.shards - result.failed.length} of ${result.shards} shards merged`)
        return result
      }
    } catch (error) {
      // A bad configuration fails the same way on every attempt: no retry.
      if (isCorpusError(error) && error.code === 'E_CONFIG') throw new UnrecoverableError(error.message)
      throw error
    }
    throw new UnrecoverableError(`unknown job "${job.name}" (a newer submitter?)`)
  }

  const worker = new Worker<ShardJobData | MergeJobData, ShardResult | MergeResult>(target.queueName, processor, {
    connection,
    prefix: target.prefix,
    skipVersionCheck: true,
    name: `${hostname()}:${process.pid}`,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(1000, Math.round(options.lockMs / 2)),
    maxStalledCount: MAX_STALLED_COUNT,
  })
  worker.on('failed', (job, error) => {
    if (!job) return
    const attempts = job.opts.attempts ?? 1
    const final = job.attemptsMade >= attempts || error instanceof UnrecoverableError
    log(`${label(job as AnyJob)} failed (attempt ${job.attemptsMade} of ${attempts}${final ? ', final' : ', will retry'}): ${error.message.split('\n')[0]}`)
  })
  worker.on('stalled', (jobId) => log(`job ${jobId} stalled (its worker stopped); it goes back to the queue`))
  worker.on('error', onConnectionError)

  let closing: Promise<void> | undefined
  return {
    close(force = false) {
      if (force) return worker.close(true).then(() => closeRest())
      closing ??= worker.close().then(() => closeRest())
      return closing
    },
  }

  async function closeRest(): Promise<void> {
    await Promise.allSettled([...executors.values()].map((executor) => executor.close()))
    executors.clear()
    connection.disconnect()
  }
}
