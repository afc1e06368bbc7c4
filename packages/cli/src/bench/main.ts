import { execFile } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { CorpusError, isCorpusError } from '@corpus/core'
import { resolvePipeline } from '@corpus/pipelines'
import { formatSize, generateCorpus, GENERATOR_VERSION, loadTextPools, parseSize, type CorpusManifest } from './generate.js'
import { measureFloor, measureFranc, measurePipeline, measureStages, type Measurement } from './measure.js'

const usage = `pnpm bench [options]            (after pnpm build)

Generates a deterministic corpus per size (cached under <out>/corpus-<size>-s<seed>), then measures
in fresh processes, each --runs times (median reported): the floor (read + UTF-8 decode + NFC +
write), franc alone on the same text, every stage alone (one thread), and the whole pipeline
(corpus run) with each --workers count. Prints a table and writes <out>/results.json.

What "N workers" means: \`corpus run --workers N\`, i.e. N worker threads for the per-document
stages while the main thread reads, marks duplicates (in input order), merges the workers' report
aggregates and writes; so "1 worker" already keeps a second core partly busy. "0 workers" runs every
stage in the main thread: the one-core reference. Both ratios are printed (2 workers / 1 worker and
2 workers / 0 workers), in wall time and in CPU time.

Options:
  --size <list>      corpus sizes, comma-separated (default 3MB; e.g. 100MB,1GB)
  --runs <n>         runs per measurement, median reported (default 3)
  --workers <list>   worker counts for the pipeline (default 1,<cores>; 0 = inline, one thread)
  --large-workers <list>  worker counts for sizes of 1GB and more (default: --workers)
  --skip-stages      only floor, franc and the pipeline (for big sizes)
  --skip-franc       no franc-alone baseline (it takes longer than the pipeline on big sizes)
  --seed <n>         generator seed (default 42)
  --out <dir>        where corpora and results go (default bench-out)

  generate --size <s> --dir <d> [--seed n]   only write a corpus`

const MB = 1e6

/** Median of numbers (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

interface Row {
  readonly name: string
  readonly kind: 'baseline' | 'stage' | 'pipeline'
  readonly runs: Measurement[]
  readonly median: { seconds: number; cpuSeconds: number; mbPerSecond: number; mbPerCpuSecond: number; docsPerSecond: number; peakRssMB: number }
}

function summarise(name: string, kind: Row['kind'], runs: Measurement[]): Row {
  const seconds = median(runs.map((r) => r.seconds))
  const cpuSeconds = median(runs.map((r) => r.cpuSeconds))
  const first = runs[0] as Measurement
  return {
    name,
    kind,
    runs,
    median: {
      seconds: round(seconds, 3),
      cpuSeconds: round(cpuSeconds, 3),
      mbPerSecond: round(first.bytes / MB / seconds, 2),
      mbPerCpuSecond: round(first.bytes / MB / cpuSeconds, 2),
      docsPerSecond: round(first.docs / seconds, 0),
      peakRssMB: round(median(runs.map((r) => r.peakRssBytes)) / 2 ** 20, 0),
    },
  }
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits

const self = fileURLToPath(import.meta.url)

const FRANC = 'franc alone (every paragraph)'

/** The row name of a pipeline run with `workers` worker threads. */
function pipelineLabel(workers: number): string {
  if (workers === 0) return 'pipeline, 0 workers (one thread)'
  return `pipeline, ${workers} worker${workers === 1 ? '' : 's'}`
}

/** Run one measurement in a fresh Node process and parse what it printed. */
function child(args: readonly string[]): Promise<Measurement> {
  return childJson(args) as Promise<Measurement>
}

function childJson(args: readonly string[]): Promise<unknown> {
  return new Promise((resolvePromise, rejectPromise) => {
    execFile(process.execPath, [self, 'measure', ...args], { maxBuffer: 64 * MB }, (error, stdout, stderr) => {
      if (error) {
        rejectPromise(new CorpusError('E_PIPELINE', `bench child ${args.join(' ')} failed: ${stderr.trim().split('\n').slice(-15).join(' | ') || error.message}`))
        return
      }
      const last = stdout.trim().split('\n').pop() ?? ''
      resolvePromise(JSON.parse(last) as unknown)
    })
  })
}

