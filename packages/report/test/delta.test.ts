import { isCorpusError, type Doc } from '@corpus/core'
import { addDocument, buildReport, createAggregate, diffReports, parseReport, renderMarkdown, stringifyReport, type Report } from '@corpus/report'
import { describe, expect, test } from 'vitest'
import { runHeader, seedDocs } from './helpers.js'

function reportOf(docs: readonly Doc[], durationMs = 100): Report {
  const aggregate = createAggregate()
  for (const doc of docs) addDocument(aggregate, doc)
  return buildReport(aggregate, runHeader({ durationMs }))
}

describe('diffReports', () => {
  test('re-running on the same input changes nothing', () => {
    const docs = seedDocs()
    const previous = JSON.parse(stringifyReport(reportOf(docs, 100))) as Report
    const delta = diffReports(previous, reportOf(docs, 5000))
    expect(delta).toEqual({
      changed: false,
      documents: { before: 4, after: 4 },
      mentions: { before: 38, after: 38 },
      newDocuments: [],
      removedDocuments: [],
      newEntities: [],
      removedEntities: [],
      rose: [],
      fell: [],
      newLanguages: [],
    })
    const md = renderMarkdown(reportOf(docs), { delta })
    expect(md).toContain('## What changed\n\nNothing changed since the previous report')
  })

  test('a batch with new articles: new documents, entities, languages, and mentions that rose', () => {
    const docs = seedDocs()
    const previous = reportOf(docs.slice(0, 2))
    const current = reportOf(docs)
    const delta = diffReports(previous, current)
    expect(delta.changed).toBe(true)
    expect(delta.newDocuments.map((d) => [d.title, d.lang])).toEqual([
      ['Sora của OpenAI dội "thùng nước lạnh" vào giấc mơ AI của Trung Quốc', 'vi'],
      ['【蘇和仲專欄】人工智慧熱潮與中國的恐懼', 'zh-Hant'],
    ])
    expect(delta.newLanguages).toEqual([{ lang: 'zh-Hant', documents: 1 }])
    expect(delta.newEntities.map((e) => e.id)).toContain('per:su-hezhong')
    expect(delta.newEntities.map((e) => e.id)).not.toContain('loc:china')
    expect(delta.rose[0]).toEqual({ id: 'loc:china', type: 'LOC', name: 'China', before: 6, after: 11, change: 5 })
    expect(delta.fell).toEqual([])
    expect(delta.removedDocuments).toEqual([])

    const md = renderMarkdown(current, { delta })
    expect(md).toContain('Documents 2 → 4 (+2)')
    expect(md).toContain('Languages seen for the first time: **zh-Hant** (1 document).')
    expect(md).toContain('### New documents (2)')
    expect(md).toContain('| China | LOC | 6 | 11 | +5 |')
    expect(md.indexOf('## What changed')).toBeLessThan(md.indexOf('## Languages'))
    expect(md.indexOf('| Summary')).toBeLessThan(md.indexOf('## What changed'))
  })

  test('going back: removed documents and entities whose mentions fell', () => {
    const docs = seedDocs()
    const delta = diffReports(reportOf(docs), reportOf(docs.slice(0, 2)))
    expect(delta.removedDocuments).toHaveLength(2)
    expect(delta.fell[0]).toMatchObject({ id: 'loc:china', before: 11, after: 6, change: -5 })
    expect(delta.removedEntities.map((e) => e.id)).toContain('product:sora')
    // A delta stored in report.json is rendered too.
    expect(renderMarkdown({ ...reportOf(docs.slice(0, 2)), delta })).toContain('### Mentions fell most')
  })

  test('a previous file that is not a report is an input error', () => {
    expect(() => parseReport({ schemaVersion: 0, documents: [] })).toThrow(/not a report.json of schemaVersion 1 \(found schemaVersion 0\)/)
    let error: unknown
    try {
      diffReports({ hello: 'world' } as unknown as Report, reportOf([]))
    } catch (e) {
      error = e
    }
    expect(isCorpusError(error) && error.code).toBe('E_INPUT')
  })
})
