import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Worker } from 'node:worker_threads'
import { CorpusError, type Annotations, type Doc, type QuarantineEntry, type RunContext, type RunStats, type Source } from '@corpus/core'
import { contentId } from '@corpus/ingest'
import type { ReportContent } from '@corpus/report'
import { AtomicLineWriter } from '../output.js'
import { runOrdered } from '../parallel/engine.js'
import { inlineExecutor } from '../parallel/pool.js'
import type { StagePlan } from '../parallel/batch.js'
import { SHARD_FILES } from '../state/shard-files.js'
import {
  FAILED_SHARD_RULE,
  FAILED_SHARD_STAGE,
  runPaths,
  shardJobId,
  type FailedShard,
  type MergeJobData,
  type MergeResult,
  type RunManifest,
  type ShardInput,
} from './protocol.js'
import type { MergeTask } from './merge-thread.js'
import { checkProbe, isShardCommitted } from './shard.js'

/** Read a run's manifest from the work directory. */
async function readManifest(runDir: string): Promise<RunManifest> {
  const path = runPaths(runDir).manifest
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunManifest
  } catch (error) {
    throw new CorpusError('E_INPUT', `cannot read the run manifest ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * The quarantine entries standing for the inputs of a failed shard: one per input (a JSONL file
 * counts as one), rule `distributed/shard-failed`, kind `failed`, with the shard's last error.
 * Nothing of these inputs is in documents.jsonl: they were not processed.
 */
function failedShardEntries(inputs: readonly ShardInput[], failure: FailedShard, shards: number, attempts: number): QuarantineEntry[] {
  const reason = `shard ${failure.index + 1} of ${shards} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${failure.reason}`
  return inputs.map((input) => ({
    docId: contentId(`input:${input.uri}#0`),
    source: { uri: input.uri, index: 0 },
    stage: FAILED_SHARD_STAGE,
    rule: FAILED_SHARD_RULE,
    reason,
    kind: 'failed',
  }))
}

/**
 * The parent job of a run: runs once every shard job has completed or failed for good. A shard is
 * done when its folder is committed (the file system is the record, whatever the job's fate);
 * the others are failed, with the job's last error. Merges the done shards' report aggregates (in
 * a worker thread), adds a `distributed/shard-failed` quarantine row per input of a failed shard,
 * and writes the report content built from it to `report-content.json` in the work directory.
 *
 * @param ignoredFailures the failed children (`job key -> reason`) BullMQ kept for the parent
 */
export async function mergeRun(data: MergeJobData, ignoredFailures: Readonly<Record<string, string>>): Promise<MergeResult> {
  await checkProbe(data)
  const paths = runPaths(data.runDir)
  const manifest = await readManifest(data.runDir)
  const reasons = Object.entries(ignoredFailures)
  const done: number[] = []
  const failed: FailedShard[] = []
  for (const shard of manifest.shards) {
    if (await isShardCommitted(paths.shard(shard.index))) {
      done.push(shard.index)
      continue
    }
    const id = shardJobId(data.runId, shard.index)
    const reason = reasons.find(([key]) => key === id || key.endsWith(`:${id}`))?.[1] ?? 'the shard job ended without committing its output'
    failed.push({ index: shard.index, reason: reason.split('\n')[0] ?? reason, inputs: shard.inputs.length })
  }
  const task: MergeTask = {
    shardDirs: done.map((index) => paths.shard(index)),
    nearDuplicateThreshold: data.nearDuplicateThreshold,
    failedEntries: failed.flatMap((failure) => failedShardEntries(manifest.shards[failure.index]?.inputs ?? [], failure, data.shards, data.attempts)),
    contentPath: paths.reportContent,
    ...(data.knowledgeBase !== undefined ? { knowledgeBase: data.knowledgeBase } : {}),
  }
  await runMergeThread(task)
  return { shards: manifest.shards.length, failed }
}

/** Read the report content the merge job wrote. */
export async function readReportContent(runDir: string): Promise<ReportContent> {
  const path = runPaths(runDir).reportContent
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ReportContent
  } catch (error) {
    throw new CorpusError('E_INPUT', `cannot read the report content ${path}: ${(error as Error).message}`, { cause: error })
  }
}

/** The merge thread's module: beside this one in dist/; code loaded from src/ (vitest) uses the built copy. */
function mergeThreadPath(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../dist/distributed/merge-thread.js', import.meta.url) : new URL('./merge-thread.js', import.meta.url)
}

