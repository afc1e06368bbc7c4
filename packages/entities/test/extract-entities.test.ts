import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDoc, runStage, withAnnotation, type Doc } from '@corpus/core'
import { extractEntities, findEntities, loadKnowledgeBase } from '@corpus/entities'
import { describe, expect, it } from 'vitest'

const doc = (id: string, text: string): Doc => createDoc({ id, text, source: { uri: `${id}.txt`, index: 0 } })

describe('extractEntities stage', () => {
  const stage = extractEntities()

  it('assigns entities and nothing else, with offsets into doc.text', async () => {
    const input = doc('a', 'OpenAI chọc thủng ảo tưởng AI của Trung Quốc\n\nOpenAI thông báo vào ngày 25/6 rằng Trung Quốc nằm trong danh sách bị cấm.')
    const { docs, quarantined, stats } = await runStage(stage, [input])
    expect(quarantined).toEqual([])
    expect(stats.read).toBe(1)
    const out = docs[0] as Doc
    expect(out.text).toBe(input.text)
    expect(Object.keys(out.annotations)).toEqual(['entities'])
    const list = out.annotations.entities ?? []
    for (const m of list) expect(input.text.slice(m.start, m.end)).toBe(m.text)
    expect(list.map((m) => `${m.text}:${m.id}`)).toEqual([
      'OpenAI:org:openai',
      'Trung Quốc:loc:china',
      'OpenAI:org:openai',
      'ngày 25/6:date:--06-25',
      'Trung Quốc:loc:china',
    ])
    expect(stats.counters['entities/mentions']).toBe(5)
  })

  it('reads paragraphs and language labels when earlier stages assigned them', async () => {
    const text = 'Sora ra mắt ngày 16/2.\n\n百度免費開放LLM。'
    let input = doc('b', text)
    input = withAnnotation(input, 'paragraphs', [
      { start: 0, end: 22, kind: 'body', sourceStart: 0, line: 1 },
      { start: 24, end: text.length, kind: 'body', sourceStart: 30, line: 3 },
    ])
    input = withAnnotation(input, 'language', {
      lang: 'vi',
      confidence: 0.9,
      shares: { vi: 0.7, 'zh-Hant': 0.3 },
      mixed: true,
      paragraphs: [
        { start: 0, end: 22, lang: 'vi', confidence: 0.9, spans: [] },
        { start: 24, end: text.length, lang: 'zh-Hant', confidence: 0.9, spans: [] },
      ],
    })
    const { docs, quarantined } = await runStage(stage, [input])
    expect(quarantined).toEqual([])
    const list = docs[0]?.annotations.entities ?? []
    expect(list.map((m) => `${m.text}:${m.lang}`)).toEqual(['Sora:vi', 'ngày 16/2:vi', '百度:zh-Hant'])
    expect(docs[0]?.annotations.paragraphs).toBe(input.annotations.paragraphs)
  })

  it('runs the English models only on paragraphs labelled English (issue 4)', async () => {
    const text = 'On a cold morning the old woman met Lucy near the river and they talked about the long winter.'
    const labelled = (lang: string): Doc =>
      withAnnotation(withAnnotation(doc(lang, text), 'paragraphs', [{ start: 0, end: text.length, kind: 'body', sourceStart: 0, line: 1 }]), 'language', {
        lang,
        confidence: 0.9,
        shares: { [lang]: 1 },
        mixed: false,
        paragraphs: [{ start: 0, end: text.length, lang, confidence: 0.9, spans: [] }],
      })
    const names = async (options: Parameters<typeof extractEntities>[0], input: Doc): Promise<string[]> => {
      const { docs, quarantined } = await runStage(extractEntities(options), [input])
      expect(quarantined).toEqual([])
      return (docs[0]?.annotations.entities ?? []).map((m) => `${m.text}:${m.type}`)
    }
    // compromise types the given name in English text; the rules alone leave it an organisation
    expect(await names({}, labelled('en'))).toEqual(['Lucy:PER'])
    const rulesOnly = await names({ maxEnglishModelChars: 0 }, labelled('en'))
    expect(rulesOnly).toEqual(['Lucy:ORG'])
    // a long paragraph that langid calls Indonesian gets the rules alone
    expect(await names({}, labelled('id'))).toEqual(rulesOnly)
  })

  it('quarantines a document over maxChars and keeps the others, in order', async () => {
    const small = extractEntities({ maxChars: 40 })
    const { docs, quarantined, stats } = await runStage(small, [doc('1', 'Nvidia và AMD.'), doc('2', 'x'.repeat(41)), doc('3', 'Huawei.')])
    expect(docs.map((d) => d.id)).toEqual(['1', '3'])
    expect(quarantined).toEqual([
      expect.objectContaining({ docId: '2', stage: 'entities', rule: 'text-too-long', kind: 'skipped', reason: '41 chars > maxChars 40' }),
    ])
    expect(stats.read).toBe(stats.written + stats.quarantined)
  })

  it('gives an empty list for empty or name-free text', async () => {
    const { docs, quarantined } = await runStage(stage, [doc('e', ''), doc('f', 'không có tên riêng nào ở đây cả.')])
    expect(quarantined).toEqual([])
    expect(docs.map((d) => d.annotations.entities)).toEqual([[], []])
  })

  it('is deterministic', async () => {
    const text = 'Kuaishou Technologies là đối thủ của ByteDance (chủ sở hữu TikTok). 騰訊也緊隨其後。'
    const a = await runStage(extractEntities(), [doc('d', text)])
    const b = await runStage(extractEntities(), [doc('d', text)])
    expect(JSON.stringify(b.docs)).toBe(JSON.stringify(a.docs))
    expect(a.quarantined).toEqual([])
  })

  it('rejects bad options before reading any document', () => {
    expect(() => extractEntities({ maxChars: 0 })).toThrow(/maxChars must be a positive integer, got 0/)
    expect(() => extractEntities({ concurrency: 1.5 })).toThrow(/concurrency/)
    expect(() => extractEntities({ keepUnknown: 'yes' as unknown as boolean })).toThrow(/keepUnknown must be a boolean/)
    expect(() => extractEntities({ knowledgeBase: '/nonexistent/kb.json' })).toThrow(/cannot be read/)
  })
})

