import { createHash } from 'node:crypto'
import { createDoc, withAnnotation, type Doc, type QuarantineEntry, type RunStats } from '@corpus/core'
import type { EntityType } from '@corpus/entities'
import type { Paragraph, ParagraphKind } from '@corpus/ingest'
import type { AggregateJson, ReportAggregate, RunHeader } from '@corpus/report'

export interface ParagraphSpec {
  readonly kind: ParagraphKind
  readonly text: string
  readonly lang: string
}

export interface MentionSpec {
  readonly text: string
  readonly type: EntityType
  readonly id: string
  readonly lang: string
  /** Which occurrence of `text` in the document (0-based). @default every occurrence */
  readonly nth?: number
}

export interface DocSpec {
  readonly uri: string
  readonly index?: number
  readonly title?: string | null
  readonly byline?: string | null
  readonly author?: string | null
  readonly date?: string | null
  readonly sources?: readonly string[]
  readonly paragraphs: readonly ParagraphSpec[]
  readonly mentions?: readonly MentionSpec[]
  readonly lang: string
  readonly shares?: Record<string, number>
  readonly mixed?: boolean
}

/** MinHash over character 5-shingles with 64 seeded FNV-1a hashes (the shape ingest's dedup emits). */
export function minhash(text: string, size = 64): number[] {
  const shingles = new Set<string>()
  const flat = text.replace(/\s+/g, ' ')
  for (let i = 0; i + 5 <= flat.length; i++) shingles.add(flat.slice(i, i + 5))
  const sig = new Array<number>(size).fill(0xffffffff)
  for (const s of shingles) {
    for (let k = 0; k < size; k++) {
      let h = (0x811c9dc5 ^ (k * 0x9e3779b1)) >>> 0
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
      if (h < (sig[k] as number)) sig[k] = h
    }
  }
  return sig
}

/** Content id as ingest makes it: same text, same id. */
export const contentId = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16)

/** A fully annotated document, as the news-batch pipeline would produce it. */
export function makeDoc(spec: DocSpec): Doc {
  const text = spec.paragraphs.map((p) => p.text).join('\n\n')
  const paragraphs: Paragraph[] = []
  let offset = 0
  spec.paragraphs.forEach((p, i) => {
    paragraphs.push({ start: offset, end: offset + p.text.length, kind: p.kind, sourceStart: offset + i, line: i * 2 + 1 })
    offset += p.text.length + 2
  })
  let doc = createDoc({ id: contentId(text), text, source: { uri: spec.uri, index: spec.index ?? 0 } })
  doc = withAnnotation(doc, 'paragraphs', paragraphs)
  doc = withAnnotation(doc, 'meta', {
    title: spec.title ?? spec.paragraphs.find((p) => p.kind === 'title')?.text ?? null,
    byline: spec.byline ?? null,
    author: spec.author ?? null,
    date: spec.date ?? null,
    datetime: null,
    sources: [...(spec.sources ?? [])],
    url: null,
    format: 'txt',
    bytes: Buffer.byteLength(text),
  })
  doc = withAnnotation(doc, 'duplicate', { exactOf: null, nearOf: null, similarity: 0, minhash: minhash(text) })
  doc = withAnnotation(doc, 'language', {
    lang: spec.lang,
    confidence: 0.97,
    shares: spec.shares ?? { [spec.lang]: 1 },
    mixed: spec.mixed ?? false,
    paragraphs: paragraphs.map((p, i) => ({ start: p.start, end: p.end, lang: spec.paragraphs[i]?.lang ?? spec.lang, confidence: 0.9, spans: [] })),
  })
  const mentions = []
  for (const m of spec.mentions ?? []) {
    let from = 0
    let n = 0
    for (;;) {
      const at = text.indexOf(m.text, from)
      if (at < 0) break
      if (m.nth === undefined || m.nth === n) mentions.push({ start: at, end: at + m.text.length, text: m.text, type: m.type, id: m.id, lang: m.lang })
      from = at + m.text.length
      n++
    }
    if (n === 0) throw new Error(`mention "${m.text}" not in the text of ${spec.uri}`)
  }
  mentions.sort((a, b) => a.start - b.start)
  return withAnnotation(doc, 'entities', mentions)
}

