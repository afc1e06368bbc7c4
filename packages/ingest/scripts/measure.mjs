// Measure the ingest stages (issue 6). Needs a build (`pnpm --filter @corpus/ingest build`).
//
//   node scripts/measure.mjs stages <dir> [passes]   CPU of each stage alone: the reader over <dir>,
//                                                    then cleanText and markDuplicates over documents
//                                                    already in memory; first pass (cold JIT) and best
//                                                    of the later passes, as MB of input per CPU-second
//   node scripts/measure.mjs chain <dir>             one pass readCorpus -> cleanText -> markDuplicates
//                                                    in one process: CPU, wall, peak RSS
//   node --expose-gc scripts/measure.mjs index [docs]
//                                                    bytes the markDuplicates index holds per distinct
//                                                    document (heap + typed arrays after a full GC),
//                                                    over generated distinct documents
//
// CPU time is process.cpuUsage() (all threads), so other load on the machine matters less than for
// wall time. Corpora: `pnpm bench` writes them to bench-out/ (or `pnpm bench generate --size 100MB
// --dir <dir>`).
import { readFileSync, readdirSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createDoc } from '@corpus/core'
import { cleanText, markDuplicates, readCorpus } from '../dist/index.js'

const [mode, arg, extra] = process.argv.slice(2)
const ctx = { signal: new AbortController().signal, quarantine: () => undefined, count: () => undefined }
const cpu = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024)
async function* each(items) {
  yield* items
}
async function inputBytes(dir) {
  let total = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}
async function drain(stream, keep) {
  const out = []
  for await (const doc of stream) if (keep) out.push(doc)
  return out
}

async function stages(dir, passes) {
  const mb = (await inputBytes(dir)) / 1e6
  const runs = { read: [], clean: [], dedup: [] }
  let read = []
  let cleaned = []
  for (let pass = 0; pass < passes; pass += 1) {
    let start = cpu()
    read = await drain(readCorpus([dir]).read(ctx), true)
    runs.read.push(cpu() - start)
    start = cpu()
    cleaned = await drain(cleanText()(each(read), ctx), true)
    runs.clean.push(cpu() - start)
    start = cpu()
    await drain(markDuplicates()(each(cleaned), ctx), false)
    runs.dedup.push(cpu() - start)
  }
  const rate = (seconds) => Number((mb / seconds).toFixed(1))
  const result = Object.fromEntries(
    Object.entries(runs).map(([name, seconds]) => [name, { cold: rate(seconds[0]), warmBest: rate(Math.min(...seconds.slice(1))) }]),
  )
  console.log(JSON.stringify({ dir, mb: Number(mb.toFixed(1)), documents: read.length, passes, mbPerCpuSecond: result, peakRssMB: peakRssMB() }))
}

async function chain(dir) {
  const mb = (await inputBytes(dir)) / 1e6
  const start = cpu()
  const wall = performance.now()
  let docs = 0
  let exact = 0
  let near = 0
  for await (const doc of markDuplicates()(cleanText()(readCorpus([dir]).read(ctx), ctx), ctx)) {
    docs += 1
    if (doc.annotations.duplicate?.exactOf) exact += 1
    if (doc.annotations.duplicate?.nearOf) near += 1
  }
  const seconds = cpu() - start
  console.log(
    JSON.stringify({ dir, mb: Number(mb.toFixed(1)), documents: docs, exact, near, cpuSeconds: Number(seconds.toFixed(2)), wallSeconds: Number(((performance.now() - wall) / 1000).toFixed(2)), mbPerCpuSecond: Number((mb / seconds).toFixed(1)), peakRssMB: peakRssMB() }),
  )
}

async function index(total) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc')
  const seedDir = new URL('../../../corpus/', import.meta.url)
  const words = readdirSync(seedDir)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => readFileSync(new URL(name, seedDir), 'utf8'))
    .join(' ')
    .split(/\s+/)
  let seed = 42
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 4294967296
  }
  // Distinct documents of 60-120 random seed words, with ids and uris like the reader's.
  async function* documents() {
    for (let i = 0; i < total; i += 1) {
      const picked = Array.from({ length: 60 + Math.floor(random() * 60) }, () => words[Math.floor(random() * words.length)])
      const id = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0') + ((i * 40503) >>> 0).toString(16).padStart(8, '0')
      const uri = `bench-out/corpus-1GB-s42/${String(Math.floor(i / 1000)).padStart(4, '0')}/${String(i).padStart(7, '0')}.txt`
      yield createDoc({ id, text: `${i} ${picked.join(' ')}`, source: { uri, index: 0 } })
    }
  }
  const held = () => {
    globalThis.gc()
    globalThis.gc()
    const usage = process.memoryUsage()
    return usage.heapUsed + usage.external
  }
  const base = held()
  const checkpoints = new Set([10_000, 50_000, 100_000, total - 1])
  const iterator = markDuplicates()(documents(), ctx)[Symbol.asyncIterator]()
  let seen = 0
  let start = cpu()
  for (;;) {
    const step = await iterator.next()
    if (step.done) break
    seen += 1
    // The stream is suspended here, so the index is still alive.
    if (checkpoints.has(seen)) {
      const cpuPerDoc = ((cpu() - start) / seen) * 1e6
      const bytes = held() - base
      console.log(JSON.stringify({ documents: seen, heldMB: Number((bytes / 1e6).toFixed(1)), bytesPerDocument: Math.round(bytes / seen), cpuMicrosecondsPerDocument: Number(cpuPerDoc.toFixed(1)) }))
      start = cpu() - (cpuPerDoc * seen) / 1e6
    }
  }
  console.log(JSON.stringify({ peakRssMB: peakRssMB() }))
}

if (mode === 'stages' && arg) await stages(arg, Math.max(2, Number(extra ?? 3)))
else if (mode === 'chain' && arg) await chain(arg)
else if (mode === 'index') await index(Number(arg ?? 170_000))
else {
  console.error('usage: node scripts/measure.mjs stages <dir> [passes] | chain <dir> | index [documents] (index needs node --expose-gc)')
  process.exitCode = 2
}
