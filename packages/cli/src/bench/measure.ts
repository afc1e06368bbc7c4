import { createWriteStream } from 'node:fs'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { once } from 'node:events'
import { join } from 'node:path'
import { CorpusError, createDoc, emptyStats, mapOrdered, runStage, type Doc, type QuarantineEntry, type RunContext, type Stage } from '@corpus/core'
import { resolvePipeline } from '@corpus/pipelines'
import { addDocument, addQuarantine, buildReport, createAggregate, renderMarkdown, stringifyReport } from '@corpus/report'
import { franc } from 'franc'
import { main as cliMain } from '../main.js'

/** One measurement, taken in a fresh process so its peak RSS is its own. */
export interface Measurement {
  readonly name: string
  /** Bytes of input files the measurement covered. */
  readonly bytes: number
  /** Documents it handled (files for the floor, paragraphs for franc, documents otherwise). */
  readonly docs: number
  readonly seconds: number
  /**
   * CPU seconds (user + system) the measured work used, all threads of the process together. On
   * a shared machine wall time depends on the other load; CPU time much less so.
   */
  readonly cpuSeconds: number
  /** Peak resident set size of the process, bytes. */
  readonly peakRssBytes: number
  readonly extra?: Readonly<Record<string, number>>
}

const now = (): number => Number(process.hrtime.bigint()) / 1e9
const cpu = (): number => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

/** Peak RSS of this process so far (`maxRSS` is in kB), worker threads included. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024
}

/** Files under `dir`, in path order (the reader's order). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

async function* each<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items
}

async function inputBytes(files: readonly string[]): Promise<number> {
  let total = 0
  for (const file of files) total += (await stat(file)).size
  return total
}

/**
 * The floor: read every file, decode UTF-8, NFC-normalise, and write the text to one output file
 * (files read 4 at a time, written in order, as the reader does). Nothing a pipeline can skip.
 */
