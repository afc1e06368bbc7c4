import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateCorpus } from '../src/bench/generate.js'
import { cliBin, repoRoot, runCli } from './helpers.js'

const root = mkdtempSync(join(tmpdir(), 'corpus-kill-'))
const corpus = join(root, 'corpus')
const state = join(root, 'state')
const out = join(root, 'out')

beforeAll(() => {
  generateCorpus({ dir: corpus, bytes: 60_000, seed: 3, maxParagraphs: 4 })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const committedShards = (): string[] =>
  existsSync(join(state, 'shards')) ? readdirSync(join(state, 'shards')).filter((name) => !name.includes('.tmp-')) : []

// One input per checkpoint: the first commit comes after the first document, leaving the most work to kill.
const args = ['run', corpus, '--out', out, '--state', state, '--checkpoint', '1', '--batch-docs', '1', '--workers', '1', '--quiet']

/** Start the run as a user would and SIGKILL it once it has committed its first checkpoint. */
function runAndKill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], { cwd: repoRoot, stdio: 'ignore' })
    const poll = setInterval(() => {
      if (committedShards().length >= 1) {
        clearInterval(poll)
        child.kill('SIGKILL')
      }
    }, 5)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearInterval(poll)
      resolve({ code, signal })
    })
  })
}

describe('interrupt safety', () => {
  test('a run killed with SIGKILL and run again loses no document and counts none twice', async () => {
    const killed = await runAndKill()
    expect(killed.signal).toBe('SIGKILL')
    // Nothing half-written under a final name: outputs appear only when a run completes.
    expect(existsSync(join(out, 'documents.jsonl'))).toBe(false)
    expect(existsSync(join(out, 'report.json'))).toBe(false)
    const survived = committedShards()
    expect(survived.length).toBeGreaterThanOrEqual(1)

    const resumed = await runCli(args)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    // Shards committed before the kill were reused, not redone.
    for (const name of survived) expect(committedShards()).toContain(name)
    expect(readdirSync(join(state, 'shards')).filter((name) => name.includes('.tmp-'))).toEqual([])

    const full = await runCli(['run', corpus, '--out', join(root, 'full'), '--workers', '1', '--quiet'])
    expect(full.code).toBe(0)
    const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8')
    expect(read(out, 'documents.jsonl')).toBe(read(join(root, 'full'), 'documents.jsonl'))
    expect(read(out, 'quarantine.jsonl')).toBe(read(join(root, 'full'), 'quarantine.jsonl'))
    const content = (dir: string) => (JSON.parse(read(dir, 'report.json')) as { content: unknown }).content
    expect(content(out)).toEqual(content(join(root, 'full')))

    // Every input is in exactly one committed shard.
    const keys = committedShards().flatMap((name) =>
      read(join(state, 'shards', name), 'items.jsonl')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as [string])[0]),
    )
    const report = JSON.parse(read(out, 'report.json')) as { run: { stats: { read: number; written: number; quarantined: number } } }
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.length).toBe(report.run.stats.read)
    expect(report.run.stats.read).toBe(report.run.stats.written + report.run.stats.quarantined)
  })
})
