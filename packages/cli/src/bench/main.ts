import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
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

Options:
  --size <list>      corpus sizes, comma-separated (default 3MB; e.g. 100MB,1GB)
  --runs <n>         runs per measurement, median reported (default 3)
  --workers <list>   worker counts for the pipeline (default 1,<cores>)
  --skip-stages      only floor, franc and the pipeline (for big sizes)
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
      'skip-stages': { type: 'boolean', default: false },
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
  const workers = [...new Set((values.workers ?? `1,${availableParallelism()}`).split(',').map(Number))]
  if (!workers.every((w) => Number.isInteger(w) && w >= 0)) throw new CorpusError('E_CONFIG', `--workers must list integers >= 0, got "${values.workers}"`)
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
    options: { sizes: sizes.map(formatSize), runs, workers, seed, skipStages: values['skip-stages'] },
    sizes: [] as unknown[],
    linearity: undefined as unknown,
  }
  const perSize: { bytes: number; pipeline: Row[] }[] = []
  for (const bytes of sizes) {
    const { dir, manifest } = ensureCorpus(out, bytes, seed)
    const scratch = join(out, 'scratch')
    const repeat = async (args: string[]): Promise<Measurement[]> => {
      const list: Measurement[] = []
      for (let i = 0; i < runs; i += 1) list.push(await child(args))
      return list
    }
    process.stderr.write(`bench: ${formatSize(bytes)}: ${manifest.files} files, ${manifest.records} records\n`)
    const rows: Row[] = []
    rows.push(summarise('floor (read+decode+NFC+write)', 'baseline', await repeat(['floor', dir, `${scratch}-floor.txt`])))
    rows.push(summarise('franc alone (every paragraph)', 'baseline', await repeat(['franc', dir])))
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
    for (const w of workers) {
      process.stderr.write(`bench: pipeline, ${w} worker(s)\n`)
      pipeline.push(summarise(`pipeline, ${w} worker${w === 1 ? '' : 's'}`, 'pipeline', await repeat(['pipeline', dir, `${scratch}-run`, String(w)])))
    }
    rows.push(...pipeline)
    const best = pipeline.reduce((a, b) => (b.median.mbPerSecond > a.median.mbPerSecond ? b : a))
    const one = pipeline.find((r) => r.name === 'pipeline, 1 worker')
    const two = pipeline.find((r) => r.name === 'pipeline, 2 workers')
    const floor = rows[0] as Row
    const francRow = rows[1] as Row
    const ratios = {
      pipelineVsFloor: round(best.median.mbPerSecond / floor.median.mbPerSecond, 4),
      pipelineVsFranc: round(best.median.mbPerSecond / francRow.median.mbPerSecond, 2),
      ...(one && two ? { twoWorkersVsOne: round(two.median.mbPerSecond / one.median.mbPerSecond, 2) } : {}),
      // The same ratios in CPU time: what the pipeline costs per MB against what the floor and franc cost.
      pipelineVsFloorCpu: round(best.median.mbPerCpuSecond / floor.median.mbPerCpuSecond, 4),
      pipelineVsFrancCpu: round(best.median.mbPerCpuSecond / francRow.median.mbPerCpuSecond, 2),
    }
    const { badFiles: _bad, ...corpus } = manifest
    results.sizes.push({ size: formatSize(bytes), corpus, rows, ratios })
    perSize.push({ bytes, pipeline })
    process.stdout.write(`\n## ${formatSize(bytes)} (${manifest.files} files, ${manifest.records} records)\n\n${table(rows)}\n\n`)
    process.stdout.write(
      `pipeline (${best.name}) / floor: ${ratios.pipelineVsFloor} (CPU: ${ratios.pipelineVsFloorCpu}); / franc alone: ${ratios.pipelineVsFranc} (CPU: ${ratios.pipelineVsFrancCpu})` +
        `${'twoWorkersVsOne' in ratios ? `; 2 workers / 1 worker: ${ratios.twoWorkersVsOne}` : ''}\n`,
    )
  }
  if (perSize.length > 1) {
    const first = perSize[0] as { bytes: number; pipeline: Row[] }
    const last = perSize[perSize.length - 1] as { bytes: number; pipeline: Row[] }
    results.linearity = last.pipeline.map((row, i) => ({
      name: row.name,
      small: formatSize(first.bytes),
      large: formatSize(last.bytes),
      throughputRatio: round(row.median.mbPerSecond / ((first.pipeline[i] as Row).median.mbPerSecond || Number.NaN), 3),
      peakRssMBLarge: row.median.peakRssMB,
    }))
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
