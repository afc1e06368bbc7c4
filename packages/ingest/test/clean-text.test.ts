import { createDoc, runStage, type Doc } from '@corpus/core'
import { cleanText, readCorpus, type Paragraph } from '@corpus/ingest'
import { describe, expect, it } from 'vitest'
import { collect, seedNames, seedPath, seedText } from './helpers.js'

async function cleanSeed(name: string): Promise<{ doc: Doc; lines: string[] }> {
  const { docs, quarantined } = await collect(readCorpus([seedPath(name)]), [cleanText()])
  expect(quarantined).toEqual([])
  expect(docs).toHaveLength(1)
  return { doc: docs[0]!, lines: seedText(name).split('\n') }
}

/** Kind of the paragraph that keeps 1-based source line `n`, or the rule that removed it. */
function fate(doc: Doc, n: number): string {
  const kept = doc.annotations.paragraphs?.find((p) => p.line === n)
  if (kept) return kept.kind
  const removed = doc.annotations.cleaning?.removed.find((r) => r.line === n)
  return removed ? `-${removed.rule}` : 'absent'
}

function expectOffsetsMapBack(doc: Doc, source: string): void {
  for (const p of doc.annotations.paragraphs ?? []) {
    const text = doc.text.slice(p.start, p.end)
    expect(source.slice(p.sourceStart, p.sourceStart + text.length)).toBe(text)
  }
  const expected = (doc.annotations.paragraphs ?? []).map((p) => doc.text.slice(p.start, p.end)).join('\n\n')
  expect(doc.text).toBe(expected)
}

