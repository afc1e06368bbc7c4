import { isCorpusError, type Doc } from '@corpus/core'
import {
  addDocument,
  addQuarantine,
  buildReport,
  createAggregate,
  mergeAggregateInto,
  mergeAggregates,
  stringifyJson,
  stringifyJsonPieces,
  stringifyReport,
  type ReportAggregate,
} from '@corpus/report'
import { describe, expect, test } from 'vitest'
import { duplicateDocs, quarantineEntries, runHeader, seedDocs, viewOf } from './helpers.js'

const allDocs = (): Doc[] => [...seedDocs(), ...duplicateDocs()]

function aggregateOf(docs: readonly Doc[], quarantine = quarantineEntries()): ReportAggregate {
  const aggregate = createAggregate()
  for (const doc of docs) addDocument(aggregate, doc)
  for (const entry of quarantine) addQuarantine(aggregate, entry)
  return aggregate
}

const contentOf = (aggregate: ReportAggregate): string => stringifyJson(buildReport(aggregate, runHeader()).content)

/** A fixed permutation (seeded LCG), so the test is the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

describe('mergeAggregates', () => {
  test('two half-corpus aggregates merge into the whole-corpus aggregate and report', () => {
    const docs = allDocs()
    const q = quarantineEntries()
    // The exact copy of 000 and its original end up in different halves.
    const first = aggregateOf(docs.slice(0, 3), q.slice(0, 1))
    const second = aggregateOf(docs.slice(3), q.slice(1))
    const whole = aggregateOf(docs, q)
    const merged = mergeAggregates(first, second)
    expect(stringifyJson(merged)).toBe(stringifyJson(whole))
    expect(contentOf(merged)).toBe(contentOf(whole))
    const report = buildReport(merged, runHeader())
    expect(report.content.duplicates).toHaveLength(1)
    expect(report.content.duplicates[0]?.members.map((m) => [m.source.uri, m.kind])).toEqual([
      ['corpus/000_2f88a1b3149f2a67.txt', 'representative'],
      ['mirror/feed.jsonl', 'near'],
      ['mirror/openai-chan-api.txt', 'exact'],
    ])
    expect(report.content.quarantine.total).toBe(3)
  })

  test('is commutative and associative, and leaves its inputs unchanged', () => {
    const docs = allDocs()
    const a = aggregateOf(docs.slice(0, 2), [])
    const b = aggregateOf(docs.slice(2, 4), quarantineEntries().slice(0, 2))
    const c = aggregateOf(docs.slice(4), quarantineEntries().slice(2))
    const before = stringifyJson(a)
    expect(contentOf(mergeAggregates(a, b))).toBe(contentOf(mergeAggregates(b, a)))
    expect(stringifyJson(mergeAggregates(mergeAggregates(a, b), c))).toBe(stringifyJson(mergeAggregates(a, mergeAggregates(b, c))))
    expect(contentOf(mergeAggregates(mergeAggregates(a, b), c))).toBe(contentOf(aggregateOf(docs)))
    expect(stringifyJson(a)).toBe(before)
  })

  test('aggregates survive a JSON round trip (shards send them as files)', () => {
    const docs = allDocs()
    const first = JSON.parse(JSON.stringify(aggregateOf(docs.slice(0, 3), []))) as ReportAggregate
    const second = JSON.parse(JSON.stringify(aggregateOf(docs.slice(3)))) as ReportAggregate
    expect(contentOf(mergeAggregates(first, second))).toBe(contentOf(aggregateOf(docs)))
    addDocument(first, docs[3] as Doc)
    expect(viewOf(first).entities['loc:china']?.mentions).toBe(11)
  })

  test('refuses aggregates with different thresholds or the same input twice', () => {
    const docs = allDocs()
    const strict = createAggregate({ nearDuplicateThreshold: 0.95 })
    expect(() => mergeAggregates(aggregateOf(docs.slice(0, 1)), strict)).toThrow(/nearDuplicateThreshold 0.8 and 0.95/)
    let error: unknown
    try {
      mergeAggregates(aggregateOf(docs.slice(0, 2), []), aggregateOf(docs.slice(1, 3), []))
    } catch (e) {
      error = e
    }
    expect(isCorpusError(error) && error.code).toBe('E_INVARIANT')
  })
})

describe('mergeAggregateInto', () => {
  test('folds shards into one aggregate in place, equal to the pure merge and to the whole corpus', () => {
    const docs = allDocs()
    const q = quarantineEntries()
    const shards = [aggregateOf(docs.slice(0, 2), q.slice(0, 1)), aggregateOf(docs.slice(2, 4), q.slice(1, 2)), aggregateOf(docs.slice(4), q.slice(2))]
    const shardBytes = shards.map((s) => stringifyJson(s))
    const total = createAggregate()
    for (const shard of shards) expect(mergeAggregateInto(total, shard)).toBe(total)
    const pure = mergeAggregates(mergeAggregates(shards[0] as ReportAggregate, shards[1] as ReportAggregate), shards[2] as ReportAggregate)
    expect(stringifyJson(total)).toBe(stringifyJson(pure))
    expect(contentOf(total)).toBe(contentOf(aggregateOf(docs, q)))
    // the shards are unchanged and share nothing with the total
    expect(shards.map((s) => stringifyJson(s))).toEqual(shardBytes)
    const before = stringifyJson(shards[0] as ReportAggregate)
    const mentions = viewOf(total).entities['loc:china']?.mentions ?? 0
    addDocument(total, { ...(docs[0] as Doc), source: { uri: 'another.txt', index: 0 } })
    expect(viewOf(total).entities['loc:china']?.mentions).toBe(mentions + 3)
    expect(stringifyJson(shards[0] as ReportAggregate)).toBe(before)
  })

  test('works on aggregates read back from JSON, and a refused merge leaves the target as it was', () => {
    const docs = allDocs()
    const target = JSON.parse(JSON.stringify(aggregateOf(docs.slice(0, 3), []))) as ReportAggregate
    const before = stringifyJson(target)
    let error: unknown
    try {
      mergeAggregateInto(target, aggregateOf(docs.slice(2), []))
    } catch (e) {
      error = e
    }
    expect(isCorpusError(error) && error.code).toBe('E_INVARIANT')
    expect(() => mergeAggregateInto(target, createAggregate({ nearDuplicateThreshold: 0.95 }))).toThrow(/nearDuplicateThreshold 0.8 and 0.95/)
    expect(stringifyJson(target)).toBe(before)
    mergeAggregateInto(target, JSON.parse(JSON.stringify(aggregateOf(docs.slice(3)))) as ReportAggregate)
    expect(contentOf(target)).toBe(contentOf(aggregateOf(docs)))
  })
})

describe('determinism', () => {
  test('two builds give identical bytes, whatever order the documents arrived in', () => {
    const docs = allDocs()
    const q = quarantineEntries()
    const reference = stringifyReport(buildReport(aggregateOf(docs, q), runHeader()))
    expect(stringifyReport(buildReport(aggregateOf(docs, q), runHeader()))).toBe(reference)
    for (const seed of [1, 7, 42]) {
      const shuffledReport = buildReport(aggregateOf(shuffled(docs, seed), shuffled(q, seed)), runHeader())
      expect(stringifyReport(shuffledReport)).toBe(reference)
    }
  })

  test('the run header is kept apart: other timings change run, not content', () => {
    const aggregate = aggregateOf(allDocs())
    const a = buildReport(aggregate, runHeader({ durationMs: 10 }))
    const b = buildReport(aggregate, runHeader({ durationMs: 99_999, startedAt: '2026-01-01T00:00:00Z' }))
    expect(stringifyJson(a.content)).toBe(stringifyJson(b.content))
    expect(stringifyReport(a)).not.toBe(stringifyReport(b))
  })

  test('stringifyReport sorts keys and ends with a newline', () => {
    const text = stringifyReport(buildReport(aggregateOf(seedDocs().slice(0, 1), []), runHeader()))
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.indexOf('"content"')).toBeLessThan(text.indexOf('"run"'))
    expect(text.indexOf('"run"')).toBeLessThan(text.indexOf('"schemaVersion"'))
    expect(text).toContain('\n  "content": {\n    "cooccurrence"')
  })
})

describe('stringifyJsonPieces (issue 6: report.json written in pieces)', () => {
  test('the pieces joined are exactly stringifyJson, for a report and for an aggregate', () => {
    const docs = allDocs()
    const aggregate = aggregateOf(docs)
    const report = buildReport(aggregate, runHeader())
    for (const value of [report, aggregate, { '10': 1, '2': [], b: {}, a: [null, -0, { z: 1, '0': 'x' }], __proto__x: 1 }]) {
      const pieces = [...stringifyJsonPieces(value)]
      expect(pieces.join('')).toBe(stringifyJson(value))
    }
    expect(stringifyJson({ '10': 1, '2': 2, b: 3, a: 4 })).toBe('{\n  "2": 2,\n  "10": 1,\n  "a": 4,\n  "b": 3\n}\n')
  })
})