export async function measureFloor(dir: string, outFile: string): Promise<Measurement> {
  const files = await listFiles(dir)
  const decoder = new TextDecoder('utf-8')
  const out = createWriteStream(outFile)
  const start = now()
  const cpuStart = cpu()
  let bytes = 0
  for await (const text of mapOrdered(
    each(files),
    async (file) => {
      const raw = await readFile(file)
      bytes += raw.length
      return decoder.decode(raw).normalize('NFC')
    },
    4,
  )) {
    if (!out.write(text)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  const seconds = now() - start
  const cpuSeconds = cpu() - cpuStart
  await rm(outFile, { force: true })
  return { name: 'floor', bytes, docs: files.length, seconds, cpuSeconds, peakRssBytes: peakRss() }
}

/**
 * franc alone on the same text: every file decoded, split into paragraphs (blank lines), and each
 * paragraph given to franc (franc reads at most 2048 characters of a string, so whole documents
 * would not cover the same text). Only the franc calls are timed.
 */
export async function measureFranc(dir: string): Promise<Measurement> {
  const files = await listFiles(dir)
  const decoder = new TextDecoder('utf-8')
  let bytes = 0
  let paragraphs = 0
  let seconds = 0
  let cpuSeconds = 0
  for (const file of files) {
    const raw = await readFile(file)
    bytes += raw.length
    const parts = decoder.decode(raw).normalize('NFC').split(/\n\s*\n/)
    const start = now()
    const cpuStart = cpu()
    for (const part of parts) {
      if (part.trim()) {
        franc(part)
        paragraphs += 1
      }
    }
    seconds += now() - start
    cpuSeconds += cpu() - cpuStart
  }
  return { name: 'franc', bytes, docs: paragraphs, seconds, cpuSeconds, peakRssBytes: peakRss() }
}

interface Timer {
  seconds: number
  cpuSeconds: number
  docs: number
}

/** Time spent waiting on `next()` of a stream, which includes everything upstream of it. */
async function* timed(stream: AsyncIterable<Doc>, timer: Timer): AsyncIterable<Doc> {
  const iterator = stream[Symbol.asyncIterator]()
  for (;;) {
    const start = now()
    const cpuStart = cpu()
    const step = await iterator.next()
    timer.seconds += now() - start
    timer.cpuSeconds += cpu() - cpuStart
    if (step.done) return
    timer.docs += 1
    yield step.value
  }
}

/**
 * Every stage in one thread and one pass (after a warm-up document that loads every model, timed
 * as `model loading`): the reader, each stage of the named pipeline, the report
 * (aggregate + report.json + report.md) and the write of documents.jsonl. Each stage's time is
 * exclusive: the time spent waiting on its output minus what it waited for upstream. The peak RSS
 * is the whole single-thread process's.
 */
export async function measureStages(dir: string, outFile: string): Promise<Measurement[]> {
  const { source, stages } = resolvePipeline('news-batch', [dir], {})
  const bytes = await inputBytes(await listFiles(dir))
  const quarantined: QuarantineEntry[] = []
  const ctx: RunContext = {
    signal: new AbortController().signal,
    quarantine: (entry) => {
      quarantined.push(entry)
    },
    count: () => undefined,
  }
  // Models and dictionaries load lazily on a stage's first document: do that once, untimed per
  // stage, and report it as its own row.
  const warmStart = now()
  const warmCpu = cpu()
  const warmText = 'Ông Nguyễn Văn An nói với Reuters tại Hà Nội ngày 28/12/2024.\n\n中國外交部發言人在北京表示，美國應停止干預。\n\nOpenAI said in San Francisco on Monday.'
  await runStage(stages as Stage[], [createDoc({ id: 'warm-up', text: warmText, source: { uri: 'warm-up', index: 0 } })])
  addDocument(createAggregate(), (await runStage(stages as Stage[], [createDoc({ id: 'warm-up', text: warmText, source: { uri: 'warm-up', index: 0 } })])).docs[0] as Doc)
  const warm: Measurement = { name: 'model loading', bytes: 0, docs: 0, seconds: now() - warmStart, cpuSeconds: cpu() - warmCpu, peakRssBytes: 0 }
  const timers: { name: string; timer: Timer }[] = [{ name: 'read', timer: { seconds: 0, cpuSeconds: 0, docs: 0 } }]
  let stream: AsyncIterable<Doc> = timed(source.read(ctx), (timers[0] as { timer: Timer }).timer)
  for (const stage of stages as Stage[]) {
    const timer = { seconds: 0, cpuSeconds: 0, docs: 0 }
    timers.push({ name: stage.stageName, timer })
    stream = timed(stage(stream, ctx), timer)
  }
  const aggregate = createAggregate()
  const out = createWriteStream(outFile)
  let reportSeconds = 0
  let reportCpu = 0
  let writeSeconds = 0
  let writeCpu = 0
  let docs = 0
  for await (const doc of stream) {
    docs += 1
    let s = now()
    let c = cpu()
    addDocument(aggregate, doc)
    reportSeconds += now() - s
    reportCpu += cpu() - c
    s = now()
    c = cpu()
    if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain')
    writeSeconds += now() - s
    writeCpu += cpu() - c
  }
  const s = now()
  const c = cpu()
  for (const entry of quarantined) addQuarantine(aggregate, entry)
  const stats = { ...emptyStats(), read: docs + quarantined.length, written: docs, quarantined: quarantined.length }
  const report = buildReport(aggregate, { tool: { name: 'bench', version: '0' }, pipeline: 'news-batch', inputs: [dir], options: {}, stats, durationMs: 0 })
  stringifyReport(report)
  renderMarkdown(report)
  reportSeconds += now() - s
  reportCpu += cpu() - c
  out.end()
  await once(out, 'finish')
  await rm(outFile, { force: true })
  const peak = peakRss()
  const rows: Measurement[] = timers.map(({ name, timer }, i) => {
    const upstream = i > 0 ? (timers[i - 1] as { timer: Timer }).timer : undefined
    return {
      name,
      bytes,
      docs: upstream ? upstream.docs : timer.docs,
      seconds: timer.seconds - (upstream?.seconds ?? 0),
      cpuSeconds: timer.cpuSeconds - (upstream?.cpuSeconds ?? 0),
      peakRssBytes: peak,
    }
  })
  rows.push({ name: 'report', bytes, docs, seconds: reportSeconds, cpuSeconds: reportCpu, peakRssBytes: peak })
  rows.push({ name: 'write', bytes, docs, seconds: writeSeconds, cpuSeconds: writeCpu, peakRssBytes: peak })
  rows.push({ ...warm, peakRssBytes: peak })
  return rows
}

/** The whole CLI run in this process (`corpus run <dir> --out <out> --workers N --quiet`). */
export async function measurePipeline(dir: string, out: string, workers: number, extraArgs: readonly string[] = []): Promise<Measurement> {
  const bytes = await inputBytes(await listFiles(dir))
  const start = now()
  const cpuStart = cpu()
  const code = await cliMain(['run', dir, '--out', out, '--workers', String(workers), '--quiet', ...extraArgs])
  const seconds = now() - start
  const cpuSeconds = cpu() - cpuStart
  if (code !== 0) throw new CorpusError('E_PIPELINE', `corpus run exited with ${code}`)
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { run?: { stats?: { read?: number; written?: number } } }
  const docs = report.run?.stats?.read ?? 0
  await rm(out, { recursive: true, force: true })
  return { name: `pipeline-${workers}w`, bytes, docs, seconds, cpuSeconds, peakRssBytes: peakRss(), extra: { written: report.run?.stats?.written ?? 0 } }
}