describe('cleanText on the seed articles', () => {
  it('000: drops role badges, image names, NBSP line and the login/Top footer; keeps title and body', async () => {
    const { doc, lines } = await cleanSeed(seedNames[0])
    expect(fate(doc, 1)).toBe('title')
    expect(fate(doc, 3)).toBe('-section-label') // Checker
    expect(fate(doc, 5)).toBe('-section-label') // Writer
    expect(fate(doc, 11)).toBe('-image-file') // 1719589951308.png
    expect(fate(doc, 12)).toBe('body') // the paragraph after the image is body, not a caption
    expect(fate(doc, 55)).toBe('-image-file')
    expect(fate(doc, 40)).toBe('body') // a question subheading inside the article
    expect(fate(doc, 60)).toBe('body')
    expect(fate(doc, 90)).toBe('body')
    expect(fate(doc, 91)).toBe('-whitespace-only') // U+00A0 only
    expect(fate(doc, 94)).toBe('-navigation') // Đăng nhập một lần thảo luận tẹt ga
    expect(fate(doc, 95)).toBe('-navigation') // Top
    expect(doc.text.startsWith(`${lines[0]}\n\n${lines[5]}`)).toBe(true)
    expect(doc.text).not.toMatch(/Checker|Writer|\.png|Đăng nhập|\nTop$/)
    expect(doc.annotations.meta).toMatchObject({ title: 'OpenAI chọc thủng ảo tưởng AI của Trung Quốc', author: null, date: null, sources: [] })
    expectOffsetsMapBack(doc, seedText(seedNames[0]))
  })

  it('001: drops the page description, section label, image, related list and footer; reads byline and date', async () => {
    const { doc, lines } = await cleanSeed(seedNames[1])
    expect(fate(doc, 1)).toBe('-duplicate-line') // lead repeated above the title
    expect(fate(doc, 2)).toBe('-section-label') // Nhịp đập khoa học
    expect(fate(doc, 4)).toBe('title')
    expect(fate(doc, 6)).toBe('byline')
    expect(fate(doc, 8)).toBe('body') // the lead in the article is kept
    expect(fate(doc, 24)).toBe('body') // "Bắt kịp" subheading
    expect(fate(doc, 52)).toBe('-image-file')
    expect(fate(doc, 53)).toBe('caption')
    expect(fate(doc, 95)).toBe('body')
    for (const n of [97, 98, 99, 101, 102, 103, 104, 105, 106, 107, 108, 109]) expect(fate(doc, n)).toMatch(/^-/)
    expect(fate(doc, 97)).toBe('-related-list')
    expect(doc.text.split(lines[3]!).length).toBe(2) // the title once
    expect(doc.text.split(lines[7]!).length).toBe(2) // the lead once
    expect(doc.text).not.toMatch(/Bình luận|POWERED BY|Nhịp đập khoa học|Bài liên quan/)
    expect(doc.annotations.meta).toMatchObject({
      title: 'Trung Quốc bứt phá nhanh ở cuộc đua AI, nhưng có thể lại bị Mỹ bỏ xa do thiếu chip tiên tiến',
      byline: 'Sơn Vân 28/12/2024 13:12',
      author: 'Sơn Vân',
      date: '2024-12-28',
      datetime: '2024-12-28T13:12',
      sources: [],
      name: '001_23935d7d7433ec8e',
    })
    expectOffsetsMapBack(doc, seedText(seedNames[1]))
  })

  it('002: keeps caption and "Theo Vietnamnet", drops the teaser list after "Có thể bạn quan tâm" and the junk token', async () => {
    const { doc } = await cleanSeed(seedNames[2])
    expect(fate(doc, 1)).toBe('title')
    expect(fate(doc, 15)).toBe('-image-file') // w9xz2qt5-833.png
    expect(fate(doc, 17)).toBe('caption')
    expect(fate(doc, 55)).toBe('body')
    expect(fate(doc, 57)).toBe('source')
    for (let n = 59; n <= 93; n += 2) expect(fate(doc, n)).toBe('-related-list')
    expect(doc.text).not.toMatch(/fbytzltw|Tin cùng chuyên mục|Logistics/)
    expect(doc.text.endsWith('Theo Vietnamnet')).toBe(true)
    expect(doc.annotations.meta).toMatchObject({ sources: ['Vietnamnet'], author: null, date: null })
    expectOffsetsMapBack(doc, seedText(seedNames[2]))
  })

  it('003: no title (starts mid-article), two source lines', async () => {
    const { doc, lines } = await cleanSeed(seedNames[3])
    expect(doc.annotations.paragraphs?.map((p) => p.kind)).toEqual([...Array(11).fill('body'), 'source', 'source'])
    expect(doc.annotations.cleaning?.removed).toEqual([])
    expect(doc.text).toBe(lines.join('\n\n'))
    expect(doc.annotations.meta).toMatchObject({ title: null, sources: ['The New York Times', 'Baochinhphu.vn'] })
  })

  it('004: Chinese column tag in the title gives the author; subheadings stay body', async () => {
    const { doc } = await cleanSeed(seedNames[4])
    expect(doc.annotations.paragraphs?.map((p) => p.kind)).toEqual(['title', ...Array(13).fill('body')])
    expect(doc.annotations.meta).toMatchObject({ title: '【蘇和仲專欄】人工智慧熱潮與中國的恐懼', author: '蘇和仲', byline: '蘇和仲專欄', sources: [], date: null })
    expect(doc.annotations.cleaning?.removed).toEqual([])
  })

  it('records every removed line with its source span, and each kept line as one paragraph', async () => {
    const { doc, lines } = await cleanSeed(seedNames[2])
    const text = seedText(seedNames[2])
    const nonEmpty = lines.flatMap((l, i) => (l.length > 0 ? [i + 1] : []))
    const accounted = [...(doc.annotations.paragraphs ?? []).map((p: Paragraph) => p.line), ...(doc.annotations.cleaning?.removed ?? []).map((r) => r.line)]
    expect(accounted.sort((a, b) => a - b)).toEqual(nonEmpty)
    for (const r of doc.annotations.cleaning?.removed ?? []) expect(text.slice(r.sourceStart, r.sourceEnd)).toBe(lines[r.line - 1])
    expect(doc.annotations.cleaning?.sourceChars).toBe(text.length)
  })
})