/** Real seed-corpus text (corpus/000 .. 004), cut to a few paragraphs each. */
export function seedDocs(): Doc[] {
  return [
    makeDoc({
      uri: 'corpus/000_2f88a1b3149f2a67.txt',
      lang: 'vi',
      paragraphs: [
        { kind: 'title', lang: 'vi', text: 'OpenAI chọc thủng ảo tưởng AI của Trung Quốc' },
        {
          kind: 'body',
          lang: 'vi',
          text: 'OpenAI thông báo vào sáng sớm ngày 25/6 rằng họ sẽ chặn lưu lượng API từ các quốc gia và khu vực họ không hỗ trợ từ ngày 9/7, và Trung Quốc cũng nằm trong danh sách bị cấm.',
        },
        {
          kind: 'body',
          lang: 'vi',
          text: 'Chúng ta biết rằng những hạn chế ở nước ngoài đối với AI của Trung Quốc luôn tồn tại. Tuy nhiên, lệnh cấm AI trước đây chủ yếu hạn chế các card tính toán AI hiệu năng cao của Nvidia và AMD.',
        },
      ],
      mentions: [
        { text: 'OpenAI', type: 'ORG', id: 'org:openai', lang: 'en' },
        { text: 'Trung Quốc', type: 'LOC', id: 'loc:china', lang: 'vi' },
        { text: 'ngày 25/6', type: 'DATE', id: 'date:--06-25', lang: 'vi' },
        { text: 'ngày 9/7', type: 'DATE', id: 'date:--07-09', lang: 'vi' },
        { text: 'Nvidia', type: 'ORG', id: 'org:nvidia', lang: 'en' },
        { text: 'AMD', type: 'ORG', id: 'org:amd', lang: 'en' },
      ],
    }),
    makeDoc({
      uri: 'corpus/001_23935d7d7433ec8e.txt',
      lang: 'vi',
      byline: 'Sơn Vân 28/12/2024 13:12',
      author: 'Sơn Vân',
      date: '2024-12-28',
      paragraphs: [
        { kind: 'title', lang: 'vi', text: 'Trung Quốc bứt phá nhanh ở cuộc đua AI, nhưng có thể lại bị Mỹ bỏ xa do thiếu chip tiên tiến' },
        { kind: 'byline', lang: 'vi', text: 'Sơn Vân 28/12/2024 13:12' },
        {
          kind: 'body',
          lang: 'vi',
          text: 'Đầu tư mạnh mẽ và cách tiếp cận mã nguồn mở đã đưa Trung Quốc lên vị trí hàng đầu về trí tuệ nhân tạo (AI), nhưng việc thiếu hụt chip tiên tiến có thể gây ra hậu quả nghiêm trọng.',
        },
        {
          kind: 'body',
          lang: 'vi',
          text: 'Các công ty như ByteDance, công ty mẹ của TikTok, đã phát triển một số hệ thống trí tuệ nhân tạo phổ biến nhất tại Trung Quốc, trong khi Mỹ siết xuất khẩu chip của Nvidia.',
        },
      ],
      mentions: [
        { text: 'Trung Quốc', type: 'LOC', id: 'loc:china', lang: 'vi' },
        { text: 'Mỹ', type: 'LOC', id: 'loc:united-states', lang: 'vi' },
        { text: 'Sơn Vân', type: 'PER', id: 'per:son-van', lang: 'vi' },
        { text: '28/12/2024', type: 'DATE', id: 'date:2024-12-28', lang: 'vi' },
        { text: 'ByteDance', type: 'ORG', id: 'org:bytedance', lang: 'en' },
        { text: 'TikTok', type: 'PRODUCT', id: 'product:tiktok', lang: 'en' },
        { text: 'Nvidia', type: 'ORG', id: 'org:nvidia', lang: 'en' },
      ],
    }),
    makeDoc({
      uri: 'corpus/002_043d91b0fed916d0.txt',
      lang: 'vi',
      sources: ['Vietnamnet'],
      paragraphs: [
        { kind: 'title', lang: 'vi', text: 'Sora của OpenAI dội "thùng nước lạnh" vào giấc mơ AI của Trung Quốc' },
        {
          kind: 'body',
          lang: 'vi',
          text: 'Mô hình chuyển văn bản thành video Sora của OpenAI khiến Trung Quốc nhận ra khoảng cách của nước này với các công nghệ trí tuệ nhân tạo (AI) hàng đầu thế giới.',
        },
        { kind: 'source', lang: 'vi', text: 'Theo Vietnamnet' },
      ],
      mentions: [
        { text: 'Sora', type: 'PRODUCT', id: 'product:sora', lang: 'en' },
        { text: 'OpenAI', type: 'ORG', id: 'org:openai', lang: 'en' },
        { text: 'Trung Quốc', type: 'LOC', id: 'loc:china', lang: 'vi' },
        { text: 'Vietnamnet', type: 'ORG', id: 'org:vietnamnet', lang: 'vi' },
      ],
    }),
    makeDoc({
      uri: 'corpus/004_ee66aee5bb630a0e.txt',
      lang: 'zh-Hant',
      shares: { 'zh-Hant': 0.74, en: 0.26 },
      mixed: true,
      date: '2024-07-02',
      paragraphs: [
        { kind: 'title', lang: 'zh-Hant', text: '【蘇和仲專欄】人工智慧熱潮與中國的恐懼' },
        {
          kind: 'body',
          lang: 'zh-Hant',
          text: '新興人工智慧(AI)技術控制權的持續地緣政治衝突越來越多地涉及軟體和硬體,而軟體和硬體對於開發先進功能至關重要。OpenAI 是大型語言模型新創公司浪潮的一部分,其中包括 AI21 Labs、Anthropic 和 Cohere。',
        },
        {
          kind: 'body',
          lang: 'zh-Hant',
          text: '梅加·施裡瓦斯塔瓦Megha Shrivastava發表在最新一期《地緣政治》的文章指出,美國圖形處理單元(GPU)製造商 Nvidia 的晶片出口受到限制,中國人工智慧公司日益焦慮。',
        },
        { kind: 'body', lang: 'en', text: 'The Generative AI Rush and China’s Fear of Missing Out' },
      ],
      mentions: [
        { text: '蘇和仲', type: 'PER', id: 'per:su-hezhong', lang: 'zh-Hant' },
        { text: '中國', type: 'LOC', id: 'loc:china', lang: 'zh-Hant' },
        { text: 'China', type: 'LOC', id: 'loc:china', lang: 'en' },
        { text: 'OpenAI', type: 'ORG', id: 'org:openai', lang: 'en' },
        { text: 'AI21 Labs', type: 'ORG', id: 'org:ai21-labs', lang: 'en' },
        { text: 'Anthropic', type: 'ORG', id: 'org:anthropic', lang: 'en' },
        { text: 'Cohere', type: 'ORG', id: 'org:cohere', lang: 'en' },
        { text: '梅加·施裡瓦斯塔瓦', type: 'PER', id: 'per:megha-shrivastava', lang: 'zh-Hant' },
        { text: 'Megha Shrivastava', type: 'PER', id: 'per:megha-shrivastava', lang: 'en' },
        { text: '美國', type: 'LOC', id: 'loc:united-states', lang: 'zh-Hant' },
        { text: 'Nvidia', type: 'ORG', id: 'org:nvidia', lang: 'en' },
      ],
    }),
  ]
}

