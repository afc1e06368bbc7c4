import { randomBytes } from 'node:crypto'
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CorpusError, type RunStats } from '@corpus/core'
import { buildReport, createAggregate, diffReports, renderMarkdown, stringifyJsonPieces, type Report, type ReportContent } from '@corpus/report'
import { FlowProducer, Job, Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { numberFlag } from '../args.js'
import { parseRunArgs, readPreviousReport, runFlags, runHelp, type RunOptions } from '../commands/run.js'
import { ensureOutputDir, writeFileAtomic, writeFileAtomicPieces } from '../output.js'
import { stagePlan } from '../parallel/stages.js'
import { toolVersion } from '../version.js'
import { createProgress } from '../progress.js'
import { checkRedis, createConnection, describeRedisError, evictionWarning, parseQueueTarget, type QueueTarget } from './connection.js'
import { assembleOutputs, readReportContent, shardOutcomeFromFiles } from './merge.js'
import { planShards, type PlannedShard } from './plan.js'
import {
  JOB_MERGE,
  JOB_SHARD,
  mergeJobId,
  runPaths,
  shardJobId,
  type FailedShard,
  type MergeJobData,
  type MergeResult,
  type RunManifest,
  type ShardJobData,
} from './protocol.js'

const distributedHelp = `Distributed runs (BullMQ on Redis):
  --queue <url>                  redis://HOST:PORT: split the input into shards and process them on
                                 the workers of that queue ("corpus worker --queue <url>"); the
                                 outputs are the same as a local run's. Inputs and --work-dir must
                                 be on a path shared by this machine and every worker.
  --queue-name <name>            queue to use (default: corpus); workers must use the same
  --work-dir <dir>               shared folder for shard outputs (default: <out>/.corpus-work)
  --shard-bytes <n>              a shard ends once its files hold this many bytes (default 4000000)
  --shard-files <n>              ... or this many files (default 2000)
  --attempts <n>                 attempts per shard before it ends in the failed set (default 3)
  --backoff-ms <n>               first retry delay, doubled on each retry (default 2000)
  --keep-work                    keep the run's folder in the work directory after the run`

/** Flags `corpus run` takes only together with `--queue`. */
const queueFlags = {
  'queue-name': { type: 'string' },
  'work-dir': { type: 'string' },
  'shard-bytes': { type: 'string' },
  'shard-files': { type: 'string' },
  attempts: { type: 'string' },
  'backoff-ms': { type: 'string' },
  'keep-work': { type: 'boolean', default: false },
} as const

/** Options of a distributed run, besides those of a local run. */
export interface QueueRunOptions {
  readonly target: QueueTarget
  /** Shared folder for shard outputs; the run gets its own folder inside. */
  readonly workDir: string
  readonly shardBytes: number
  readonly shardFiles: number
  readonly attempts: number
  readonly backoffMs: number
  readonly keepWork: boolean
}

const POLL_MS = 250
const NO_WORKER_HINT_MS = 5000

/**
 * Split `corpus run` argv into the local run's options and the queue options: flags of
 * {@link queueFlags} are taken out and the rest goes through the local run's own parser, so both
 * kinds of run read their shared flags the same way.
 */
function parseDistributedArgs(argv: string[]): { run: RunOptions; queue: QueueRunOptions } | 'help' {
  const options = { ...runFlags, ...queueFlags }
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true; strict: true; tokens: true }>>
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true })
  } catch (error) {
    throw new CorpusError('E_CONFIG', (error as Error).message, { cause: error })
  }
  const { values, tokens } = parsed
  if (values.help) return 'help'
  const drop = new Set<number>()
  for (const token of tokens) {
    if (token.kind !== 'option' || !(token.name in queueFlags)) continue
    drop.add(token.index)
    if (token.value !== undefined && !token.inlineValue) drop.add(token.index + 1)
  }
  const run = parseRunArgs(argv.filter((_, i) => !drop.has(i)))
  if (run === 'help') return 'help'
  if (run.state) throw new CorpusError('E_CONFIG', 'corpus run: --state cannot be combined with --queue')
  const target = parseQueueTarget(values.queue ?? '', values['queue-name'])
  return {
    run,
    queue: {
      target,
      workDir: resolve(values['work-dir'] ?? join(run.out, '.corpus-work')),
      shardBytes: numberFlag('shard-bytes', values['shard-bytes'], { min: 1, integer: true }) ?? 4_000_000,
      shardFiles: numberFlag('shard-files', values['shard-files'], { min: 1, integer: true }) ?? 2000,
      attempts: numberFlag('attempts', values.attempts, { min: 1, max: 100, integer: true }) ?? 3,
      backoffMs: numberFlag('backoff-ms', values['backoff-ms'], { min: 0, integer: true }) ?? 2000,
      keepWork: values['keep-work'],
    },
  }
}

