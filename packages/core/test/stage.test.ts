import { describe, expect, it } from 'vitest'
import {
  CorpusError,
  compose,
  createDoc,
  defineStage,
  fromDocs,
  mergeStats,
  pipeline,
  reject,
  runStage,
  withText,
  type Doc,
} from '@corpus/core'

const doc = (text: string, index: number): Doc => createDoc({ id: `d${index}`, text, source: { uri: 'mem', index } })
const sentences = ['Trung Quốc bứt phá nhanh ở cuộc đua AI', '人工智慧熱潮與中國的恐懼', '', 'OpenAI chọc thủng ảo tưởng AI']

describe('defineStage', () => {
  it('keeps input order with concurrency and never mutates the input doc', async () => {
    const slowFirst = defineStage({
      name: 'upper',
      concurrency: 4,
      async processDoc(d) {
        await new Promise((r) => setTimeout(r, d.source.index === 0 ? 30 : 1))
        return withText(d, d.text.toUpperCase())
      },
    })
    const input = sentences.map(doc)
    const { docs, quarantined } = await runStage(slowFirst, input)
    expect(docs.map((d) => d.id)).toEqual(['d0', 'd1', 'd2', 'd3'])
    expect(docs[0]!.text).toBe('TRUNG QUỐC BỨT PHÁ NHANH Ở CUỘC ĐUA AI')
    expect(input[0]!.text).toBe('Trung Quốc bứt phá nhanh ở cuộc đua AI')
    expect(quarantined).toEqual([])
  })

  it('quarantines rejections and throws per document, and the run goes on', async () => {
    const picky = defineStage({
      name: 'picky',
      processDoc(d) {
        if (d.text === '') return reject('empty', 'no text', 'invalid')
        if (d.text.startsWith('OpenAI')) throw new TypeError('boom on OpenAI')
        return d
      },
    })
    const { docs, quarantined, stats } = await runStage(picky, sentences.map(doc))
    expect(docs.map((d) => d.id)).toEqual(['d0', 'd1'])
    expect(quarantined.map((q) => [q.docId, q.stage, q.rule, q.kind])).toEqual([
      ['d2', 'picky', 'empty', 'invalid'],
      ['d3', 'picky', 'stage-error', 'failed'],
    ])
    expect(quarantined[1]!.reason).toBe('TypeError: boom on OpenAI')
    expect(stats.read).toBe(stats.written + stats.quarantined)
    expect(stats.quarantineByRule).toEqual({ 'picky/empty': 1, 'picky/stage-error': 1 })
  })

  it('rejects bad names and concurrency when defined', () => {
    expect(() => defineStage({ name: 'Bad Name', processDoc: (d) => d })).toThrow(CorpusError)
    expect(() => defineStage({ name: 'ok', concurrency: 0, processDoc: (d) => d })).toThrow(/concurrency/)
  })
})

describe('pipeline', () => {
  it('checks requires/assigns and unique names before reading', async () => {
    const a = defineStage({ name: 'a', requires: ['language'], processDoc: (d) => d })
    await expect(pipeline(fromDocs([]), [a], async () => {})).rejects.toThrow(/requires "language"/)
    const b = defineStage({ name: 'b', assigns: ['language'], processDoc: (d) => d })
    const b2 = defineStage({ name: 'b2', assigns: ['language'], processDoc: (d) => d })
    await expect(pipeline(fromDocs([]), [b, b2], async () => {})).rejects.toThrow(/assigned twice/)
    expect(() => compose(b, b)).toThrow(/used twice/)
  })

  it('fails the run when a sink drops a document silently', async () => {
    const source = fromDocs(sentences.map(doc))
    const lossy = async (docs: AsyncIterable<Doc>) => {
      for await (const d of docs) if (d.id === 'd0') continue
    }
    // The sink consumes every doc, so written counts them; a stage that swallows one breaks the invariant.
    const swallow = Object.assign(
      async function* (docs: AsyncIterable<Doc>) {
        for await (const d of docs) if (d.id !== 'd1') yield d
      },
      { stageName: 'swallow', requires: [], assigns: [] },
    )
    await expect(pipeline(source, [swallow], lossy)).rejects.toMatchObject({ code: 'E_INVARIANT' })
  })

  it('aborts on a systemic fault once the sample is large enough', async () => {
    const docs = Array.from({ length: 20 }, (_, i) => doc(i % 2 ? '' : 'Hà Nội', i))
    const dropEmpty = defineStage({ name: 'drop', processDoc: (d) => (d.text ? d : reject('empty', 'no text')) })
    await expect(
      pipeline(fromDocs(docs), [dropEmpty], async (s) => { for await (const _ of s); }, { maxQuarantineRatio: 0.2, minSampleForRatio: 10 }),
    ).rejects.toMatchObject({ code: 'E_QUARANTINE_RATIO' })
  })

  it('merges stats by addition', () => {
    const a = { read: 3, written: 2, quarantined: 1, quarantineByRule: { 'ingest/empty': 1 }, counters: { 'x/y': 2 } }
    const b = { read: 2, written: 1, quarantined: 1, quarantineByRule: { 'ingest/empty': 1, 'ingest/binary': 0 }, counters: {} }
    expect(mergeStats(a, b)).toEqual({ read: 5, written: 3, quarantined: 2, quarantineByRule: { 'ingest/empty': 2, 'ingest/binary': 0 }, counters: { 'x/y': 2 } })
  })
})