/** A near-duplicate (a re-post with one more sentence) and an exact copy of seed doc 0. */
export function duplicateDocs(): Doc[] {
  const [first] = seedDocs()
  if (!first) throw new Error('no seed docs')
  const copy = { ...first, source: { uri: 'mirror/openai-chan-api.txt', index: 0 } }
  const repost = makeDoc({
    uri: 'mirror/feed.jsonl',
    index: 3,
    lang: 'vi',
    paragraphs: [
      { kind: 'title', lang: 'vi', text: 'OpenAI chọc thủng ảo tưởng AI của Trung Quốc' },
      {
        kind: 'body',
        lang: 'vi',
        text: 'OpenAI thông báo vào sáng sớm ngày 25/6 rằng họ sẽ chặn lưu lượng API từ các quốc gia và khu vực họ không hỗ trợ từ ngày 9/7, và Trung Quốc cũng nằm trong danh sách bị cấm.',
      },
      {
        kind: 'body',
        lang: 'vi',
        text: 'Chúng ta biết rằng những hạn chế ở nước ngoài đối với AI của Trung Quốc luôn tồn tại. Tuy nhiên, lệnh cấm AI trước đây chủ yếu hạn chế các card tính toán AI hiệu năng cao của Nvidia và AMD.',
      },
      { kind: 'source', lang: 'vi', text: 'Theo Vietnamnet' },
    ],
    sources: ['Vietnamnet'],
    mentions: [
      { text: 'OpenAI', type: 'ORG', id: 'org:openai', lang: 'en' },
      { text: 'Trung Quốc', type: 'LOC', id: 'loc:china', lang: 'vi' },
      { text: 'Vietnamnet', type: 'ORG', id: 'org:vietnamnet', lang: 'vi' },
    ],
  })
  return [copy, repost]
}

