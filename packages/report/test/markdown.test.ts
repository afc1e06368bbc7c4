import { addDocument, addQuarantine, buildReport, createAggregate, renderMarkdown, type Report } from '@corpus/report'
import { describe, expect, test } from 'vitest'
import { duplicateDocs, makeDoc, quarantineEntries, runHeader, seedDocs } from './helpers.js'

function reportOf(docs = [...seedDocs(), ...duplicateDocs()], quarantine = quarantineEntries()): Report {
  const aggregate = createAggregate()
  for (const doc of docs) addDocument(aggregate, doc)
  for (const entry of quarantine) addQuarantine(aggregate, entry)
  return buildReport(aggregate, runHeader())
}

/** Every table row must have as many cell separators as its header: nothing broke a row. */
function tableShapes(markdown: string): { header: string; widths: number[] }[] {
  const lines = markdown.split('\n')
  const tables: { header: string; widths: number[] }[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (!line.startsWith('|') || (lines[i - 1] ?? '').startsWith('|')) continue
    const widths: number[] = []
    for (let j = i; j < lines.length && (lines[j] as string).startsWith('|'); j++) widths.push(((lines[j] as string).match(/\|/g) ?? []).length)
    tables.push({ header: line, widths })
  }
  return tables
}

describe('renderMarkdown', () => {
  test('matches the snapshot of the seed report', async () => {
    await expect(renderMarkdown(reportOf())).toMatchFileSnapshot('__snapshots__/seed-report.md')
  })

  test('summary first, then charts and tables; names in their own script with the English name', () => {
    const md = renderMarkdown(reportOf())
    expect(md.startsWith('# Corpus report\n\n**6 documents** in 2 languages')).toBe(true)
    const order = ['| Summary', '## Languages', '```mermaid\npie', '## Documents', '## Entities', 'xychart-beta', '## Entities across languages', '## Keywords', '## Timeline', '## Duplicates', '## Quarantine']
    const positions = order.map((s) => md.indexOf(s))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(md).toContain('| **China** | LOC | Trung Quốc (vi) · 中國 (zh-Hant) · China (en) | 17 | 6 | 3 |')
    expect(md).toContain('| **China** | LOC | Trung Quốc (14) | 中國 (2) | China (1) |')
    expect(md).toContain(
      '| 【蘇和仲專欄】人工智慧熱潮與中國的恐懼<br><sub>corpus/004\\_ee66aee5bb630a0e.txt</sub> | zh-Hant (mixed: zh-Hant 74.0%, en 26.0%) | 2024-07-02 | 286 | 4 | 3 / 5 / 4 / 0 |',
    )
    expect(md).toContain('| **OpenAI** | ORG | OpenAI (en) | 9 |')
    expect(md).toContain('"zh-Hant" : 226')
    for (const t of tableShapes(md)) expect(new Set(t.widths).size, t.header).toBe(1)
  })

  test('caps every table with "N more in report.json"', () => {
    const report = reportOf()
    const md = renderMarkdown(report, { maxRows: 3 })
    const named = report.content.entities.filter((e) => ['PER', 'ORG', 'LOC', 'PRODUCT'].includes(e.type)).length
    expect(md).toContain(`_${named - 3} more in report.json._`)
    expect(md).toContain(`_${report.content.documents.length - 3} more in report.json._`)
    expect(md).toContain(`_${report.content.cooccurrence.document.total - 3} more in report.json._`)
    const uncapped = ['| Summary', '| Language ']
    for (const t of tableShapes(md)) if (!uncapped.some((h) => t.header.startsWith(h))) expect(t.widths.length, t.header).toBeLessThanOrEqual(3 + 2)
    expect(() => renderMarkdown(report, { maxRows: 0 })).toThrow(/maxRows must be an integer >= 1, got 0/)
  })

  test('empty corpus: no chart, plain sentences instead of empty tables', () => {
    const md = renderMarkdown(reportOf([], []))
    expect(md).not.toContain('```mermaid')
    expect(md).toContain('No input was quarantined.')
    expect(md).toContain('No exact or near-duplicate documents.')
  })

  test('hostile article text cannot break a table or inject links, HTML, code or mentions', () => {
    const hostile = makeDoc({
      uri: 'feed/<img src=x onerror=alert(1)>|.jsonl',
      lang: 'vi',
      paragraphs: [
        { kind: 'title', lang: 'vi', text: 'Giá chip | tăng `rm -rf /` <script>alert(1)</script> [bấm vào](javascript:alert(1))' },
        { kind: 'body', lang: 'vi', text: 'Công ty [Evil](javascript:alert(1)) | Corp và `Nvidia` ở Hà Nội.' },
      ],
      mentions: [
        { text: '[Evil](javascript:alert(1)) | Corp', type: 'ORG', id: 'org:evil"] --> x', lang: 'vi' },
        { text: 'Hà Nội', type: 'LOC', id: 'loc:hanoi', lang: 'vi' },
      ],
    })
    const second = makeDoc({
      uri: 'feed/b.txt',
      lang: 'vi',
      paragraphs: [{ kind: 'title', lang: 'vi', text: '![x](https://evil.example/x.png)\nDòng mới **đậm** @octocat $x^2$ &amp; #1 www.evil.example' }],
    })
    const md = renderMarkdown(
      reportOf(
        [hostile, second],
        [{ docId: 'x', source: { uri: 'a|b.txt', index: 0 }, stage: 'ingest', rule: 'binary', reason: 'NUL byte </td><script>x</script> at 3\n| forged | row |', kind: 'invalid' }],
      ),
    )
    expect(md).not.toMatch(/<script|<img|<\/td>/i)
    expect(md).not.toMatch(/(?<!\\)\]\(/)
    expect(md).not.toContain('https://')
    expect(md).not.toMatch(/(?<!\\)`rm/)
    expect(md).not.toMatch(/@octocat/)
    expect(md).not.toContain('| forged | row |')
    expect(md).toContain('Giá chip &#124; tăng \\`rm -rf /\\` &lt;script&gt;alert(1)&lt;/script&gt; \\[bấm vào\\](javascript:alert(1))')
    expect(md).toContain('Dòng mới \\*\\*đậm\\*\\* &#64;\u2060octocat \\$x^2\\$ &amp;amp; \\#1 www&#46;evil.example')
    // The title with a newline stays on its table row.
    const row = md.split('\n').find((l) => l.includes('evil.example/x.png'))
    expect(row?.startsWith('| ')).toBe(true)
    expect(row).toContain('Dòng mới')
    for (const t of tableShapes(md)) expect(new Set(t.widths).size, t.header).toBe(1)
    // Chart labels lose Mermaid syntax.
    const chart = md.slice(md.indexOf('xychart-beta'), md.indexOf('```', md.indexOf('xychart-beta')))
    expect(chart).not.toContain('-->  x')
    expect(chart.split('\n').find((l) => l.includes('x-axis'))).toMatch(/^ {2}x-axis \["[^"\]]*"(, "[^"\]]*")*\]$/)
  })
})