/** Run the merge in a worker thread (see merge-thread.ts) and wait for it. */
function runMergeThread(task: MergeTask): Promise<void> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(mergeThreadPath(), { workerData: task })
    let done = false
    thread.once('message', () => {
      done = true
    })
    thread.once('error', (error) => reject(new CorpusError('E_PIPELINE', `merge: ${error.message.split('\n')[0]}`, { cause: error })))
    thread.once('exit', (code) => (done ? resolve() : reject(new CorpusError('E_PIPELINE', `merge thread exited with code ${code} before it finished`))))
  })
}

/** Lines of a file, pulled one at a time. */
function lineReader(path: string): { next(): Promise<string>; close(): void } {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity })
  const iterator = lines[Symbol.asyncIterator]()
  return {
    async next() {
      const step = await iterator.next()
      if (step.done) throw new CorpusError('E_INVARIANT', `${path} ended early: the shard is damaged`)
      return step.value
    },
    close: () => lines.close(),
  }
}

/**
 * The outcomes of a run's shards, in shard order and input order, as a source: documents are
 * yielded with the cross-document annotations removed (they are recomputed over the whole run by
 * the ordered stages), quarantine entries are passed on as they are, and the inputs of failed
 * shards become `distributed/shard-failed` entries at their place.
 */
function shardOutcomes(
  runDir: string,
  manifest: RunManifest,
  outcome: (index: number) => Promise<ShardOutcome>,
  attempts: number,
  orderedKeys: ReadonlySet<string>,
  lineOf: WeakMap<object, string>,
  failed: FailedShard[],
): Source {
  const paths = runPaths(runDir)
  return {
    sourceName: 'distributed',
    assigns: [],
    async *read(ctx: RunContext): AsyncIterable<Doc> {
      for (const shard of manifest.shards) {
        const state = await outcome(shard.index)
        if (state.kind === 'failed') {
          const failure: FailedShard = { index: shard.index, reason: state.reason, inputs: shard.inputs.length }
          failed.push(failure)
          for (const entry of failedShardEntries(shard.inputs, failure, manifest.shards.length, attempts)) ctx.quarantine(entry)
          continue
        }
        const dir = paths.shard(shard.index)
        const items = createInterface({ input: createReadStream(join(dir, SHARD_FILES.items)), crlfDelay: Infinity })
        const documents = lineReader(join(dir, SHARD_FILES.documents))
        const quarantine = lineReader(join(dir, SHARD_FILES.quarantine))
        let docs = 0
        let entries = 0
        try {
          for await (const itemLine of items) {
            if (itemLine.length === 0) continue
            const [, kind, line] = JSON.parse(itemLine) as [string, 'd' | 'q', number]
            if (kind === 'd') {
              if (line !== docs++) throw new CorpusError('E_INVARIANT', `${dir}: items and documents disagree at document ${line}`)
              const doc = JSON.parse(await documents.next()) as Doc
              if (orderedKeys.size === 0) {
                yield doc
                continue
              }
              const annotations = Object.fromEntries(Object.entries(doc.annotations).filter(([key]) => !orderedKeys.has(key)))
              yield { ...doc, annotations: annotations as Partial<Annotations> }
            } else {
              if (line !== entries++) throw new CorpusError('E_INVARIANT', `${dir}: items and quarantine disagree at entry ${line}`)
              const text = await quarantine.next()
              const entry = JSON.parse(text) as QuarantineEntry
              lineOf.set(entry, text)
              ctx.quarantine(entry)
            }
          }
        } finally {
          items.close()
          documents.close()
          quarantine.close()
        }
      }
    },
  }
}

/** How a shard ended: committed, or failed for good (with the job's last error). */
export type ShardOutcome = { readonly kind: 'done' } | { readonly kind: 'failed'; readonly reason: string }

/**
 * Wait for shard `index` of a run to end: done as soon as its folder is committed (whatever its
 * job's state), failed once `failedReason` reports its job failed for good; polls every `pollMs`.
 */
export function shardOutcomeFromFiles(
  runDir: string,
  failedReason: (index: number) => Promise<string | undefined>,
  options: { pollMs?: number; signal?: AbortSignal } = {},
): (index: number) => Promise<ShardOutcome> {
  const paths = runPaths(runDir)
  const pollMs = options.pollMs ?? 200
  return async (index) => {
    for (;;) {
      if (options.signal?.aborted) throw new CorpusError('E_ABORT', 'run aborted')
      if (await isShardCommitted(paths.shard(index))) return { kind: 'done' }
      const reason = await failedReason(index)
      // Committed between the two checks: the folder wins (the merge job decides the same way).
      if (reason !== undefined) return (await isShardCommitted(paths.shard(index))) ? { kind: 'done' } : { kind: 'failed', reason: reason.split('\n')[0] ?? reason }
      await new Promise((done) => setTimeout(done, pollMs))
    }
  }
}