describe('knowledge base files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entities-kb-'))

  it('extends the bundled knowledge base with a user file', async () => {
    const path = join(dir, 'kb.json')
    writeFileSync(
      path,
      JSON.stringify({
        entities: [
          { id: 'org:zalo-ai', type: 'ORG', names: { en: ['Zalo AI'], 'zh-Hant': ['Zalo人工智慧'] } },
          { id: 'org:nvidia', type: 'ORG', names: { vi: ['Nờ-vi-đi-a'] } },
        ],
      }),
    )
    const { docs, quarantined } = await runStage(extractEntities({ knowledgeBase: path }), [
      doc('k', 'Zalo AI hợp tác với Nờ-vi-đi-a và OpenAI.'),
    ])
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.entities?.map((m) => `${m.text}:${m.id}`)).toEqual([
      'Zalo AI:org:zalo-ai',
      'Nờ-vi-đi-a:org:nvidia',
      'OpenAI:org:openai',
    ])
    expect(findEntities('Zalo人工智慧推出新模型。', { knowledgeBase: path }).map((m) => m.id)).toEqual(['org:zalo-ai'])
  })

  it('names the bad field of an invalid file', () => {
    const path = join(dir, 'bad.json')
    writeFileSync(path, JSON.stringify({ entities: [{ id: 'org:x', type: 'COMPANY', names: { en: ['X'] } }] }))
    expect(() => loadKnowledgeBase(path)).toThrow(/entities\[0\]\.type: expected one of PER, ORG, LOC, PRODUCT, found "COMPANY"/)
    writeFileSync(path, '{not json')
    expect(() => loadKnowledgeBase(path)).toThrow(/expected JSON/)
  })

  it('can run without the bundled knowledge base', () => {
    const out = findEntities('OpenAI và Google.', { bundledKnowledgeBase: false })
    expect(out.map((m) => m.id)).toEqual(['org:openai', 'org:google'])
  })
})
