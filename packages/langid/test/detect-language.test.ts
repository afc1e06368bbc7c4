import { readFileSync } from 'node:fs'
import { createDoc, isCorpusError, runStage, type Doc } from '@corpus/core'
import type { Paragraph } from '@corpus/ingest'
import { detectLanguage } from '@corpus/langid'
import { describe, expect, test } from 'vitest'

const seed = (name: string): string => readFileSync(new URL(`../../../corpus/${name}.txt`, import.meta.url), 'utf8').normalize('NFC')

function doc(id: string, text: string, paragraphs?: readonly Paragraph[]): Doc {
  return createDoc({ id, text, source: { uri: `test:${id}`, index: 0 }, ...(paragraphs ? { annotations: { paragraphs } } : {}) })
}

/** Paragraphs the way ingest's cleaner lays them out: kept blocks joined by a blank line. */
function withParagraphs(id: string, blocks: readonly string[]): Doc {
  const paragraphs: Paragraph[] = []
  let text = ''
  blocks.forEach((block, i) => {
    if (i > 0) text += '\n\n'
    paragraphs.push({ start: text.length, end: text.length + block.length, kind: i === 0 ? 'title' : 'body', sourceStart: text.length, line: i + 1 })
    text += block
  })
  return doc(id, text, paragraphs)
}

const VI_TITLE = 'OpenAI chọc thủng ảo tưởng AI của Trung Quốc'
const VI_BODY =
  'Các công ty công nghệ Trung Quốc đã đầu tư hàng tỷ USD vào trí tuệ nhân tạo, nhưng việc thiếu hụt chip tiên tiến khiến họ khó bắt kịp các đối thủ Mỹ.'
const EN_QUOTE = 'The gap between Chinese and American models is closing faster than anyone expected, analysts said.'

