import { createDoc, isCorpusError } from '@corpus/core'
import { addDocument, addQuarantine, buildReport, createAggregate, stringifyReport } from '@corpus/report'
import { describe, expect, test } from 'vitest'
import { makeDoc, quarantineEntries, runHeader, seedDocs, viewOf } from './helpers.js'

function seedAggregate() {
  const aggregate = createAggregate()
  for (const doc of seedDocs()) addDocument(aggregate, doc)
  return viewOf(aggregate)
}

describe('addDocument', () => {
  test('counts documents by main language and paragraphs/characters by paragraph language', () => {
    const aggregate = seedAggregate()
    expect(aggregate.languages.vi).toMatchObject({ documents: 3, paragraphs: 10 })
    expect(aggregate.languages['zh-Hant']).toMatchObject({ documents: 1, paragraphs: 3 })
    // The English subtitle of the Chinese article: a paragraph, but no document of its own.
    expect(aggregate.languages.en).toEqual({ documents: 0, paragraphs: 1, characters: [...'The Generative AI Rush and China’s Fear of Missing Out'].length })
    expect(aggregate.quarantine).toEqual([])
  })

  test('keeps every surface form of an entity with its language', () => {
    const china = seedAggregate().entities['loc:china']
    expect(china?.forms).toEqual({ vi: { 'Trung Quốc': 8 }, 'zh-Hant': { 中國: 2 }, en: { China: 1 } })
    expect(china?.documents).toBe(4)
    expect(china?.mentions).toBe(11)
    expect(china?.types).toEqual({ LOC: 11 })
  })

  test('counts pairs of named entities per paragraph and per document, not dates', () => {
    const { cooccurrence } = seedAggregate()
    // Title and lead of 000 and of 002 each name both.
    expect(cooccurrence.paragraph['loc:china']?.['org:openai']).toBe(4)
    // 000, 002 and 004 name both.
    expect(cooccurrence.document['loc:china']?.['org:openai']).toBe(3)
    expect(cooccurrence.document['date:--06-25']).toBeUndefined()
    expect(Object.values(cooccurrence.document).flatMap((row) => Object.keys(row)).some((id) => id.startsWith('date:'))).toBe(false)
  })

  test('keywords: Vietnamese syllable pairs, Chinese words in the script they were written in, no bylines', () => {
    const { keywords } = seedAggregate()
    expect(keywords.vi?.documents).toBe(3)
    expect(keywords.vi?.tf['trí tuệ']).toBe(3)
    expect(keywords.vi?.df['trung quốc']).toBe(3)
    expect(keywords.vi?.tf['của']).toBeUndefined()
    // "Sơn Vân" is only in the byline.
    expect(keywords.vi?.tf['sơn vân']).toBeUndefined()
    expect(keywords['zh-Hant']?.tf['人工智慧']).toBe(3)
    expect(keywords['zh-Hant']?.tf['軟體']).toBe(2)
    expect(keywords['zh-Hant']?.tf['软体']).toBeUndefined()
    expect(keywords['zh-Hant']?.tf['的']).toBeUndefined()
  })

  test('timeline counts named-entity mentions by article date', () => {
    const { timeline } = seedAggregate()
    expect(Object.keys(timeline).sort()).toEqual(['2024-07-02', '2024-12-28'])
    expect(timeline['2024-12-28']?.['loc:china']).toBe(3)
    expect(timeline['2024-12-28']?.['date:2024-12-28']).toBeUndefined()
  })

  test('a document with no annotations still counts (und, blank-line paragraphs, no keywords)', () => {
    const aggregate = createAggregate()
    addDocument(aggregate, createDoc({ id: 'raw-1', text: 'Hà Nội mưa to.\n\nGiao thông ùn tắc.', source: { uri: 'stdin', index: 0 } }))
    expect(viewOf(aggregate).languages.und).toEqual({ documents: 1, paragraphs: 2, characters: 32 })
    expect(viewOf(aggregate).keywords).toEqual({})
    const report = buildReport(aggregate, runHeader())
    expect(report.content.documents[0]).toMatchObject({ id: 'raw-1', title: null, language: null, paragraphs: 2, mentions: 0 })
  })

  test('the same input added twice is a harness bug', () => {
    const aggregate = createAggregate()
    const [doc] = seedDocs()
    addDocument(aggregate, doc!)
    let error: unknown
    try {
      addDocument(aggregate, doc!)
    } catch (e) {
      error = e
    }
    expect(isCorpusError(error) && error.code).toBe('E_INVARIANT')
  })

  test('keys taken from article text such as __proto__ are ordinary keys', () => {
    const aggregate = createAggregate()
    addDocument(
      aggregate,
      makeDoc({
        uri: 'hostile.txt',
        lang: 'en',
        paragraphs: [{ kind: 'body', lang: 'en', text: '__proto__ constructor __proto__ hasOwnProperty constructor' }],
        mentions: [{ text: '__proto__', type: 'ORG', id: '__proto__', lang: 'en' }],
      }),
    )
    const view = viewOf(aggregate)
    expect(Object.hasOwn(view.entities, '__proto__')).toBe(true)
    expect(view.entities.__proto__?.mentions).toBe(2)
    expect(view.keywords.en?.tf.constructor).toBe(2)
    expect(view.keywords.en?.tf.hasownproperty).toBe(1)
    expect(JSON.parse(JSON.stringify(aggregate)).entities.__proto__.mentions).toBe(2)
    const report = buildReport(aggregate, runHeader())
    expect(report.content.entities.map((e) => e.id)).toEqual(['__proto__'])
    expect(stringifyReport(report)).toContain('"id": "__proto__"')
  })
})

