import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { pipeline, type Doc, type QuarantineEntry } from '@corpus/core'
import { newsBatch } from '@corpus/pipelines'
import { generateCorpus } from '../src/bench/generate.js'
import { planStages } from '../src/parallel/batch.js'
import { documentLine, runOrdered } from '../src/parallel/engine.js'
import { inlineExecutor } from '../src/parallel/pool.js'
import { runCli } from './helpers.js'

const root = mkdtempSync(join(tmpdir(), 'corpus-parallel-'))
const corpus = join(root, 'corpus')
let manifest: ReturnType<typeof generateCorpus>

beforeAll(() => {
  // About 20 documents: every format, bad files, exact and near duplicates, mixed languages.
  manifest = generateCorpus({ dir: corpus, bytes: 50_000, seed: 11, maxParagraphs: 4 })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The stages one after the other in one stream: the reference every parallel run must equal. */
async function sequentialRun(): Promise<{ docs: string[]; quarantine: string[] }> {
  const { source, stages } = newsBatch([corpus])
  const docs: string[] = []
  const quarantine: string[] = []
  await pipeline(
    source,
    stages,
    async (stream) => {
      for await (const doc of stream) docs.push(JSON.stringify(doc))
    },
    { onQuarantine: (entry) => quarantine.push(JSON.stringify(entry)), maxQuarantineRatio: 1 },
  )
  return { docs, quarantine }
}

async function orderedRun(batchDocs: number, workerSide = false): Promise<{ docs: string[]; quarantine: string[]; order: string[] }> {
  const { source, stages } = newsBatch([corpus])
  const plan = planStages(stages)
  // workerSide: what the CLI's workers do: every stage (dedup batch-locally), the report aggregate,
  // and the JSON of each document with a hole for the duplicate mark the main thread computes.
  const executor = workerSide
    ? inlineExecutor(newsBatch([corpus]).stages, {
        aggregate: { nearDuplicateThreshold: 0.8 },
        accumulate: true,
        serialize: { holes: ['duplicate'], keep: [] },
      })
    : inlineExecutor(plan.perDocument)
  const docs: string[] = []
  const quarantine: string[] = []
  const order: string[] = []
  const stats = await runOrdered({
    source,
    plan,
    executor,
    batchDocs,
    maxQuarantineRatio: 1,
    sink: {
      document(doc: Doc, info) {
        docs.push(documentLine(doc, info.serialized))
        order.push(`${doc.source.uri}#${doc.source.index}`)
      },
      quarantine(entry: QuarantineEntry) {
        quarantine.push(JSON.stringify(entry))
        order.push(`${entry.source.uri}#${entry.source.index}`)
      },
    },
  })
  expect(stats.read).toBe(stats.written + stats.quarantined)
  expect(stats.written).toBe(docs.length)
  return { docs, quarantine, order }
}

describe('ordered batch engine (in process)', () => {
  test('documents and quarantine are byte-identical to running the stages in sequence, for any batch size', async () => {
    const reference = await sequentialRun()
    expect(reference.docs.length).toBeGreaterThan(6)
    // The generator's bad files end up in the quarantine, with the reader's rules.
    const rules = reference.quarantine.map((line) => (JSON.parse(line) as QuarantineEntry).rule)
    expect(rules).toEqual(expect.arrayContaining(['invalid-encoding', 'binary', 'empty']))
    // Duplicates are marked across batches (the cross-document stage runs in order).
    const marked = reference.docs.filter((line) => {
      const dup = (JSON.parse(line) as Doc).annotations.duplicate
      return dup && (dup.exactOf !== null || dup.nearOf !== null)
    })
    expect(marked.length).toBeGreaterThan(0)

    for (const [batchDocs, workerSide] of [
      [1, false],
      [4, false],
      [3, true],
    ] as const) {
      const run = await orderedRun(batchDocs, workerSide)
      expect(run.docs, `batchDocs ${batchDocs}`).toEqual(reference.docs)
      expect(run.quarantine, `batchDocs ${batchDocs}`).toEqual(reference.quarantine)
      // Outcomes arrive in input order: files in path order, JSONL records by line.
      const files = run.order.map((o) => o.split('#')[0] as string)
      expect(files).toEqual([...files].sort())
    }
  })
})

describe('corpus run --workers (built CLI, real threads)', () => {
  test('1 and 2 worker threads and the main thread alone write the same bytes', async () => {
    const outputs: Record<string, { documents: string; quarantine: string; report: unknown }> = {}
    // '2-flush': workers hand their report aggregates to the main thread every 4 outcomes (issue 6).
    for (const workers of ['0', '1', '2', '2-flush']) {
      const out = join(root, `out-${workers}`)
      const flush = workers === '2-flush' ? ['--aggregate-flush', '4'] : []
      const result = await runCli(['run', corpus, '--out', out, '--workers', workers.slice(0, 1), '--batch-docs', '3', '--quiet', ...flush])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      outputs[workers] = {
        documents: readFileSync(join(out, 'documents.jsonl'), 'utf8'),
        quarantine: readFileSync(join(out, 'quarantine.jsonl'), 'utf8'),
        report: (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { content: unknown }).content,
      }
    }
    const one = outputs['1'] as (typeof outputs)[string]
    const lines = one.documents.split('\n').filter(Boolean)
    const quarantined = one.quarantine.split('\n').filter(Boolean)
    expect(lines.length + quarantined.length).toBeGreaterThanOrEqual(manifest.records)
    expect(quarantined.length).toBeGreaterThanOrEqual(manifest.badFiles.length)
    for (const workers of ['0', '2', '2-flush']) {
      const other = outputs[workers] as (typeof outputs)[string]
      expect(other.documents, `documents.jsonl, ${workers} vs 1 workers`).toBe(one.documents)
      expect(other.quarantine, `quarantine.jsonl, ${workers} vs 1 workers`).toBe(one.quarantine)
      expect(other.report, `report.json content, ${workers} vs 1 workers`).toEqual(one.report)
    }
  }, 240_000)

  test('a bad --workers value is a one-line config error', async () => {
    const result = await runCli(['run', corpus, '--out', join(root, 'bad'), '--workers', 'two'])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe('corpus run: E_CONFIG: --workers must be an integer >= 0 <= 256, got "two"')
  })
})