/** Options of {@link assembleOutputs}. */
export interface AssembleOptions {
  readonly runDir: string
  readonly out: string
  /** The stage plan of the run's pipeline; only its ordered (cross-document) stages run here. */
  readonly plan: StagePlan
  /** How each shard ended; asked in shard order, so outputs are written while later shards run. */
  readonly outcome: (index: number) => Promise<ShardOutcome>
  readonly attempts: number
  /** The local run's check, in input order over the processed inputs (failed shards left out). */
  readonly maxQuarantineRatio: number
  readonly onProgress?: (counts: { read: number; written: number; quarantined: number }) => void
}

/** Minimum of inputs before the quarantine ratio is checked (as in a local run). */
const MIN_SAMPLE_FOR_RATIO = 100

/**
 * Write `documents.jsonl` and `quarantine.jsonl` of a distributed run from its shards, in shard
 * order, each shard as soon as it and every shard before it have ended: exactly the lines of a
 * local run. Cross-document annotations (near-duplicate marks) are recomputed here over the whole
 * input order, since a shard only saw its own documents. The inputs of a failed shard become
 * `distributed/shard-failed` entries at its place. Returns the run's stats (per-document stage
 * counters summed over the shards, the ordered stages' counters from this pass, the counts
 * checked again here: `read === written + quarantined`) and the failed shards.
 */
export async function assembleOutputs(options: AssembleOptions): Promise<{ stats: RunStats; failed: FailedShard[] }> {
  const manifest = await readManifest(options.runDir)
  const paths = runPaths(options.runDir)
  const orderedNames = options.plan.ordered.map((stage) => `${stage.stageName}/`)
  const orderedKeys = new Set<string>(options.plan.ordered.flatMap((stage) => stage.assigns as readonly string[]))
  const lineOf = new WeakMap<object, string>()
  const failed: FailedShard[] = []
  const counters: Record<string, number> = {}
  const outcome = async (index: number): Promise<ShardOutcome> => {
    const state = await options.outcome(index)
    if (state.kind === 'done') {
      const path = paths.shardStats(index)
      let shardStats: RunStats
      try {
        shardStats = JSON.parse(await readFile(path, 'utf8')) as RunStats
      } catch (error) {
        throw new CorpusError('E_INPUT', `cannot read shard stats ${path}: ${(error as Error).message}`, { cause: error })
      }
      for (const [key, value] of Object.entries(shardStats.counters)) {
        if (orderedNames.some((prefix) => key.startsWith(prefix))) continue
        counters[key] = (counters[key] ?? 0) + value
      }
    }
    return state
  }

  const documents = new AtomicLineWriter(join(options.out, 'documents.jsonl'))
  const quarantine = new AtomicLineWriter(join(options.out, 'quarantine.jsonl'))
  const max = options.maxQuarantineRatio
  let written = 0
  let quarantined = 0
  let stats: RunStats
  try {
    stats = await runOrdered({
      source: shardOutcomes(options.runDir, manifest, outcome, options.attempts, orderedKeys, lineOf, failed),
      plan: { perDocument: [], ordered: options.plan.ordered, laterKeys: options.plan.laterKeys },
      executor: inlineExecutor([]),
      // Checked in the sink instead: inputs of failed shards are not a fault of the data.
      maxQuarantineRatio: 1,
      sink: {
        async document(doc) {
          written += 1
          await documents.write(JSON.stringify(doc))
        },
        async quarantine(entry) {
          if (!(entry.stage === FAILED_SHARD_STAGE && entry.rule === FAILED_SHARD_RULE)) {
            quarantined += 1
            const seen = quarantined + written
            if (seen >= MIN_SAMPLE_FOR_RATIO && quarantined / seen > max) {
              throw new CorpusError(
                'E_QUARANTINE_RATIO',
                `${quarantined} of ${seen} inputs quarantined (> ${max * 100}%); last: ${entry.stage}/${entry.rule} ${entry.reason}`,
              )
            }
          }
          await quarantine.write(lineOf.get(entry) ?? JSON.stringify(entry))
        },
      },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    })
    await documents.commit()
    await quarantine.commit()
  } catch (error) {
    await documents.abort()
    await quarantine.abort()
    throw error
  }
  return {
    stats: {
      read: stats.read,
      written: stats.written,
      quarantined: stats.quarantined,
      quarantineByRule: stats.quarantineByRule,
      counters: { ...counters, ...stats.counters },
    },
    failed,
  }
}