describe('addQuarantine', () => {
  test('keeps source, stage, rule and reason, and drops the stack trace', () => {
    const aggregate = createAggregate()
    for (const entry of quarantineEntries()) addQuarantine(aggregate, entry)
    const rows = viewOf(aggregate).quarantine
    expect(rows).toHaveLength(3)
    expect(JSON.stringify(aggregate)).not.toContain('/home/someone')
    const report = buildReport(aggregate, runHeader())
    expect(report.content.quarantine.byRule).toEqual([
      { stage: 'ingest', rule: 'empty', count: 1 },
      { stage: 'ingest', rule: 'invalid-encoding', count: 1 },
      { stage: 'langid', rule: 'unsupported-language', count: 1 },
    ])
    expect(report.content.quarantine.entries[2]).toEqual({
      docId: '0a1b2c3d4e5f6071',
      source: { uri: 'feed/2024-12-28.jsonl', index: 7 },
      stage: 'langid',
      rule: 'unsupported-language',
      reason: 'language ja is neither vi nor zh-Hant',
      kind: 'skipped',
    })
    expect(report.content.documents).toEqual([])
  })
})

test('createAggregate rejects a threshold outside (0, 1]', () => {
  expect(() => createAggregate({ nearDuplicateThreshold: 1.5 })).toThrow(/nearDuplicateThreshold must be a number in \(0, 1\], got 1.5/)
})

describe('keywords (issue 6: one jieba call per document)', () => {
  const paragraphs = [
    '中國外交部發言人在北京表示，美國應停止干預台灣的軟體產業。',
    'OpenAI 的人工智慧軟體在台灣很受歡迎，微軟也投資了這家公司。',
    '「人工智慧」一詞在 2023 年被選為年度詞彙；軟體工程師說：這只是開始。',
  ]
  test('a document cut in one call counts the same words as its paragraphs cut one by one', () => {
    const together = createAggregate()
    addDocument(together, makeDoc({ uri: 'zh.txt', lang: 'zh-Hant', paragraphs: paragraphs.map((text) => ({ kind: 'body', lang: 'zh-Hant', text })) }))
    const apart = createAggregate()
    paragraphs.forEach((text, i) => addDocument(apart, makeDoc({ uri: `zh-${i}.txt`, lang: 'zh-Hant', paragraphs: [{ kind: 'body', lang: 'zh-Hant', text }] })))
    const one = viewOf(together).keywords['zh-Hant']
    const many = viewOf(apart).keywords['zh-Hant']
    expect(one?.tf).toEqual(many?.tf)
    expect(one?.tf['軟體']).toBe(3)
    expect(one?.tf['人工智慧']).toBe(2)
    expect(one?.tf.openai).toBe(1)
    expect(one?.df['軟體']).toBe(1)
    expect(many?.df['軟體']).toBe(3)
    expect(one?.tf['软件']).toBeUndefined()
  })
})

describe('buildReport names (issue 6: canonical names from the knowledge base)', () => {
  test('a names lookup gives the canonical English name; ids it does not know keep the derived one', () => {
    const aggregate = createAggregate()
    for (const doc of seedDocs()) addDocument(aggregate, doc)
    const derived = buildReport(aggregate, runHeader()).content
    const names = (id: string): string | undefined => (id === 'loc:china' ? 'People’s Republic of China' : undefined)
    const named = buildReport(aggregate, runHeader(), { names }).content
    expect(derived.entities.find((e) => e.id === 'loc:china')?.name).toBe('China')
    expect(named.entities.find((e) => e.id === 'loc:china')?.name).toBe('People’s Republic of China')
    expect(named.crossLanguage.find((e) => e.id === 'loc:china')?.name).toBe('People’s Republic of China')
    expect(named.timeline.series.find((s) => s.id === 'loc:china')?.name).toBe('People’s Republic of China')
    const other = derived.entities.find((e) => e.id !== 'loc:china')
    expect(named.entities.find((e) => e.id === other?.id)?.name).toBe(other?.name)
    expect(() => buildReport(aggregate, runHeader(), { names: 'x' as never })).toThrow(/names must be a function/)
  })
})