export const quarantineEntries = (): QuarantineEntry[] => [
  { docId: 'b7e1c2d3a4f50617', source: { uri: 'corpus/broken.txt', index: 0 }, stage: 'ingest', rule: 'invalid-encoding', reason: 'invalid UTF-8 at byte 1042', kind: 'invalid' },
  { docId: 'e3b0c44298fc1c14', source: { uri: 'corpus/empty.md', index: 0 }, stage: 'ingest', rule: 'empty', reason: 'no text after decoding', kind: 'invalid' },
  {
    docId: '0a1b2c3d4e5f6071',
    source: { uri: 'feed/2024-12-28.jsonl', index: 7 },
    stage: 'langid',
    rule: 'unsupported-language',
    reason: 'language ja is neither vi nor zh-Hant',
    kind: 'skipped',
    cause: { name: 'Error', message: 'x', stack: 'Error: x\n    at /home/someone/file.js:1:1' },
  },
]

export const stats = (read: number, written: number, quarantined: number): RunStats => ({
  read,
  written,
  quarantined,
  quarantineByRule: {},
  counters: { 'ingest/paragraphs': 14 },
})

export const runHeader = (overrides: Partial<RunHeader> = {}): RunHeader => ({
  tool: { name: '@corpus/cli', version: '0.1.0' },
  pipeline: 'news-batch',
  inputs: ['corpus/'],
  options: { dedup: { threshold: 0.8 } },
  stats: stats(7, 4, 3),
  durationMs: 1234,
  ...overrides,
})

type Counts = Record<string, number>

/** The serialised aggregate read back into nested records, for assertions on single counts. */
export interface AggregateView {
  languages: Record<string, { documents: number; characters: number; paragraphs: number }>
  entities: AggregateJson['entities']
  cooccurrence: { paragraph: Record<string, Counts>; document: Record<string, Counts> }
  keywords: Record<string, { documents: number; tf: Counts; df: Counts }>
  timeline: Record<string, Counts>
  quarantine: AggregateJson['quarantine']
}

const own = <T>(): Record<string, T> => Object.create(null) as Record<string, T>
const put = <T>(rec: Record<string, T>, key: string, value: T): void => {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true })
}

/** What `JSON.stringify(aggregate)` holds, as nested records (keys from text stay ordinary keys). */
export function viewOf(aggregate: ReportAggregate): AggregateView {
  const json = JSON.parse(JSON.stringify(aggregate)) as AggregateJson
  const pairs = (flat: number[]): Record<string, Counts> => {
    const out = own<Counts>()
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const a = json.cooccurrence.ids[flat[i] as number] as string
      const b = json.cooccurrence.ids[flat[i + 1] as number] as string
      if (!Object.hasOwn(out, a)) put(out, a, own<number>())
      put(out[a] as Counts, b, flat[i + 2] as number)
    }
    return out
  }
  const keywords = own<{ documents: number; tf: Counts; df: Counts }>()
  for (const [lang, k] of Object.entries(json.keywords)) {
    const tf = own<number>()
    const df = own<number>()
    k.terms.forEach((term, i) => {
      put(tf, term, k.tf[i] as number)
      put(df, term, k.df[i] as number)
    })
    put(keywords, lang, { documents: k.documents, tf, df })
  }
  return {
    languages: json.languages,
    entities: json.entities,
    cooccurrence: { paragraph: pairs(json.cooccurrence.paragraph), document: pairs(json.cooccurrence.document) },
    keywords,
    timeline: json.timeline,
    quarantine: json.quarantine,
  }
}