describe('detectLanguage stage', () => {
  test('documents with a paragraphs annotation: labels per paragraph and per document', async () => {
    const input = withParagraphs('vi-en', [VI_TITLE, VI_BODY, EN_QUOTE])
    const { docs, quarantined, stats } = await runStage(detectLanguage(), [input])
    expect(quarantined).toEqual([])
    expect(stats.written).toBe(1)
    const guess = docs[0]!.annotations.language!
    expect(guess.lang).toBe('vi')
    expect(guess.paragraphs.map((p) => p.lang)).toEqual(['vi', 'vi', 'en'])
    const paragraphs = input.annotations.paragraphs!
    expect(guess.paragraphs.map((p) => [p.start, p.end])).toEqual(paragraphs.map((p) => [p.start, p.end]))
    expect(guess.shares.en).toBeGreaterThan(0.2)
    expect(guess.mixed).toBe(true)
    expect(Object.values(guess.shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3)
    expect(guess.confidence).toBeGreaterThan(0.9)
    // Nothing but `language` changes.
    expect({ ...docs[0]!, annotations: { ...docs[0]!.annotations, language: undefined } }).toEqual({
      ...input,
      annotations: { ...input.annotations, language: undefined },
    })
  })

  test('the mixed threshold is an option', async () => {
    const input = withParagraphs('vi-en', [VI_TITLE, VI_BODY, EN_QUOTE])
    const { docs, quarantined } = await runStage(detectLanguage({ mixedThreshold: 0.45 }), [input])
    expect(quarantined).toEqual([])
    expect(docs[0]!.annotations.language!.mixed).toBe(false)
  })

  test('raw text without paragraphs: every non-empty line is a paragraph (seed article 004)', async () => {
    const text = seed('004_ee66aee5bb630a0e')
    const { docs, quarantined } = await runStage(detectLanguage(), [doc('004', text)])
    expect(quarantined).toEqual([])
    const guess = docs[0]!.annotations.language!
    expect(guess.lang).toBe('zh-Hant')
    expect(guess.mixed).toBe(false)
    const lines = text.split('\n').filter((l) => l.trim() !== '')
    expect(guess.paragraphs).toHaveLength(lines.length)
    // Line 5 holds the English title of the cited article as a span; offsets index doc.text.
    const line5 = guess.paragraphs[3]!
    expect(text.slice(line5.start, line5.end)).toBe(lines[3]!.trim())
    expect(line5.lang).toBe('zh-Hant')
    const spans = line5.spans.map((s) => [s.lang, text.slice(s.start, s.end)])
    expect(spans).toContainEqual(['en', 'The Generative AI Rush and China’s Fear of Missing Out'])
  })

  test('a Vietnamese seed article is vi with Vietnamese paragraphs', async () => {
    const { docs, quarantined } = await runStage(detectLanguage(), [doc('000', seed('000_2f88a1b3149f2a67'))])
    expect(quarantined).toEqual([])
    const guess = docs[0]!.annotations.language!
    expect(guess.lang).toBe('vi')
    expect(guess.shares.vi).toBeGreaterThan(0.9)
    // Image file names are und paragraphs and hold no letters.
    const images = guess.paragraphs.filter((p) => /\.png$/.test(seed('000_2f88a1b3149f2a67').slice(p.start, p.end)))
    expect(images.length).toBeGreaterThan(0)
    for (const p of images) expect(p.lang).toBe('und')
  })

  test('a document with no letters is und and kept', async () => {
    const { docs, quarantined } = await runStage(detectLanguage(), [doc('digits', '28/12/2024 13:12\n\n1719589951308.png')])
    expect(quarantined).toEqual([])
    expect(docs[0]!.annotations.language).toMatchObject({ lang: 'und', shares: {}, mixed: false })
  })

  test('languages and minConfidence send documents to the quarantine with a rule', async () => {
    const docsIn = [
      withParagraphs('vi', [VI_TITLE, VI_BODY]),
      doc('hant', '臺大醫學人文博物館是一棟兩層樓的建築，沿中山南路與仁愛路成L型。'),
      doc('short', 'Trung Quoc cam OpenAI'),
    ]
    const allowed = await runStage(detectLanguage({ languages: ['vi'] }), docsIn)
    expect(allowed.docs.map((d) => d.id)).toEqual(['vi', 'short'])
    expect(allowed.quarantined).toHaveLength(1)
    expect(allowed.quarantined[0]).toMatchObject({ docId: 'hant', stage: 'langid', rule: 'language-not-allowed', kind: 'skipped' })
    expect(allowed.stats.read).toBe(allowed.stats.written + allowed.stats.quarantined)

    const confident = await runStage(detectLanguage({ minConfidence: 0.9 }), docsIn)
    expect(confident.docs.map((d) => d.id)).toEqual(['vi', 'hant'])
    expect(confident.quarantined).toHaveLength(1)
    expect(confident.quarantined[0]).toMatchObject({ docId: 'short', rule: 'low-confidence', kind: 'skipped' })
    expect(confident.quarantined[0]!.reason).toMatch(/^confidence 0\.\d\d < threshold 0\.90$/)
  })

  test('output is deterministic and counts labels', async () => {
    const input = [withParagraphs('a', [VI_TITLE, VI_BODY, EN_QUOTE]), doc('b', seed('004_ee66aee5bb630a0e'))]
    const first = await runStage(detectLanguage(), input)
    const second = await runStage(detectLanguage(), input)
    expect(JSON.stringify(second.docs)).toBe(JSON.stringify(first.docs))
    expect(first.quarantined).toEqual([])
    expect(first.stats.counters).toMatchObject({ 'langid/lang-vi': 1, 'langid/lang-zh-hant': 1, 'langid/mixed': 1 })
  })

  test('bad options throw E_CONFIG before any document is read', () => {
    for (const options of [{ mixedThreshold: 0 }, { minConfidence: 2 }, { languages: [''] }, { minSwitchWords: -1 }]) {
      let error: unknown
      try {
        detectLanguage(options)
      } catch (e) {
        error = e
      }
      expect(isCorpusError(error) && error.code, JSON.stringify(options)).toBe('E_CONFIG')
    }
  })
})
