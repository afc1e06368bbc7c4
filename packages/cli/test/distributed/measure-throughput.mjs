#!/usr/bin/env node
// Throughput of a distributed run (2 local `corpus worker` processes, 1 thread each) against the
// single-process run (`corpus run --workers 2`) on the same generated corpus; both use the 2 cores.
// Not a test (speed is never asserted in tests): run it after `pnpm build`.
//
//   node packages/cli/test/distributed/measure-throughput.mjs [--size 10MB] [--runs 3] [--shard-bytes 1000000]
//
// Uses CORPUS_TEST_REDIS_URL when set, else starts its own redis-server on a free port.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { size: { type: 'string', default: '10MB' }, runs: { type: 'string', default: '3' }, 'shard-bytes': { type: 'string', default: '1000000' }, seed: { type: 'string', default: '42' } } })
const cliBin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url))
const { generateCorpus, parseSize } = await import(new URL('../../dist/bench/generate.js', import.meta.url).href)

const root = mkdtempSync(join(tmpdir(), 'corpus-dist-bench-'))
const corpus = join(root, 'corpus')
const manifest = generateCorpus({ dir: corpus, bytes: parseSize(values.size), seed: Number(values.seed) })
const runs = Number(values.runs)
const children = new Set()

function startWorker(args) {
  const child = spawn(process.execPath, [cliBin, ...args], { stdio: ['ignore', 'ignore', 'ignore'] })
  children.add(child)
  const exited = new Promise((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))))
  return { child, exited }
}

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

function start(args) {
  // Under /usr/bin/time when present, for the CPU seconds (user + sys, all threads) of the process.
  const [cmd, argv] = timeBin ? [timeBin, ['-f', 'cpu %U %S', process.execPath, cliBin, ...args]] : [process.execPath, [cliBin, ...args]]
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] })
  children.add(child)
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))))
  return { child, exited, stderr: () => stderr }
}

/** CPU seconds a process used so far (Linux: utime + stime of /proc/<pid>/stat, all threads). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function timed(args, workers = []) {
  const before = workers.map((w) => cpuOf(w.child.pid))
  const t0 = process.hrtime.bigint()
  const p = start(args)
  const code = await p.exited
  if (code !== 0) throw new Error(`corpus ${args.join(' ')} exited ${code}: ${p.stderr()}`)
  const wall = Number(process.hrtime.bigint() - t0) / 1e9
  const match = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(p.stderr())
  const own = match ? Number(match[1]) + Number(match[2]) : NaN
  const fleet = workers.reduce((n, w, i) => n + cpuOf(w.child.pid) - (before[i] ?? 0), 0)
  return { wall, cpu: own + fleet }
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

let redisUrl = process.env.CORPUS_TEST_REDIS_URL
let redis
if (!redisUrl) {
  const port = await freePort()
  redis = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  redisUrl = `redis://127.0.0.1:${port}`
  await new Promise((r) => setTimeout(r, 500))
}

const stopAll = () => {
  for (const child of children) child.kill('SIGKILL')
  redis?.kill('SIGTERM')
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => (stopAll(), process.exit(130)))

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mb = manifest.bytes / 1e6
const results = { local: [], distributedCold: [], distributedWarm: [] }
try {
  for (let i = 0; i < runs; i++) {
    results.local.push(await timed(['run', corpus, '--out', join(root, `local-${i}`), '--workers', '2', '--quiet']))

    // A fleet of 2 fresh worker processes: the first run pays their model loading (cold), the
    // second runs on the same, already loaded workers (warm), as a long-lived fleet does.
    const queue = `bench-${process.pid}-${i}`
    const workers = [0, 1].map(() => startWorker(['worker', '--queue', redisUrl, '--queue-name', queue, '--workers', '1']))
    await new Promise((r) => setTimeout(r, 1000))
    const submit = (name) => ['run', corpus, '--out', join(root, name), '--queue', redisUrl, '--queue-name', queue, '--shard-bytes', values['shard-bytes'], '--quiet']
    results.distributedCold.push(await timed(submit(`dist-cold-${i}`), workers))
    results.distributedWarm.push(await timed(submit(`dist-warm-${i}`), workers))
    for (const w of workers) w.child.kill('SIGTERM')
    await Promise.all(workers.map((w) => w.exited))
    const differing = ['documents.jsonl', 'quarantine.jsonl', 'report.md'].filter(
      (f) => readFileSync(join(root, `local-${i}`, f), 'utf8') !== readFileSync(join(root, `dist-warm-${i}`, f), 'utf8'),
    )
    const same = differing.length === 0
    if (!same) console.error(`differing: ${differing.join(', ')} (kept in ${root})`)
    const show = (r) => `${r.wall.toFixed(1)} s (cpu ${r.cpu.toFixed(1)} s)`
    console.error(`run ${i + 1}/${runs}: local ${show(results.local[i])}, distributed cold ${show(results.distributedCold[i])}, warm ${show(results.distributedWarm[i])}; outputs identical: ${same}`)
    if (!same) process.exitCode = 1
  }
  const row = (name, xs) => {
    const wall = median(xs.map((x) => x.wall))
    const cpu = median(xs.map((x) => x.cpu))
    return `| ${name} | ${wall.toFixed(1)} | ${(mb / wall).toFixed(2)} | ${(manifest.records / wall).toFixed(0)} | ${cpu.toFixed(1)} | ${(mb / cpu).toFixed(2)} |`
  }
  console.log(`Corpus: ${manifest.files} files, ${manifest.records} documents, ${mb.toFixed(1)} MB (generator seed ${values.seed}); ${cpus().length} cores (${cpus()[0]?.model}), load average before: ${loadavg().map((x) => x.toFixed(1)).join(' ')}; median of ${runs}`)
  console.log('')
  console.log('| run | wall s | MB/s | docs/s | CPU s (all processes) | MB per CPU-s |')
  console.log('|---|---:|---:|---:|---:|---:|')
  console.log(row('single process, `corpus run --workers 2`', results.local))
  console.log(row('2 worker processes x 1 thread, fresh (model loading included)', results.distributedCold))
  console.log(row('2 worker processes x 1 thread, already running', results.distributedWarm))
  console.log('')
  const ratio = (a, b) => (median(a.map((x) => x.wall)) / median(b.map((x) => x.wall))).toFixed(2)
  console.log(`wall-time speed-up over the single process: fresh fleet ${ratio(results.local, results.distributedCold)}x, running fleet ${ratio(results.local, results.distributedWarm)}x`)
} finally {
  stopAll()
  if (process.exitCode !== 1) rmSync(root, { recursive: true, force: true })
}