describe('cleanText on other pages', () => {
  const run = async (text: string, extra: Partial<Doc['annotations']> = {}) =>
    runStage(cleanText(), [createDoc({ id: 'x', text, source: { uri: 'x.txt', index: 0 }, annotations: extra })])

  it('cleans an English page: breadcrumb, share buttons, byline with month name, source, related box at the end', async () => {
    const text = [
      'Home > World > Asia',
      'Share',
      'China races ahead in open-source AI models',
      'By Jane Doe | December 28, 2024 1:12 pm',
      'Chinese companies have released a wave of open-source models this year, and developers around the world have adopted them quickly.',
      'The trend worries some policymakers in Washington, who see it as a new form of soft power.',
      'photo-2024-12-28.webp',
      'Engineers at a booth in Shanghai. Photo: Reuters',
      'Analysts said the gap in advanced chips could still slow the industry down over the next few years.',
      'Source: Reuters',
      'Related articles',
      'OpenAI unveils a new reasoning model',
      'Chip export rules tightened again',
      '© 2024 Example News. All rights reserved.',
    ].join('\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    const doc = docs[0]!
    expect(doc.annotations.paragraphs?.map((p) => [p.line, p.kind])).toEqual([
      [3, 'title'],
      [4, 'byline'],
      [5, 'body'],
      [6, 'body'],
      [8, 'caption'],
      [9, 'body'],
      [10, 'source'],
    ])
    expect(doc.annotations.cleaning?.removed.map((r) => [r.line, r.rule])).toEqual([
      [1, 'navigation'],
      [2, 'navigation'],
      [7, 'image-file'],
      [11, 'related-list'],
      [12, 'related-list'],
      [13, 'related-list'],
      [14, 'related-list'],
    ])
    expect(doc.annotations.meta).toMatchObject({ author: 'Jane Doe', date: '2024-12-28', datetime: '2024-12-28T13:12', sources: ['Reuters'], format: 'txt', name: null })
  })

  it('reads site addresses as sources but not a sentence starting with "Theo"', async () => {
    const body = 'Theo ông, các công ty Trung Quốc sẽ cần phần cứng mới trong vài năm tới và sẽ phải đối mặt với điểm nghẽn.'
    const { docs, quarantined } = await run(['Tiêu đề bài viết về chip trí tuệ nhân tạo', body, 'Theo vnexpress.net', 'Nguồn: https://baochinhphu.vn/a-1.htm'].join('\n'))
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.paragraphs?.map((p) => p.kind)).toEqual(['title', 'body', 'source', 'source'])
    expect(docs[0]?.annotations.meta?.sources).toEqual(['vnexpress.net', 'https://baochinhphu.vn/a-1.htm'])
  })

  it('keeps a Traditional Chinese article and reads a reporter byline; drops 延伸閱讀 box', async () => {
    const text = [
      '科技',
      '台積電先進製程需求強勁 AI晶片訂單滿載',
      '記者王小明／台北報導',
      '台積電今天表示,人工智慧晶片需求持續強勁,先進製程產能到明年都已經滿載,公司將加快在美國與日本的擴產計畫。',
      '分析師指出,輝達與超微的訂單是主要動能,預期明年營收仍將維持兩位數成長。',
      '延伸閱讀',
      '台股收盤大漲 電子股領軍',
      '輝達財報優於預期',
    ].join('\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.paragraphs?.map((p) => [p.line, p.kind])).toEqual([
      [2, 'title'],
      [3, 'byline'],
      [4, 'body'],
      [5, 'body'],
    ])
    expect(docs[0]?.annotations.cleaning?.removed.map((r) => [r.line, r.rule])).toEqual([
      [1, 'section-label'],
      [6, 'related-list'],
      [7, 'related-list'],
      [8, 'related-list'],
    ])
    expect(docs[0]?.annotations.meta).toMatchObject({ title: '台積電先進製程需求強勁 AI晶片訂單滿載', author: '王小明' })
  })

  it('reads a date line above the title, a credit caption and "Author (Theo X, Y)" at the end', async () => {
    const text = [
      'Thế giới',
      'Thứ bảy, 28/12/2024, 13:12 (GMT+7)',
      'Hàn Quốc điều tra nguyên nhân vụ rơi máy bay khiến 179 người chết',
      'Nhà chức trách Hàn Quốc đang điều tra nguyên nhân vụ máy bay Jeju Air rơi tại sân bay Muan, khiến 179 người thiệt mạng.',
      'Máy bay chở 181 người từ Bangkok, Thái Lan, trượt khỏi đường băng khi hạ cánh và đâm vào tường rào.',
      'Hiện trường vụ tai nạn. Ảnh: Yonhap',
      'Giới chức cho biết hai thành viên tổ bay được cứu sống.',
      'Như Tâm (Theo Reuters, AFP)',
      'Chia sẻ',
    ].join('\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.paragraphs?.map((p) => [p.line, p.kind])).toEqual([
      [2, 'byline'],
      [3, 'title'],
      [4, 'body'],
      [5, 'body'],
      [6, 'caption'],
      [7, 'body'],
      [8, 'byline'],
    ])
    expect(docs[0]?.annotations.cleaning?.removed.map((r) => [r.line, r.rule])).toEqual([
      [1, 'section-label'],
      [9, 'navigation'],
    ])
    expect(docs[0]?.annotations.meta).toMatchObject({ author: 'Như Tâm', date: '2024-12-28', datetime: '2024-12-28T13:12', sources: ['Reuters', 'AFP'] })
  })

  it('drops a truncated page description above the title, "Bình luận (3)" and a 【延伸閱讀】 box', async () => {
    const lead = 'Đầu tư mạnh mẽ và cách tiếp cận mã nguồn mở đã đưa Trung Quốc lên vị trí hàng đầu về trí tuệ nhân tạo, nhưng việc thiếu chip tiên tiến có thể khiến nước này tụt lại.'
    const text = [
      `${lead.slice(0, 80)}...`,
      'Trung Quốc bứt phá nhanh ở cuộc đua AI',
      lead,
      'Các công ty Trung Quốc đã nhanh chóng lấp đầy khoảng trống mà những hãng AI hàng đầu Mỹ để lại trên thị trường trong nước.',
      'Bình luận (3)',
      '【延伸閱讀】',
      '台股收盤大漲 電子股領軍',
    ].join('\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.paragraphs?.map((p) => [p.line, p.kind])).toEqual([
      [2, 'title'],
      [3, 'body'],
      [4, 'body'],
    ])
    expect(docs[0]?.annotations.cleaning?.removed.map((r) => [r.line, r.rule])).toEqual([
      [1, 'duplicate-line'],
      [5, 'navigation'],
      [6, 'related-list'],
      [7, 'related-list'],
    ])
  })

  it('takes the author from a name line at the end when the byline has only a date', async () => {
    const text = [
      'Hội nghị Trí tuệ nhân tạo thế giới khai mạc tại Thượng Hải',
      '28/12/2024 13:12 GMT+7',
      'Sáng 28-12, hội nghị trí tuệ nhân tạo thế giới đã khai mạc tại Thượng Hải với sự tham gia của hơn 500 doanh nghiệp.',
      'SƠN VÂN',
      'Tags: AI Trung Quốc Thượng Hải',
    ].join('\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.paragraphs?.map((p) => p.kind)).toEqual(['title', 'byline', 'body', 'byline'])
    expect(docs[0]?.annotations.cleaning?.removed.map((r) => r.rule)).toEqual(['navigation'])
    expect(docs[0]?.annotations.meta).toMatchObject({ byline: '28/12/2024 13:12 GMT+7', author: 'SƠN VÂN', date: '2024-12-28' })
  })

  it('reads a 文／ byline and a 轉載自《…》 source in a Chinese column', async () => {
    const text = [
      '人工智慧熱潮下的晶片戰爭',
      '文／陳大文',
      '美國對中國的晶片出口管制持續收緊，中國企業被迫尋找替代方案，國產晶片的需求因此快速增加。',
      '華為推出昇騰晶片，試圖取代輝達的GPU。',
      '本文經授權轉載自《天下雜誌》',
      '分享到：',
    ].join('\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.paragraphs?.map((p) => p.kind)).toEqual(['title', 'byline', 'body', 'body', 'source'])
    expect(docs[0]?.annotations.cleaning?.removed.map((r) => r.rule)).toEqual(['navigation'])
    expect(docs[0]?.annotations.meta).toMatchObject({ author: '陳大文', sources: ['天下雜誌'] })
  })

  it('uses the reader\'s declared title and metadata when the text has none', async () => {
    const body = 'Các công ty Trung Quốc đang chuyển sang các hệ thống AI nguồn mở như một cách nhanh nhất để đuổi kịp các đối thủ.'
    const { docs, quarantined } = await run(body, {
      input: { format: 'jsonl', bytes: 200, name: 'rec-1', externalId: 'rec-1', title: 'AI nguồn mở', author: 'Sơn Vân', date: '2024-12-28', datetime: null, url: 'https://x.vn/a' },
    })
    expect(quarantined).toEqual([])
    expect(docs[0]?.text).toBe(body)
    expect(docs[0]?.annotations.meta).toEqual({
      title: 'AI nguồn mở',
      byline: null,
      author: 'Sơn Vân',
      date: '2024-12-28',
      datetime: null,
      sources: [],
      url: 'https://x.vn/a',
      format: 'jsonl',
      bytes: 200,
      name: 'rec-1',
      externalId: 'rec-1',
    })
  })

  it('keeps an inline related box from cutting the rest of the article', async () => {
    const para = (n: number) => `Đoạn ${n}: các công ty công nghệ Trung Quốc tiếp tục đầu tư mạnh vào trí tuệ nhân tạo trong năm nay, theo các nhà phân tích.`
    const text = ['Tiêu đề bài viết về trí tuệ nhân tạo', para(1), 'Tin liên quan', 'Một tiêu đề khác', para(2), para(3), para(4)].join('\n\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    expect(docs[0]?.annotations.paragraphs?.map((p) => p.kind)).toEqual(['title', 'body', 'body', 'body', 'body'])
    expect(docs[0]?.annotations.cleaning?.removed.map((r) => r.rule)).toEqual(['related-list', 'related-list'])
  })

  it('quarantines a document that is only boilerplate as empty-after-cleaning', async () => {
    const { docs, quarantined } = await run('Top\n\n1719589951308.png\n\nĐăng nhập\n\u00a0\nfbytzltw')
    expect(docs).toEqual([])
    expect(quarantined).toMatchObject([
      { stage: 'ingest-clean', rule: 'empty-after-cleaning', kind: 'skipped', reason: 'all 5 non-empty lines removed (image-file, junk-token, navigation, whitespace-only)' },
    ])
  })

  it('checks its options when called', () => {
    expect(() => cleanText({ maxTailShare: 2 })).toThrow(/maxTailShare/)
    expect(() => cleanText({ navigationLines: [''] })).toThrow(/navigationLines/)
    expect(cleanText({ navigationLines: ['Xem video'] }).assigns).toEqual(['paragraphs', 'meta', 'cleaning'])
  })

  it('accepts extra navigation lines', async () => {
    const text = 'Tiêu đề bài viết về trí tuệ nhân tạo\nXem video\nCác công ty công nghệ Trung Quốc tiếp tục đầu tư mạnh vào trí tuệ nhân tạo trong năm nay.'
    const base = await run(text)
    const custom = await runStage(cleanText({ navigationLines: ['xem video'] }), [createDoc({ id: 'x', text, source: { uri: 'x', index: 0 } })])
    expect(base.quarantined).toEqual([])
    expect(custom.quarantined).toEqual([])
    expect(base.docs[0]?.annotations.cleaning?.removed.map((r) => r.rule)).toEqual(['section-label'])
    expect(custom.docs[0]?.annotations.cleaning?.removed.map((r) => r.rule)).toEqual(['navigation'])
  })

  it('issue 6: edge whitespace, UI chrome and repeated lines compare as before the character-table scans', async () => {
    const body = 'Các công ty công nghệ Trung Quốc tiếp tục đầu tư mạnh vào trí tuệ nhân tạo trong năm nay, theo báo cáo mới.'
    const text = [
      '\u200b\u3000Trung Quốc  bứt phá nhanh ở cuộc đua AI\u00a0',
      '  » Đăng nhập ›  ',
      `\ufeff${body}\u2003`,
      'TRUNG QUỐC bứt phá\tnhanh ở cuộc đua AI ...',
      '【 Bài liên quan 】:',
      'Một bài viết khác',
    ].join('\n')
    const { docs, quarantined } = await run(text)
    expect(quarantined).toEqual([])
    const doc = docs[0]!
    expect(doc.annotations.paragraphs?.map((p) => [p.kind, p.line, doc.text.slice(p.start, p.end)])).toEqual([
      ['title', 1, 'Trung Quốc  bứt phá nhanh ở cuộc đua AI'],
      ['body', 3, body],
    ])
    expect(doc.annotations.cleaning?.removed.map((r) => [r.line, r.rule])).toEqual([[2, 'navigation'], [4, 'repeated-title'], [5, 'related-list'], [6, 'related-list']])
    expectOffsetsMapBack(doc, text)
    expect(doc.annotations.paragraphs?.[0]?.sourceStart).toBe(2)
  })
})
