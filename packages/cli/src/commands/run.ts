import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CorpusError, type Doc, type QuarantineEntry, type RunStats } from '@corpus/core'
import { resolvePipeline, type NewsBatchOptions } from '@corpus/pipelines'
import {
  addDocument,
  addQuarantine,
  buildReport,
  createAggregate,
  diffReports,
  parseReport,
  mergeAggregateInto,
  renderMarkdown,
  stringifyJsonPieces,
  type Report,
  type ReportAggregate,
} from '@corpus/report'
import { numberFlag, parseCommandArgs } from '../args.js'
import { entityNames } from '../entity-names.js'
import { AtomicLineWriter, ensureOutputDir, writeFileAtomic, writeFileAtomicPieces } from '../output.js'
import { planStages } from '../parallel/batch.js'
import { documentLine, runOrdered } from '../parallel/engine.js'
import { createExecutor, defaultWorkers } from '../parallel/pool.js'
import { optionsDigest, RunState } from '../state/state-dir.js'
import { createProgress } from '../progress.js'
import { toolVersion } from '../version.js'

export const runHelp = `corpus run <paths...> --out <dir> [options]

Runs the whole pipeline over files and folders (recursive) and writes
<dir>/documents.jsonl, <dir>/report.json, <dir>/report.md and <dir>/quarantine.jsonl.

Options:
  --out <dir>                    output directory (required)
  --pipeline <name>              named pipeline (default: news-batch)
  --include <glob>               only read matching files inside folders (repeatable)
  --exclude <glob>               skip matching files inside folders (repeatable)
  --max-bytes <n>                inputs over this size are quarantined as too-large (default 10485760)
  --near-duplicate-threshold <x> MinHash Jaccard estimate that marks a near-duplicate (default 0.8)
  --mixed-threshold <x>          share of a second language that makes a document mixed (default 0.2)
  --knowledge-base <file>        extra entity knowledge base (JSON) merged into the bundled one
  --since <report.json>          add a "what changed" section against a previous report
  --max-quarantine-ratio <x>     abort when more than this share of inputs is quarantined (default 0.2)
  --workers <n>                  worker threads for the per-document stages (default: number of cores;
                                 0 runs them in the main thread). The main thread reads, marks
                                 duplicates in input order, merges report aggregates and writes
                                 alongside them. Output is identical for any n.
  --state <dir>                  incremental runs: remember processed documents (by content id) and
                                 their outcomes in <dir>; a later run processes only new inputs and
                                 writes the same outputs as a full run. Progress is committed in
                                 checkpoints, so a killed run resumes where it stopped.
  --checkpoint <n>               inputs per state checkpoint (default 2000; with --state)
  --batch-docs <n>               documents per worker batch (default 64; batches also end at 64k characters)
  --aggregate-flush <n>          outcomes a worker adds to its report aggregate before handing it to the main
                                 thread, which keeps the run's one aggregate (default 10000)
  --worker-heap-mb <n>           heap limit (old generation) of each worker thread in MB: the worker collects
                                 garbage before reaching it (default 256; 0 = V8's default, which lets
                                 each worker grow to several times what it keeps)
  --queue <redis://HOST:PORT>    distributed run: shards go to "corpus worker" processes through BullMQ
                                 (inputs and --work-dir on a shared path; see "corpus run --queue x --help")
  --quiet                        no progress on stderr`

/**
 * Default `--aggregate-flush`: outcomes a worker adds to its running report aggregate before
 * handing it to the main thread, which keeps the run's one aggregate. Bounds what each worker
 * holds, whatever the run's size; a smaller value repeats more vocabulary across hand-overs.
 * Each hand-over serialises the worker's whole vocabulary: at 1000 it cost about 15 CPU-seconds
 * per 30 MB of input (a third more CPU than the inline run), at 10000 a few, while a worker then
 * holds at most ~6 MB of compact aggregate rows plus its vocabulary.
 */
export const AGGREGATE_FLUSH_OUTCOMES = 10000

/**
 * Default `--worker-heap-mb`: a worker keeps its models and caches (about 100-150 MB once warm),
 * one batch and at most {@link AGGREGATE_FLUSH_OUTCOMES} outcomes of report aggregate.
 */
export const DEFAULT_WORKER_HEAP_MB = 256

/** Options shared by `run` and anything that builds the news-batch stages from flags. */
export interface RunOptions {
  readonly paths: readonly string[]
  readonly out: string
  readonly pipelineName: string
  readonly pipelineOptions: NewsBatchOptions
  readonly since?: string
  readonly quiet: boolean
  readonly maxQuarantineRatio: number
  /** Worker threads for the per-document stages; 0 runs them in the calling thread. */
  readonly workers: number
  /** State directory of incremental runs. */
  readonly state?: string
  /** Inputs per state checkpoint. */
  readonly checkpoint: number
  /** Documents per worker batch. */
  readonly batchDocs: number
  /** Old-generation heap limit of each worker thread, MB; 0: V8's default. */
  readonly workerHeapMb: number
  /** Outcomes a worker adds to its running report aggregate before handing it over. */
  readonly aggregateFlush: number
}

