import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { generateCorpus } from '../src/bench/generate.js'
import { repoRoot, runCli } from './helpers.js'
import { chooseRedis, spawnRedis, startCli, stopAll, stopChild, type CliProcess } from './distributed/services.js'

const redisChoice = chooseRedis()
if (redisChoice.kind === 'none') console.warn(`distributed tests against Redis skipped: ${redisChoice.why}`)

const root = mkdtempSync(join(tmpdir(), 'corpus-dist-'))
const PREFIX = 'corpus'
// Real processes on a shared 2-core machine: generous limits (speed is not what is tested).
const TEST_TIMEOUT_MS = 180_000
const HOOK_TIMEOUT_MS = 180_000
let redisUrl = ''
let stopRedis: () => Promise<void> = async () => undefined
let queueSeq = 0
const usedQueues: string[] = []

/** A queue name no other test (or earlier run of this file) uses. */
function freshQueue(): string {
  const name = `test-${process.pid}-${Date.now().toString(36)}-${queueSeq++}`
  usedQueues.push(name)
  return name
}

const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8')
const content = (dir: string): unknown => (JSON.parse(read(dir, 'report.json')) as { content: unknown }).content
/** The run's counts (the run header's stage counters are left out: timing-free but not part of the content). */
const stats = (dir: string) => {
  const { read: r, written, quarantined, quarantineByRule } = (JSON.parse(read(dir, 'report.json')) as { run: { stats: { read: number; written: number; quarantined: number; quarantineByRule: unknown } } }).run.stats
  return { read: r, written, quarantined, quarantineByRule }
}
const lines = (dir: string, name: string): Record<string, unknown>[] =>
  read(dir, name)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
const uriOf = (record: Record<string, unknown>): string => (record.source as { uri: string }).uri

/** Same bytes in `name` of both folders; on a difference, name the first differing line (not the whole file). */
function expectSameFile(dir: string, reference: string, name: string): void {
  const got = read(dir, name)
  const want = read(reference, name)
  if (got === want) return
  const a = got.split('\n')
  const b = want.split('\n')
  const at = a.findIndex((line, i) => line !== b[i])
  const line = at < 0 ? b.length : at
  const x = a[line] ?? '(end)'
  const y = b[line] ?? '(end)'
  let c = 0
  while (c < x.length && x[c] === y[c]) c += 1
  const around = (text: string): string => text.slice(Math.max(0, c - 80), c + 120)
  expect.fail(`${name} differs from the local run at line ${line + 1} of ${b.length}, character ${c}: …${around(x)}… != …${around(y)}…`)
}

/** Start a worker process and wait until it serves the queue. */
async function startWorker(queue: string, extra: string[] = []): Promise<CliProcess> {
  // Workers run from another folder than the submitter: relative input paths must not matter.
  const worker = startCli(['worker', '--queue', redisUrl, '--queue-name', queue, '--workers', '1', '--lock-ms', '2000', ...extra], { cwd: repoRoot })
  await worker.waitFor(/serving queue/)
  return worker
}

/** Shard lines a worker logged as finished (`run <id> shard 3/9 done`). */
const finishedShards = (worker: CliProcess): string[] => [...worker.stderr().matchAll(/shard (\d+)\/\d+ done/g)].map((m) => m[1] as string)
const startedShards = (worker: CliProcess): string[] => [...worker.stderr().matchAll(/shard (\d+)\/\d+ started/g)].map((m) => m[1] as string)

