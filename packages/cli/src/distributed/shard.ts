import { readFile, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { CorpusError, type Doc, type QuarantineEntry, type RunContext, type Source } from '@corpus/core'
import { contentId, readCorpus, type ReadCorpusOptions } from '@corpus/ingest'
import { writeFileAtomic } from '../output.js'
import { runOrdered } from '../parallel/engine.js'
import type { BatchExecutor } from '../parallel/pool.js'
import { stagePlan } from '../parallel/stages.js'
import { readShardSummary, SHARD_FILES, ShardWriter } from '../state/shard-files.js'
import { inputKey } from '../state/state-dir.js'
import { runPaths, shardId, type ShardInput, type ShardJobData, type ShardResult } from './protocol.js'

type FileInput = Extract<ShardInput, { kind: 'file' }>

/** The quarantine entry the reader gives an input it cannot read (same fields, same order). */
function unreadableEntry(uri: string, reason: string): QuarantineEntry {
  return { docId: contentId(`input:${uri}#0`), source: { uri, index: 0 }, stage: 'ingest', rule: 'unreadable', reason, kind: 'failed' }
}

/**
 * The reader of one shard: `readCorpus` over the shard's files, read at their absolute paths, with
 * every outcome labelled as a local run labels it (`source.uri` as listed, reader quarantine ids
 * and reasons naming the path as given), so a shard's output is byte-identical to the same inputs'
 * output in a local run.
 */
function shardSource(inputs: readonly ShardInput[], read: ReadCorpusOptions = {}): Source {
  const options: ReadCorpusOptions = {
    ...(read.maxBytes !== undefined ? { maxBytes: read.maxBytes } : {}),
    ...(read.concurrency !== undefined ? { concurrency: read.concurrency } : {}),
  }
  return {
    sourceName: 'ingest',
    assigns: ['input'],
    async *read(ctx: RunContext): AsyncIterable<Doc> {
      let files: FileInput[] = []
      async function* readFiles(batch: readonly FileInput[]): AsyncIterable<Doc> {
        if (batch.length === 0) return
        const byPath = new Map(batch.map((input) => [input.path, input]))
        const relabel = (uri: string): FileInput | undefined => byPath.get(uri)
        const inner: RunContext = {
          signal: ctx.signal,
          count: (metric, by) => ctx.count(metric, by),
          quarantine(entry) {
            const input = relabel(entry.source.uri)
            if (!input) {
              ctx.quarantine(entry)
              return
            }
            const index = entry.source.index
            const docId = entry.docId === contentId(`input:${input.path}#${index}`) ? contentId(`input:${input.uri}#${index}`) : entry.docId
            ctx.quarantine({ ...entry, docId, source: { uri: input.uri, index }, reason: entry.reason.split(input.path).join(input.local) })
          },
        }
        for await (const doc of readCorpus(batch.map((input) => input.path), options).read(inner)) {
          const input = relabel(doc.source.uri)
          yield input ? { ...doc, source: { uri: input.uri, index: doc.source.index } } : doc
        }
      }
      for (const input of inputs) {
        if (input.kind === 'file') {
          files.push(input)
          continue
        }
        yield* readFiles(files)
        files = []
        ctx.quarantine(unreadableEntry(input.uri, input.reason))
        ctx.count('inputs')
      }
      yield* readFiles(files)
    },
  }
}

const where = (): string => `${hostname()} pid ${process.pid}`

/**
 * Check that this worker sees the run's work directory (the submitter's probe file with the run's
 * token) — the work directory must be on a path shared by the submitter and every worker.
 */
export async function checkProbe(data: { runDir: string; token: string }): Promise<void> {
  const path = runPaths(data.runDir).probe
  let token: unknown
  try {
    token = (JSON.parse(await readFile(path, 'utf8')) as { token?: unknown }).token
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new CorpusError(
      'E_INPUT',
      `work directory ${data.runDir} is not visible on this worker (${where()}: ${code}); --work-dir must be a path shared by the submitter and every worker`,
    )
  }
  if (token !== data.token) {
    throw new CorpusError('E_INPUT', `work directory ${data.runDir} on this worker (${where()}) belongs to another run; --work-dir must be the same shared folder everywhere`)
  }
}

/** Check that every input file of a shard exists here (a missing one means the path is not shared). */
async function checkInputs(inputs: readonly ShardInput[]): Promise<void> {
  for (const input of inputs) {
    if (input.kind !== 'file') continue
    try {
      await stat(input.path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      throw new CorpusError('E_INPUT', `input ${input.path} is not readable on this worker (${where()}: ${code}); inputs must be on a path shared by the submitter and every worker`)
    }
  }
}

/** True when the shard folder holds its summary, the file written last: the shard is complete. */
export async function isShardCommitted(dir: string): Promise<boolean> {
  try {
    await stat(join(dir, SHARD_FILES.summary))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw new CorpusError('E_OUTPUT', `cannot check shard ${dir}: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * Process one shard job: run the pipeline over the shard's inputs (per-document stages on
 * `executor`, cross-document stages here, in order) and commit the outcomes to the shard's folder
 * in the work directory, whose path is fixed by the shard id. Idempotent: an attempt that finds
 * the shard committed (an earlier attempt died after committing) returns it without processing;
 * two attempts racing keep the first commit. So retries and at-least-once delivery never lose or
 * duplicate an outcome.
 */
export async function processShard(data: ShardJobData, executor: BatchExecutor, signal?: AbortSignal): Promise<ShardResult> {
  const paths = runPaths(data.runDir)
  await checkProbe(data)
  const dir = paths.shard(data.index)
  if (await isShardCommitted(dir)) {
    const summary = await readShardSummary(dir)
    return { index: data.index, documents: summary.documents, quarantined: summary.quarantined, reused: true }
  }
  await checkInputs(data.inputs)
  const plan = stagePlan(data.setup)
  const writer = await ShardWriter.prepare(shardId(data.index), dir, data.nearDuplicateThreshold)
  // Outcomes of a finished batch arrive as a run of microtasks; yielding to the event loop now and
  // then lets BullMQ's lock-renewal timer run, so a busy worker is never taken for a dead one.
  let outcomes = 0
  const breathe = (): Promise<void> | undefined => (++outcomes % 32 === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined)
  try {
    const stats = await runOrdered({
      source: shardSource(data.inputs, data.setup.pipelineOptions.read),
      plan,
      executor,
      batchDocs: data.batchDocs,
      // The quarantine ratio is a property of the whole run: the submitter checks it in input order.
      maxQuarantineRatio: 1,
      ...(signal ? { signal } : {}),
      sink: {
        async document(doc, info) {
          await writer.addDocument(inputKey(info.input), doc, JSON.stringify(doc))
          await breathe()
        },
        async quarantine(entry, info) {
          await writer.addQuarantine(inputKey(info.input), entry, JSON.stringify(entry))
          await breathe()
        },
      },
    })
    // Stage counters travel beside the shard; written first, so a committed shard always has them.
    await writeFileAtomic(paths.shardStats(data.index), `${JSON.stringify(stats)}\n`)
    const summary = await writer.commit()
    return { index: data.index, documents: summary.documents, quarantined: summary.quarantined, reused: false }
  } catch (error) {
    await writer.abort()
    throw error
  }
}