/** Reuse a generated corpus when its manifest says it was made the same way. */
function ensureCorpus(out: string, bytes: number, seed: number): { dir: string; manifest: CorpusManifest } {
  const dir = join(out, `corpus-${formatSize(bytes)}-s${seed}`)
  const manifestPath = `${dir}.manifest.json`
  const pools = loadTextPools()
  if (existsSync(manifestPath) && existsSync(dir)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CorpusManifest
    if (manifest.generatorVersion === GENERATOR_VERSION && manifest.sourcesDigest === pools.digest && manifest.targetBytes === bytes && manifest.seed === seed) {
      return { dir, manifest }
    }
  }
  process.stderr.write(`bench: generating ${formatSize(bytes)} corpus in ${dir}\n`)
  const manifest = generateCorpus({ dir, bytes, seed }, pools)
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
  return { dir, manifest }
}

/**
 * How much faster this machine runs two CPU-bound threads than one, right now: a pure integer
 * loop in 1 and then 2 worker threads (2x the work). On an idle 2-core machine about 2; other load
 * on a shared machine lowers it, and with it what any 2-worker measurement can show.
 */
async function parallelControl(iterations = 2e8): Promise<{ oneThreadSeconds: number; twoThreadsSeconds: number; speedup: number }> {
  const code = `const { parentPort, workerData } = require('node:worker_threads'); let x = 0; for (let i = 0; i < workerData; i++) x = (x * 31 + i) | 0; parentPort.postMessage(x)`
  const run = async (threads: number): Promise<number> => {
    const start = performance.now()
    await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<void>((resolvePromise, rejectPromise) => {
            const worker = new Worker(code, { eval: true, workerData: iterations })
            worker.on('message', () => {
              void worker.terminate()
              resolvePromise()
            })
            worker.on('error', rejectPromise)
          }),
      ),
    )
    return (performance.now() - start) / 1000
  }
  const one = await run(1)
  const two = await run(2)
  return { oneThreadSeconds: round(one, 2), twoThreadsSeconds: round(two, 2), speedup: round((2 * one) / two, 2) }
}

function machine() {
  const list = cpus()
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    totalMemoryGB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
  }
}