const submitArgs = (queue: string, out: string, extra: string[] = []): string[] => [
  'run',
  'corpus',
  '--out',
  out,
  '--queue',
  redisUrl,
  '--queue-name',
  queue,
  '--shard-bytes',
  '6000',
  ...extra,
]

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('distributed runs: errors without a server', () => {
  test('an unreachable Redis is one line on stderr and a non-zero exit, for the submitter and the worker', async () => {
    // A port nothing listens on: a server started and stopped at once would do; port 1 is never Redis.
    const url = 'redis://127.0.0.1:1'
    const submit = await runCli(['run', join(repoRoot, 'corpus'), '--out', join(root, 'unreachable'), '--queue', url, '--quiet'])
    expect(submit.code).toBe(1)
    expect(submit.stderr).toMatch(/^corpus run: E_QUEUE: cannot connect to Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/)
    const worker = await runCli(['worker', '--queue', url])
    expect(worker.code).toBe(1)
    expect(worker.stderr).toMatch(/^corpus worker: E_QUEUE: cannot connect to Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/)
  }, TEST_TIMEOUT_MS)

  test('bad queue flags are config errors (exit 2), stdin and --state are refused', async () => {
    const cases: [string[], RegExp][] = [
      [['run', 'corpus', '--out', join(root, 'x'), '--queue', 'http://localhost:6379'], /--queue must be a redis:\/\/ or rediss:\/\/ URL/],
      [['run', 'corpus', '--out', join(root, 'x'), '--queue', 'redis://127.0.0.1:1', '--shard-bytes', '0'], /--shard-bytes must be an integer >= 1, got "0"/],
      [['run', 'corpus', '--out', join(root, 'x'), '--queue', 'redis://127.0.0.1:1', '--state', join(root, 's')], /--state cannot be combined with --queue/],
      [['run', 'corpus', '--out', join(root, 'x'), '--queue', 'redis://127.0.0.1:1', '--queue-name', 'a b'], /--queue-name must be letters/],
      [['worker'], /--queue redis:\/\/HOST:PORT is required/],
    ]
    for (const [args, message] of cases) {
      const result = await runCli(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  }, TEST_TIMEOUT_MS)
})

describe.skipIf(redisChoice.kind === 'none')('distributed runs on BullMQ and a real Redis', () => {
  const corpus = join(root, 'corpus')
  const local = join(root, 'local')

  beforeAll(async () => {
    if (redisChoice.kind === 'env') redisUrl = redisChoice.url
    else {
      const server = await spawnRedis()
      redisUrl = server.url
      stopRedis = server.stop
    }
    generateCorpus({ dir: corpus, bytes: 50_000, seed: 17, maxParagraphs: 4 })
    // Inputs a shard has to label exactly as a local run does: a broken link (listed as
    // unreadable), and a JSONL file whose records are a cross-shard exact duplicate and a bad line.
    symlinkSync(join(corpus, 'no-such-target.txt'), join(corpus, '0000', 'broken-link.txt'))
    const first = readdirSync(join(corpus, '0000')).sort()[0] as string
    const copied = read(join(corpus, '0000'), first)
    writeFileSync(join(corpus, 'zz-feed.jsonl'), `${JSON.stringify({ id: 'feed-1', text: copied })}\n{"text": 42}\n${JSON.stringify({ text: 'Giá vàng hôm nay tăng mạnh theo thị trường thế giới.' })}\n`)
    // The reference: a local run of the same command line from the same folder.
    const result = await runCli(['run', 'corpus', '--out', local, '--workers', '1', '--quiet'], { cwd: root })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  }, HOOK_TIMEOUT_MS)

  afterEach(async () => {
    await stopAll()
  })

  afterAll(async () => {
    await stopAll()
    if (redisUrl) {
      const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
      for (const name of usedQueues) {
        const queue = new Queue(name, { connection, prefix: PREFIX })
        await queue.obliterate({ force: true })
        await queue.close()
      }
      connection.disconnect()
    }
    await stopRedis()
  }, HOOK_TIMEOUT_MS)

  test('two worker processes give the same documents, quarantine and report as a local run', async () => {
    const queue = freshQueue()
    const workers = [await startWorker(queue), await startWorker(queue)]
    const out = join(root, 'two-workers')
    const result = await runCli(submitArgs(queue, out, ['--quiet']), { cwd: root })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    expectSameFile(out, local, 'documents.jsonl')
    expectSameFile(out, local, 'quarantine.jsonl')
    expectSameFile(out, local, 'report.md')
    expect(content(out)).toEqual(content(local))
    expect(stats(out)).toEqual(stats(local))
    // The run really was spread: several shards, and both workers processed some of them.
    const done = workers.map(finishedShards)
    expect(done[0]?.length).toBeGreaterThan(0)
    expect(done[1]?.length).toBeGreaterThan(0)
    expect(new Set(done.flat()).size).toBeGreaterThanOrEqual(5)
    // Cross-shard near-duplicate marks were recomputed over the whole input, as in the local run.
    const marked = lines(out, 'documents.jsonl').filter((doc) => {
      const dup = (doc.annotations as { duplicate?: { exactOf: string | null; nearOf: string | null } }).duplicate
      return Boolean(dup?.exactOf ?? dup?.nearOf)
    })
    expect(marked.length).toBeGreaterThan(0)
    // The work folder is removed after a successful run.
    expect(existsSync(join(root, out, '.corpus-work'))).toBe(false)
    for (const worker of workers) await stopChild(worker.child)
    for (const worker of workers) expect(worker.stderr()).toMatch(/stopped\n$/)
  }, TEST_TIMEOUT_MS)

  test('a worker killed with SIGKILL mid-shard: its shard is taken up again and the report is exact', async () => {
    const queue = freshQueue()
    const out = join(root, 'killed')
    const victim = await startWorker(queue)
    const submitter = startCli(submitArgs(queue, out, ['--keep-work']), { cwd: root })
    // Kill the worker as soon as it holds a shard (it is loading models or processing it).
    await victim.waitFor(/shard \d+\/\d+ started/)
    victim.child.kill('SIGKILL')
    expect((await victim.exited).signal).toBe('SIGKILL')
    const lostShard = startedShards(victim).find((n) => !finishedShards(victim).includes(n))
    expect(lostShard).toBeDefined()

    const rescuer = await startWorker(queue)
    const { code } = await submitter.exited
    expect(submitter.stderr()).not.toMatch(/E_|failed/)
    expect(code).toBe(0)
    // The shard the victim held was done by the rescuer after its lock expired.
    expect(finishedShards(rescuer)).toContain(lostShard)

    expectSameFile(out, local, 'documents.jsonl')
    expectSameFile(out, local, 'quarantine.jsonl')
    expectSameFile(out, local, 'report.md')
    expect(content(out)).toEqual(content(local))

    // Every input is in exactly one committed shard: nothing lost, nothing counted twice.
    const work = join(out, '.corpus-work')
    const [runId] = readdirSync(work)
    const shardsDir = join(work, runId as string, 'shards')
    const committed = readdirSync(shardsDir).filter((name) => /^s\d+$/.test(name))
    const keys = committed.flatMap((name) =>
      read(join(shardsDir, name), 'items.jsonl')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as [string])[0]),
    )
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.length).toBe(stats(local).read)
  }, TEST_TIMEOUT_MS)

  test('a shard that fails on every attempt ends in the failed set; the run reports it and exits non-zero', async () => {
    const queue = freshQueue()
    const out = join(root, 'failing')
    const submitter = startCli(submitArgs(queue, out, ['--attempts', '2', '--backoff-ms', '100']), { cwd: root })
    await submitter.waitFor(/queued \d+ shards/)
    // After submission and before any worker reads it, an input disappears from the shared path.
    const name = readdirSync(join(corpus, '0000')).filter((file) => file.endsWith('.txt')).sort()[8] as string
    const gone = join(corpus, '0000', name)
    const goneUri = `corpus/0000/${name}`
    const saved = readFileSync(gone)
    rmSync(gone)
    try {
      const worker = await startWorker(queue)
      const { code } = await submitter.exited
      expect(code).toBe(1)
      const failure = submitter.stderr().split('\n').filter((line) => line.includes('E_QUEUE'))
      expect(failure).toHaveLength(1)
      expect(failure[0]).toMatch(/1 of \d+ shards failed after 2 attempts \(shard \d+: input .*\.txt is not readable on this worker .*ENOENT.*shared/)
      expect(worker.stderr()).toMatch(/failed \(attempt 1 of 2, will retry\)/)
      expect(worker.stderr()).toMatch(/failed \(attempt 2 of 2, final\)/)

      // The failed shard's inputs are quarantined (not silently missing), the rest is processed.
      const failedRows = lines(out, 'quarantine.jsonl').filter((entry) => entry.rule === 'shard-failed')
      const failedUris = new Set(failedRows.map(uriOf))
      expect(failedUris.has(goneUri)).toBe(true)
      for (const row of failedRows) {
        expect(row).toMatchObject({ stage: 'distributed', kind: 'failed' })
        expect(row.reason).toMatch(/^shard \d+ of \d+ failed after 2 attempts: input /)
      }
      const docs = lines(out, 'documents.jsonl')
      expect(docs.filter((doc) => failedUris.has(uriOf(doc)))).toEqual([])
      const expectedUris = lines(local, 'documents.jsonl').map(uriOf).filter((uri) => !failedUris.has(uri))
      expect(docs.map(uriOf)).toEqual(expectedUris)
      const report = JSON.parse(read(out, 'report.json')) as {
        run: { stats: { read: number; written: number; quarantined: number } }
        content: { quarantine: { byRule: { stage: string; rule: string; count: number }[] } }
      }
      expect(report.content.quarantine.byRule).toContainEqual({ stage: 'distributed', rule: 'shard-failed', count: failedRows.length })
      expect(report.run.stats.read).toBe(report.run.stats.written + report.run.stats.quarantined)
      expect(read(out, 'report.md')).toMatch(/shard-failed/)
    } finally {
      writeFileSync(gone, saved)
    }
  }, TEST_TIMEOUT_MS)

  test('a Redis that may evict keys is reported with a warning', async () => {
    const admin = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
    const before = ((await admin.config('GET', 'maxmemory-policy')) as string[])[1] ?? 'noeviction'
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru')
    try {
      const result = await runCli(['run', join(root, 'no-such-input'), '--out', join(root, 'evict'), '--queue', redisUrl, '--queue-name', freshQueue()])
      expect(result.stderr).toMatch(/^corpus run: warning: Redis at redis:\/\/127\.0\.0\.1:\d+ has maxmemory-policy "allkeys-lru"; BullMQ needs "noeviction"/)
      // The run goes on after the warning (here to the missing input).
      expect(result.stderr).toMatch(/E_INPUT: cannot read input ".*no-such-input": no such file or folder/)
      expect(result.code).toBe(1)
    } finally {
      await admin.config('SET', 'maxmemory-policy', before)
      admin.disconnect()
    }
  }, TEST_TIMEOUT_MS)
})