/** The stage setup sent to workers: paths inside the options made absolute (workers run elsewhere). */
function workerSetup(run: RunOptions): ShardJobData['setup'] {
  const options = run.pipelineOptions
  const kb = options.entities?.knowledgeBase
  return {
    pipelineName: run.pipelineName,
    pipelineOptions: typeof kb === 'string' ? { ...options, entities: { ...options.entities, knowledgeBase: resolve(kb) } } : options,
  }
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/**
 * `corpus run <paths...> --out <dir> --queue redis://HOST:PORT`: the submitter of a distributed
 * run. Lists the inputs and splits them into shards of whole files, writes the run's manifest and
 * a probe file into the shared work directory, and queues a BullMQ flow: one job per shard, as
 * children of a merge job. Waits for the merge job, then writes documents.jsonl and
 * quarantine.jsonl from the shards in shard order and report.json / report.md from the merged
 * aggregate: the same content as a local run. Shards that failed for good are reported (stderr,
 * quarantine rows `distributed/shard-failed`, the report) and make the exit status 1.
 */
export async function runDistributed(argv: string[]): Promise<number> {
  const parsed = parseDistributedArgs(argv)
  if (parsed === 'help') {
    process.stdout.write(`${runHelp}\n\n${distributedHelp}\n`)
    return 0
  }
  const { run, queue: options } = parsed
  const { target } = options
  if (run.since) await readPreviousReport(run.since)
  const startedMs = Date.now()
  const progress = createProgress({ quiet: run.quiet })
  const plan = stagePlan(workerSetup(run))
  await ensureOutputDir(run.out)

  const info = await checkRedis(target)
  const warning = evictionWarning(target, info)
  if (warning) process.stderr.write(`corpus run: ${warning}\n`)

  const shards = await planShards(run.paths, {
    shardBytes: options.shardBytes,
    shardFiles: options.shardFiles,
    ...(run.pipelineOptions.read?.include ? { include: run.pipelineOptions.read.include } : {}),
    ...(run.pipelineOptions.read?.exclude ? { exclude: run.pipelineOptions.read.exclude } : {}),
  })

  const runId = `${new Date(startedMs).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(4).toString('hex')}`
  const runDir = join(options.workDir, runId)
  const paths = runPaths(runDir)
  const token = randomBytes(16).toString('hex')
  try {
    await mkdir(paths.shards, { recursive: true })
    await writeFile(paths.probe, `${JSON.stringify({ runId, token, host: hostname(), pid: process.pid })}\n`)
  } catch (error) {
    throw new CorpusError('E_OUTPUT', `work directory ${options.workDir} is not writable: ${(error as Error).message}`, { cause: error })
  }
  const manifest: RunManifest = { version: 1, runId, shards: shards.map((s) => ({ index: s.index, bytes: s.bytes, inputs: s.inputs })) }
  await writeFileAtomic(paths.manifest, `${JSON.stringify(manifest)}\n`)

  let connectionError: unknown
  const connection = createConnection(target, 'submitter', (error) => {
    connectionError = error
  })
  const flows = new FlowProducer({ connection, prefix: target.prefix, skipVersionCheck: true })
  const queue = new Queue(target.queueName, { connection, prefix: target.prefix, skipVersionCheck: true })
  // Connection errors surface as the failing command's error (one line); these are the same.
  const remember = (error: unknown): void => {
    connectionError = error
  }
  flows.on('error', remember)
  queue.on('error', remember)
  const lost = (error: unknown): CorpusError =>
    error instanceof CorpusError ? error : new CorpusError('E_QUEUE', `Redis at ${target.display}: ${describeRedisError(connectionError ?? error)}`, { cause: error })
  // One signal (Ctrl-C, SIGTERM) or the first failure stops both waits below.
  const stop = new AbortController()
  let firstError: unknown
  const abort = (error: unknown): void => {
    firstError ??= error
    stop.abort()
  }
  const fail = (error: unknown): never => {
    abort(error)
    throw error
  }
  const onSignal = (): void => abort(new CorpusError('E_ABORT', "interrupted; the run's waiting jobs were removed from the queue"))
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const parentId = mergeJobId(runId)
  const shardIds = shards.map((shard) => shardJobId(runId, shard.index))
  const threshold = run.pipelineOptions.dedup?.threshold ?? 0.8
  let merged: MergeResult
  let assembled: Awaited<ReturnType<typeof assembleOutputs>>
  try {
    await queueFlow(flows, target, { runId, runDir, token, threshold, parentId, setup: workerSetup(run), shards, run, options }).catch((error: unknown) => fail(lost(error)))
    if (!run.quiet) {
      const inputs = shards.reduce((n, s) => n + s.inputs.length, 0)
      const bytes = shards.reduce((n, s) => n + s.bytes, 0)
      process.stderr.write(
        `corpus run: queued ${shards.length} shard${shards.length === 1 ? '' : 's'} (${inputs} inputs, ${bytes} bytes) on queue "${target.queueName}" at ${target.display}; run ${runId}, work dir ${runDir}\n`,
      )
    }
    // Outputs are written shard by shard while later shards still run; the merge job's aggregate
    // (the report) comes last.
    const failedReason = async (index: number): Promise<string | undefined> => {
      try {
        const id = shardJobId(runId, index)
        const state = await queue.getJobState(id)
        if (state === 'unknown') return 'the shard job disappeared from the queue (removed, or evicted by Redis: check maxmemory-policy)'
        if (state !== 'failed') return undefined
        return (await Job.fromId(queue, id))?.failedReason ?? 'no reason given'
      } catch (error) {
        throw lost(error)
      }
    }
    const settled = await Promise.allSettled([
      assembleOutputs({
        runDir,
        out: run.out,
        plan,
        outcome: shardOutcomeFromFiles(runDir, failedReason, { signal: stop.signal }),
        attempts: options.attempts,
        maxQuarantineRatio: run.maxQuarantineRatio,
        onProgress: (counts) => progress.update(counts),
      }).catch(fail),
      waitForMerge(queue, parentId, shards.length, run.quiet, stop.signal).catch((error: unknown) => fail(lost(error))),
    ])
    if (firstError !== undefined) throw firstError
    assembled = (settled[0] as PromiseFulfilledResult<typeof assembled>).value
    merged = (settled[1] as PromiseFulfilledResult<MergeResult>).value
  } catch (error) {
    if (stop.signal.aborted && connection.status === 'ready') await removeFlow(queue, parentId, shardIds)
    await closeAll(flows, queue, connection)
    throw error
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  await removeFlow(queue, parentId, shardIds)
  await closeAll(flows, queue, connection)
  const failedHere = assembled.failed.map((f) => f.index).join(',')
  const failedThere = merged.failed.map((f) => f.index).join(',')
  if (failedHere !== failedThere) {
    throw new CorpusError('E_INVARIANT', `the merge job and the submitter disagree on the failed shards (${failedThere || 'none'} vs ${failedHere || 'none'})`)
  }

  const { stats } = assembled
  await writeReportFiles(run, await readReportContent(runDir), stats, startedMs)
  if (!options.keepWork) await removeRunDir(runDir, options.workDir)
  progress.done(`${stats.read} read, ${stats.written} written, ${stats.quarantined} quarantined, ${merged.shards} shards on queue "${target.queueName}" -> ${run.out}`)
  if (merged.failed.length > 0) {
    const first = merged.failed[0] as FailedShard
    const inputs = merged.failed.reduce((n, f) => n + f.inputs, 0)
    process.stderr.write(
      `corpus run: E_QUEUE: ${merged.failed.length} of ${merged.shards} shards failed after ${options.attempts} attempts` +
        ` (shard ${first.index + 1}: ${first.reason}); outputs written, their ${inputs} inputs are quarantined as distributed/shard-failed\n`,
    )
    return 1
  }
  return 0
}

/**
 * Write report.json and report.md as a local run does (`writeReports`), from the report content
 * the merge job built: the run header is this run's, validated by `buildReport`.
 */
async function writeReportFiles(run: RunOptions, content: ReportContent, stats: RunStats, startedMs: number): Promise<void> {
  const previous = run.since ? await readPreviousReport(run.since) : undefined
  const header = buildReport(createAggregate({ nearDuplicateThreshold: run.pipelineOptions.dedup?.threshold ?? 0.8 }), {
    tool: { name: '@corpus/cli', version: toolVersion() },
    pipeline: run.pipelineName,
    inputs: [...run.paths],
    options: run.pipelineOptions as Record<string, unknown>,
    stats: { ...stats },
    durationMs: Date.now() - startedMs,
  })
  const report: Report = { ...header, content }
  const delta = previous ? diffReports(previous, report) : undefined
  await writeFileAtomicPieces(join(run.out, 'report.json'), stringifyJsonPieces(report))
  await writeFileAtomic(join(run.out, 'report.md'), renderMarkdown(report, delta ? { delta } : {}))
}

/** Queue the run's flow: the merge job with one child job per shard. */
async function queueFlow(
  flows: FlowProducer,
  target: QueueTarget,
  plan: {
    runId: string
    runDir: string
    token: string
    threshold: number
    parentId: string
    setup: ShardJobData['setup']
    shards: readonly PlannedShard[]
    run: RunOptions
    options: QueueRunOptions
  },
): Promise<void> {
  const { runId, runDir, token, threshold, shards, options } = plan
  const jobOptions = { attempts: options.attempts, backoff: { type: 'exponential', delay: options.backoffMs } }
  const knowledgeBase = plan.run.pipelineOptions.entities?.knowledgeBase
  const mergeData: MergeJobData = { runId, runDir, token, shards: shards.length, nearDuplicateThreshold: threshold, attempts: options.attempts, ...(typeof knowledgeBase === 'string' ? { knowledgeBase } : {}) }
  await flows.add({
    name: JOB_MERGE,
    queueName: target.queueName,
    data: mergeData,
    opts: { ...jobOptions, jobId: plan.parentId },
    children: shards.map((shard) => {
      const data: ShardJobData = {
        runId,
        runDir,
        token,
        index: shard.index,
        shards: shards.length,
        inputs: shard.inputs,
        setup: plan.setup,
        nearDuplicateThreshold: threshold,
        batchDocs: plan.run.batchDocs,
      }
      // A shard that fails for good moves to the parent's failed dependencies; the merge runs anyway.
      return { name: JOB_SHARD, queueName: target.queueName, data, opts: { ...jobOptions, jobId: shardJobId(runId, shard.index), ignoreDependencyOnFailure: true } }
    }),
  })
}

/**
 * Remove a run's jobs from Redis. A shard job a worker holds (locked) cannot be removed: the
 * others are, then the merge job, so nothing of the run is left waiting; the held shard ends on
 * its own.
 */
async function removeFlow(queue: Queue, parentId: string, shardIds: readonly string[]): Promise<void> {
  try {
    if ((await queue.remove(parentId, { removeChildren: true })) === 1) return
    for (const id of shardIds) await queue.remove(id)
    await queue.remove(parentId)
  } catch (error) {
    process.stderr.write(`corpus run: could not remove the run's jobs from the queue: ${describeRedisError(error)}\n`)
  }
}

/** Remove a run's folder, and the work directory itself when nothing else is in it. */
async function removeRunDir(runDir: string, workDir: string): Promise<void> {
  await rm(runDir, { recursive: true, force: true })
  try {
    await rmdir(workDir)
  } catch (error) {
    // Another run's folder is still there (or it is already gone): keep the work directory.
    if (!['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error
  }
}

async function closeAll(flows: FlowProducer, queue: Queue, connection: Redis): Promise<void> {
  await Promise.allSettled([flows.close(), queue.close()])
  connection.disconnect()
}

/** Poll the merge job until it completes (its result) or fails (an `E_QUEUE` error), with progress lines. */
async function waitForMerge(queue: Queue, parentId: string, shards: number, quiet: boolean, signal: AbortSignal): Promise<MergeResult> {
  const started = Date.now()
  let lastLine = ''
  let lastLineAt = 0
  let hinted = false
  for (;;) {
    if (signal.aborted) throw new CorpusError('E_ABORT', 'run aborted')
    // The state first, then the job: a job read before it ends would lack its result.
    const state = await queue.getJobState(parentId)
    const job = state === 'unknown' ? undefined : await Job.fromId<MergeJobData, MergeResult>(queue, parentId)
    if (!job) throw new CorpusError('E_QUEUE', `the merge job ${parentId} disappeared from the queue (removed, or Redis evicted it: check maxmemory-policy)`)
    if (state === 'completed') return job.returnvalue
    if (state === 'failed') throw new CorpusError('E_QUEUE', `the merge job failed after ${job.attemptsMade} attempts: ${(job.failedReason ?? 'no reason').split('\n')[0]}`)
    if (!quiet) {
      const counts = await job.getDependenciesCount()
      const done = counts.processed ?? 0
      const failed = counts.ignored ?? 0
      const line = state === 'waiting-children' ? `corpus run: shards ${done}/${shards} done${failed ? `, ${failed} failed` : ''}` : `corpus run: shards ${done}/${shards} done${failed ? `, ${failed} failed` : ''}; merging`
      const now = Date.now()
      if (line !== lastLine || now - lastLineAt > 10_000) {
        process.stderr.write(`${line}\n`)
        lastLine = line
        lastLineAt = now
      }
      if (!hinted && now - started > NO_WORKER_HINT_MS && done + failed === 0) {
        hinted = true
        const workers = await queue.getWorkersCount().catch(() => -1)
        if (workers === 0) process.stderr.write(`corpus run: no worker is connected to queue "${queue.name}" yet; start one with: corpus worker --queue <url>${queue.name === 'corpus' ? '' : ` --queue-name ${queue.name}`}\n`)
      }
    }
    await sleep(POLL_MS)
  }
}