function table(rows: readonly Row[]): string {
  const header = '| measurement | MB/s | docs/s | seconds | CPU s | MB per CPU-s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|'
  return [
    header,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.median.mbPerSecond} | ${r.median.docsPerSecond} | ${r.median.seconds} | ${r.median.cpuSeconds} | ${r.median.mbPerCpuSecond} | ${r.median.peakRssMB} |`,
    ),
  ].join('\n')
}

async function bench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '3MB' },
      runs: { type: 'string', default: '3' },
      workers: { type: 'string' },
      'large-workers': { type: 'string' },
      'skip-stages': { type: 'boolean', default: false },
      'skip-franc': { type: 'boolean', default: false },
      seed: { type: 'string', default: '42' },
      out: { type: 'string', default: 'bench-out' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  const sizes = values.size.split(',').map(parseSize)
  const runs = Number(values.runs)
  const seed = Number(values.seed)
  if (!Number.isInteger(runs) || runs < 1) throw new CorpusError('E_CONFIG', `--runs must be an integer >= 1, got "${values.runs}"`)
  const workerList = (flag: string, value: string): number[] => {
    const list = [...new Set(value.split(',').map(Number))]
    if (!list.every((w) => Number.isInteger(w) && w >= 0)) throw new CorpusError('E_CONFIG', `--${flag} must list integers >= 0, got "${value}"`)
    return list
  }
  const workers = workerList('workers', values.workers ?? `1,${availableParallelism()}`)
  const largeWorkers = values['large-workers'] ? workerList('large-workers', values['large-workers']) : workers
  const out = resolve(values.out)
  mkdirSync(out, { recursive: true })
  process.stderr.write('bench: parallel control (integer loop, 1 vs 2 threads)\n')
  const control = await parallelControl()
  process.stdout.write(`machine: 2 threads of a pure CPU loop run ${control.speedup}x as fast as 1 (load average ${loadavg().map((x) => round(x, 2)).join(' ')})\n`)
  const stageNames = ['read', ...resolvePipeline('news-batch', ['-'], {}).stages.map((s) => s.stageName), 'report', 'write', 'model loading']
  const results = {
    schema: 'corpus-bench/1',
    machine: { ...machine(), parallelControl: control },
    note: 'MB = 10^6 bytes of input files. Wall-clock rows depend on other load on the machine (loadAverage); CPU seconds cover all threads of the measuring process.',
    options: { sizes: sizes.map(formatSize), runs, workers, largeWorkers, seed, skipStages: values['skip-stages'], skipFranc: values['skip-franc'] },
    workersMeaning:
      'N workers = corpus run --workers N: N threads run the per-document stages while the main thread reads, marks duplicates in input order, merges report aggregates and writes; 0 = every stage in the main thread (one core).',
    sizes: [] as unknown[],
    linearity: undefined as unknown,
  }
  const perSize: { bytes: number; pipeline: Row[] }[] = []
  for (const bytes of sizes) {
    const { dir, manifest } = ensureCorpus(out, bytes, seed)
    // Per process: two benches sharing an --out folder must not remove each other's outputs.
    const scratch = join(out, `scratch-${process.pid}`)
    const repeat = async (args: string[]): Promise<Measurement[]> => {
      const list: Measurement[] = []
      for (let i = 0; i < runs; i += 1) list.push(await child(args))
      return list
    }
    process.stderr.write(`bench: ${formatSize(bytes)}: ${manifest.files} files, ${manifest.records} records\n`)
    const rows: Row[] = []
    rows.push(summarise('floor (read+decode+NFC+write)', 'baseline', await repeat(['floor', dir, `${scratch}-floor.txt`])))
    if (!values['skip-franc']) rows.push(summarise(FRANC, 'baseline', await repeat(['franc', dir])))
    if (!values['skip-stages']) {
      process.stderr.write(`bench: stages, one thread\n`)
      const passes: Measurement[][] = []
      for (let i = 0; i < runs; i += 1) passes.push((await childJson(['stages', dir, `${scratch}-stages.jsonl`])) as Measurement[])
      for (const [i, name] of stageNames.entries()) {
        const label = name === 'model loading' ? 'model loading, all stages (once per thread)' : `stage ${name} (1 thread)`
        rows.push(summarise(label, 'stage', passes.map((pass) => pass[i] as Measurement)))
      }
    }
    const pipeline: Row[] = []
    for (const w of bytes >= 1e9 ? largeWorkers : workers) {
      process.stderr.write(`bench: pipeline, ${w} worker(s)\n`)
      pipeline.push(summarise(pipelineLabel(w), 'pipeline', await repeat(['pipeline', dir, `${scratch}-run`, String(w)])))
    }
    rows.push(...pipeline)
    const best = pipeline.reduce((a, b) => (b.median.mbPerSecond > a.median.mbPerSecond ? b : a))
    const inline = pipeline.find((r) => r.name === pipelineLabel(0))
    const one = pipeline.find((r) => r.name === pipelineLabel(1))
    const two = pipeline.find((r) => r.name === pipelineLabel(2))
    const floor = rows[0] as Row
    const francRow = rows.find((r) => r.name === FRANC)
    const ratios = {
      pipelineVsFloor: round(best.median.mbPerSecond / floor.median.mbPerSecond, 4),
      ...(francRow ? { pipelineVsFranc: round(best.median.mbPerSecond / francRow.median.mbPerSecond, 2) } : {}),
      ...(one && two ? { twoWorkersVsOne: round(two.median.mbPerSecond / one.median.mbPerSecond, 2) } : {}),
      ...(inline && two ? { twoWorkersVsInline: round(two.median.mbPerSecond / inline.median.mbPerSecond, 2) } : {}),
      // CPU seconds per MB of 2 workers against 1 worker: what running in parallel costs in extra work.
      ...(one && two ? { twoWorkersVsOneCpuPerMB: round(one.median.mbPerCpuSecond / two.median.mbPerCpuSecond, 2) } : {}),
      // The same ratios in CPU time: what the pipeline costs per MB against what the floor and franc cost.
      pipelineVsFloorCpu: round(best.median.mbPerCpuSecond / floor.median.mbPerCpuSecond, 4),
      ...(francRow ? { pipelineVsFrancCpu: round(best.median.mbPerCpuSecond / francRow.median.mbPerCpuSecond, 2) } : {}),
    }
    const { badFiles: _bad, ...corpus } = manifest
    results.sizes.push({ size: formatSize(bytes), corpus, rows, ratios })
    perSize.push({ bytes, pipeline })
    process.stdout.write(`\n## ${formatSize(bytes)} (${manifest.files} files, ${manifest.records} records)\n\n${table(rows)}\n\n`)
    // Written after every size, so a long run stopped during a later size keeps what it measured.
    writeFileSync(join(out, 'results.json'), `${JSON.stringify({ ...results, machine: { ...results.machine, loadAverageNow: loadavg().map((x) => round(x, 2)) } }, null, 2)}\n`)
    process.stdout.write(
      `pipeline (${best.name}) / floor: ${ratios.pipelineVsFloor} (CPU: ${ratios.pipelineVsFloorCpu})` +
        `${'pipelineVsFranc' in ratios ? `; / franc alone: ${ratios.pipelineVsFranc} (CPU: ${ratios.pipelineVsFrancCpu})` : ''}` +
        `${'twoWorkersVsOne' in ratios ? `; 2 workers / 1 worker: ${ratios.twoWorkersVsOne}` : ''}` +
        `${'twoWorkersVsInline' in ratios ? `; 2 workers / 0 workers (one thread): ${ratios.twoWorkersVsInline}` : ''}\n`,
    )
  }
  if (perSize.length > 1) {
    const first = perSize[0] as { bytes: number; pipeline: Row[] }
    const last = perSize[perSize.length - 1] as { bytes: number; pipeline: Row[] }
    // Rows of the same worker count at the smallest and the largest size.
    results.linearity = last.pipeline.flatMap((row) => {
      const small = first.pipeline.find((r) => r.name === row.name)
      if (!small) return []
      return [
        {
          name: row.name,
          small: formatSize(first.bytes),
          large: formatSize(last.bytes),
          throughputRatio: round(row.median.mbPerSecond / small.median.mbPerSecond, 3),
          cpuPerMBRatio: round(small.median.mbPerCpuSecond / row.median.mbPerCpuSecond, 3),
          peakRssMBSmall: small.median.peakRssMB,
          peakRssMBLarge: row.median.peakRssMB,
        },
      ]
    })
    process.stdout.write(`\nthroughput ${formatSize(last.bytes)} / ${formatSize(first.bytes)}: ${JSON.stringify(results.linearity)}\n`)
  }
  Object.assign(results.machine, { loadAverageAtEnd: loadavg().map((x) => round(x, 2)) })
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  process.stdout.write(`\nresults: ${join(out, 'results.json')}\n`)
  return 0
}

