import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateCorpus } from '../src/bench/generate.js'
import { runCli } from './helpers.js'

const root = mkdtempSync(join(tmpdir(), 'corpus-incremental-'))
const all = join(root, 'all')
const inbox = join(root, 'inbox')
const state = join(root, 'state')
let files: string[]

beforeAll(() => {
  generateCorpus({ dir: all, bytes: 50_000, seed: 5, maxParagraphs: 4 })
  files = readdirSync(all, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(all.length + 1))
    .sort()
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

function copy(names: readonly string[]): void {
  for (const name of names) {
    mkdirSync(dirname(join(inbox, name)), { recursive: true })
    cpSync(join(all, name), join(inbox, name))
  }
}

function outputs(out: string) {
  return {
    documents: readFileSync(join(out, 'documents.jsonl'), 'utf8'),
    quarantine: readFileSync(join(out, 'quarantine.jsonl'), 'utf8'),
    report: (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { content: unknown }).content,
  }
}

function shardItems(): Map<string, string[]> {
  const dir = join(state, 'shards')
  const shards = new Map<string, string[]>()
  for (const name of readdirSync(dir).sort()) {
    const items = readFileSync(join(dir, name, 'items.jsonl'), 'utf8').split('\n').filter(Boolean)
    shards.set(name, items.map((line) => (JSON.parse(line) as [string, string, number])[0]))
  }
  return shards
}

const uriOfKey = (key: string): string => key.split('\u0000').pop() as string

describe('corpus run --state (incremental batches)', () => {
  test('a second run over old + new articles processes only the new ones and writes what a full run writes', async () => {
    // Old and new files interleave in path order, and an old file is an exact copy of a new one
    // (the generator's duplicate at position 4), so duplicate marks must be recomputed.
    const old = files.filter((_, i) => i % 2 === 0)
    const fresh = files.filter((_, i) => i % 2 === 1)
    copy(old)
    const first = await runCli(['run', inbox, '--out', join(root, 'out1'), '--state', state, '--workers', '1', '--checkpoint', '4', '--quiet'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const before = shardItems()
    const oldUris = new Set([...before.values()].flat().map(uriOfKey))
    expect(oldUris).toEqual(new Set(old.map((f) => join(inbox, f))))

    copy(fresh)
    const second = await runCli(['run', inbox, '--out', join(root, 'out2'), '--state', state, '--workers', '1', '--checkpoint', '4', '--quiet'])
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    const after = shardItems()
    const added = [...after].filter(([name]) => !before.has(name)).flatMap(([, keys]) => keys)
    // Only the new inputs were processed: the shards written by the second run hold exactly them.
    expect(new Set(added.map(uriOfKey))).toEqual(new Set(fresh.map((f) => join(inbox, f))))
    for (const [name, keys] of before) expect(after.get(name)).toEqual(keys)

    const full = await runCli(['run', inbox, '--out', join(root, 'full'), '--workers', '1', '--quiet'])
    expect(full.code).toBe(0)
    const expected = outputs(join(root, 'full'))
    expect(expected.documents).toContain('"exactOf":"')
    expect(outputs(join(root, 'out2'))).toEqual(expected)

    // Nothing new: nothing processed, same outputs again.
    const third = await runCli(['run', inbox, '--out', join(root, 'out3'), '--state', state, '--workers', '2', '--quiet'])
    expect(third.code).toBe(0)
    expect(shardItems()).toEqual(after)
    expect(outputs(join(root, 'out3'))).toEqual(expected)
  })

  test('a state directory built with other options is refused with a one-line error', async () => {
    expect(existsSync(join(state, 'state.json'))).toBe(true)
    const result = await runCli(['run', inbox, '--out', join(root, 'other'), '--state', state, '--near-duplicate-threshold', '0.5', '--quiet'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^corpus run: E_CONFIG: state directory .* was built by another tool version, pipeline or options/)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