export const runFlags = {
  out: { type: 'string' },
  pipeline: { type: 'string', default: 'news-batch' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'max-bytes': { type: 'string' },
  'near-duplicate-threshold': { type: 'string' },
  'mixed-threshold': { type: 'string' },
  'knowledge-base': { type: 'string' },
  since: { type: 'string' },
  'max-quarantine-ratio': { type: 'string' },
  workers: { type: 'string' },
  state: { type: 'string' },
  checkpoint: { type: 'string' },
  'batch-docs': { type: 'string' },
  'worker-heap-mb': { type: 'string' },
  'aggregate-flush': { type: 'string' },
  queue: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

/** Turn parsed flags into the stage options of the named pipeline. */
export function pipelineOptionsFromFlags(values: {
  include?: string[] | undefined
  exclude?: string[] | undefined
  'max-bytes'?: string | undefined
  'near-duplicate-threshold'?: string | undefined
  'mixed-threshold'?: string | undefined
  'knowledge-base'?: string | undefined
}): NewsBatchOptions {
  const maxBytes = numberFlag('max-bytes', values['max-bytes'], { min: 1, integer: true })
  const threshold = numberFlag('near-duplicate-threshold', values['near-duplicate-threshold'], { min: 0, max: 1 })
  const mixedThreshold = numberFlag('mixed-threshold', values['mixed-threshold'], { min: 0, max: 1 })
  return {
    read: {
      ...(values.include ? { include: values.include } : {}),
      ...(values.exclude ? { exclude: values.exclude } : {}),
      ...(maxBytes !== undefined ? { maxBytes } : {}),
    },
    dedup: threshold !== undefined ? { threshold } : {},
    langid: mixedThreshold !== undefined ? { mixedThreshold } : {},
    entities: values['knowledge-base'] ? { knowledgeBase: values['knowledge-base'] } : {},
  }
}

export function parseRunArgs(argv: string[]): RunOptions | 'help' {
  const { values, positionals } = parseCommandArgs(argv, runFlags)
  if (values.help) return 'help'
  if (!values.out) throw new CorpusError('E_CONFIG', 'corpus run: --out <dir> is required')
  if (positionals.length === 0) throw new CorpusError('E_CONFIG', 'corpus run: give at least one input path (file, folder or -)')
  const workerHeapMb = numberFlag('worker-heap-mb', values['worker-heap-mb'], { min: 0, integer: true }) ?? DEFAULT_WORKER_HEAP_MB
  if (workerHeapMb > 0 && workerHeapMb < 64) throw new CorpusError('E_CONFIG', `--worker-heap-mb must be 0 or at least 64, got ${workerHeapMb}`)
  return {
    paths: positionals,
    out: values.out,
    pipelineName: values.pipeline,
    pipelineOptions: pipelineOptionsFromFlags(values),
    ...(values.since ? { since: values.since } : {}),
    quiet: values.quiet,
    maxQuarantineRatio: numberFlag('max-quarantine-ratio', values['max-quarantine-ratio'], { min: 0, max: 1 }) ?? 0.2,
    workers: numberFlag('workers', values.workers, { min: 0, max: 256, integer: true }) ?? defaultWorkers(),
    ...(values.state ? { state: values.state } : {}),
    checkpoint: numberFlag('checkpoint', values.checkpoint, { min: 1, integer: true }) ?? 2000,
    batchDocs: numberFlag('batch-docs', values['batch-docs'], { min: 1, integer: true }) ?? 64,
    workerHeapMb,
    aggregateFlush: numberFlag('aggregate-flush', values['aggregate-flush'], { min: 1, integer: true }) ?? AGGREGATE_FLUSH_OUTCOMES,
  }
}

/** Read a previous report for `--since`; a missing or malformed file is a config error. */
export async function readPreviousReport(path: string): Promise<Report> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new CorpusError('E_CONFIG', `--since: cannot read ${path}: ${(error as Error).message}`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new CorpusError('E_CONFIG', `--since: ${path} is not JSON: ${(error as Error).message}`)
  }
  try {
    return parseReport(value)
  } catch (error) {
    throw new CorpusError('E_CONFIG', `--since: ${path}: ${(error as Error).message}`)
  }
}

/** Write report.json and report.md for a finished run. */
export async function writeReports(out: string, aggregate: ReportAggregate, options: RunOptions, stats: RunStats, startedMs: number): Promise<Report> {
  const previous = options.since ? await readPreviousReport(options.since) : undefined
  const report = buildReport(aggregate, {
    tool: { name: '@corpus/cli', version: toolVersion() },
    pipeline: options.pipelineName,
    inputs: [...options.paths],
    options: options.pipelineOptions as Record<string, unknown>,
    stats: { ...stats },
    durationMs: Date.now() - startedMs,
  }, { names: entityNames(options.pipelineOptions.entities?.knowledgeBase) })
  const delta = previous ? diffReports(previous, report) : undefined
  await writeFileAtomicPieces(join(out, 'report.json'), stringifyJsonPieces(report))
  await writeFileAtomic(join(out, 'report.md'), renderMarkdown(report, delta ? { delta } : {}))
  return report
}

/** `corpus run`: the whole pipeline; per-document stages in worker threads, output in input order. */
export async function run(argv: string[]): Promise<number> {
  if (argv.some((arg) => arg === '--queue' || arg.startsWith('--queue='))) return (await import('../distributed/submit.js')).runDistributed(argv)
  const options = parseRunArgs(argv)
  if (options === 'help') {
    process.stdout.write(`${runHelp}\n`)
    return 0
  }
  if (options.since) await readPreviousReport(options.since)
  const startedMs = Date.now()
  const { source, stages } = resolvePipeline(options.pipelineName, options.paths, options.pipelineOptions)
  const plan = planStages(stages)
  await ensureOutputDir(options.out)
  const threshold = options.pipelineOptions.dedup?.threshold ?? 0.8
  const { read: _read, ...processing } = options.pipelineOptions
  const state = options.state
    ? await RunState.open(options.state, {
        pipeline: options.pipelineName,
        // Input selection (include/exclude) does not change outcomes; the size limit does.
        digest: optionsDigest(toolVersion(), options.pipelineName, { ...processing, maxBytes: _read?.maxBytes ?? null }),
        nearDuplicateThreshold: threshold,
        checkpointItems: options.checkpoint,
      })
    : undefined
  const progress = createProgress({ quiet: options.quiet })
  // Workers build one report aggregate per batch; this thread only merges them (and adds what
  // no batch holds: inputs the reader quarantined).
  const aggregate = state ? undefined : createAggregate({ nearDuplicateThreshold: threshold })
  let workerAggregates: ReportAggregate[] = []
  const documents = new AtomicLineWriter(join(options.out, 'documents.jsonl'))
  const quarantine = new AtomicLineWriter(join(options.out, 'quarantine.jsonl'))
  // Without a state directory each worker keeps one running aggregate (merged once, at the end);
  // with one, each batch brings its own, so that a checkpoint holds exactly its outcomes.
  const executor = createExecutor(
    {
      pipelineName: options.pipelineName,
      pipelineOptions: options.pipelineOptions,
      aggregate: { nearDuplicateThreshold: threshold, accumulate: !state, flushOutcomes: options.aggregateFlush },
      // Workers also write each document's JSON, leaving holes for the cross-document marks.
      serialize: true,
    },
    options.workers,
    options.workerHeapMb > 0 ? { workerHeapMb: options.workerHeapMb } : {},
  )
  let stats: RunStats
  let reused = 0
  try {
    stats = await runOrdered({
      source,
      plan,
      executor,
      batchDocs: options.batchDocs,
      maxQuarantineRatio: options.maxQuarantineRatio,
      ...(state ? { reuse: (input) => state.lookup(input) } : {}),
      sink: {
        async document(doc: Doc, info) {
          const line = documentLine(doc, info.serialized)
          await documents.write(line)
          if (aggregate) {
            if (!info.inBatchAggregate) addDocument(aggregate, doc)
          } else if (!info.reused) await state?.record(info.input, { doc, line }, info.inBatchAggregate)
        },
        async quarantine(entry: QuarantineEntry, info) {
          const line = JSON.stringify(entry)
          await quarantine.write(line)
          if (aggregate) {
            if (!info.inBatchAggregate) addQuarantine(aggregate, entry)
          } else if (!info.reused) await state?.record(info.input, { entry, line }, info.inBatchAggregate)
        },
      },
      async onBatchDone(batchAggregate) {
        await state?.batchDone(batchAggregate)
      },
      onProgress(counts) {
        reused = counts.reused
        progress.update(counts)
      },
    })
    if (state) await state.checkpoint()
    else workerAggregates = await executor.finish()
    await documents.commit()
    await quarantine.commit()
  } catch (error) {
    await documents.abort()
    await quarantine.abort()
    await state?.close()
    throw error
  } finally {
    await executor.close()
  }
  // The executor's aggregate is the big one: fold what this thread added (reader quarantine) into it.
  const finalAggregate = aggregate ? workerAggregates.reduce((total, part) => mergeAggregateInto(part, total), aggregate) : await (state as RunState).aggregate()
  await state?.close()
  await writeReports(options.out, finalAggregate, options, stats, startedMs)
  const incremental = state ? `, ${reused} reused from ${options.state}` : ''
  progress.done(`${stats.read} read, ${stats.written} written, ${stats.quarantined} quarantined${incremental} -> ${options.out}`)
  return 0
}