async function measure(argv: string[]): Promise<number> {
  const [what, dir, ...rest] = argv
  if (!dir) throw new CorpusError('E_CONFIG', 'measure: missing corpus folder')
  let result: Measurement
  if (what === 'floor') result = await measureFloor(dir, rest[0] ?? 'floor.out')
  else if (what === 'franc') result = await measureFranc(dir)
  else if (what === 'stages') {
    process.stdout.write(`${JSON.stringify(await measureStages(dir, rest[0] ?? 'stages.out'))}\n`)
    return 0
  }
  else if (what === 'pipeline') result = await measurePipeline(dir, rest[0] ?? 'run.out', Number(rest[1] ?? '1'), rest.slice(2))
  else throw new CorpusError('E_CONFIG', `measure: unknown measurement "${String(what)}"`)
  // Also kept beside the corpus folder, so a long bench stopped early keeps every finished measurement.
  appendFileSync(join(dirname(resolve(dir)), 'measurements.jsonl'), `${JSON.stringify({ corpus: basename(dir), loadAverage: loadavg().map((x) => round(x, 2)), ...result })}\n`)
  process.stdout.write(`${JSON.stringify(result)}\n`)
  return 0
}

async function generate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { size: { type: 'string' }, dir: { type: 'string' }, seed: { type: 'string', default: '42' } }, strict: true })
  if (!values.size || !values.dir) throw new CorpusError('E_CONFIG', 'generate: --size and --dir are required')
  const manifest = generateCorpus({ dir: values.dir, bytes: parseSize(values.size), seed: Number(values.seed) })
  writeFileSync(`${values.dir}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`)
  process.stdout.write(`${manifest.files} files, ${manifest.records} records, ${manifest.bytes} bytes -> ${values.dir}\n`)
  return 0
}

async function mainBench(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'measure') return await measure(argv.slice(1))
    if (argv[0] === 'generate') return await generate(argv.slice(1))
    return await bench(argv[0] === '--' ? argv.slice(1) : argv)
  } catch (error) {
    const code = isCorpusError(error) ? error.code : 'E_INTERNAL'
    process.stderr.write(`bench: ${code}: ${(error as Error).message.split('\n')[0]}\n`)
    if (process.env.CORPUS_DEBUG) process.stderr.write(`${(error as Error).stack}\n`)
    return code === 'E_CONFIG' ? 2 : 1
  }
}

process.exitCode = await mainBench(process.argv.slice(2))
