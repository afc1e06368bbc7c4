/** Chinese names: jieba segmentation and POS tags, knowledge-base aliases, suffix patterns. */
import type { LatinContext, NameMention, NameType } from './latin.js'
import { HAN_RE, isHan } from './text.js'

interface Word {
  start: number
  end: number
  word: string
  tag: string
}

/** Institutions named by place + suffix ("北京大學", "美國商務部"); the place is absorbed. */
const INSTITUTION_SUFFIX = /(?:大学|学院|银行|研究院|研究所|实验室|委员会|协会|基金会|交易所|法院|议会|国会|电视台|通讯社|新闻社|日报|时报|晚报|周刊|医院|中心|联盟|组织|军|党|部|局|署|办公室|理事会|科学院)$/
/** Company-like suffixes: a country alone before them is a modifier, not part of a name ("中國公司"). */
const COMPANY_SUFFIX = /(?:公司|集团|企业|控股|科技|技术|网络|电子|汽车|制药|半导体|资本|证券|传媒|影业|股份)$/
const PROPER_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz', 'eng', 'j'])
const TITLE_BEFORE_PER = /(?:创办人|创始人|董事长|总裁|总经理|执行长|首席执行官|主席|总统|总理|部长|教授|博士|先生|女士|记者|发言人|分析师|主任|院长|校长|大使|议员|总监|经理|研究员|作者)$/

export function findChineseNames(ctx: LatinContext, from: number, to: number, lang: string): NameMention[] {
  const { res, text } = ctx
  const segment = text.slice(from, to)
  const folded = res.foldHan(segment)
  const words: Word[] = []
  let pos = 0
  for (const w of res.jieba().tag(folded, true)) {
    const start = pos
    pos += w.word.length
    words.push({ start: from + start, end: from + pos, word: w.word, tag: w.tag })
  }
  if (pos !== segment.length) return []
  const boundaries = new Set(words.map((w) => w.start))
  const out: NameMention[] = []
  // Characters of the segment already inside a mention (1), for O(1) overlap checks.
  const used = new Uint8Array(to - from)
  const taken = (s: number, e: number): boolean => {
    for (let i = s - from; i < e - from; i++) if (used[i]) return true
    return false
  }
  const mark = (m: NameMention, value = 1): void => {
    used.fill(value, m.start - from, m.end - from)
  }
  const push = (m: NameMention): void => {
    out.push(m)
    mark(m)
  }

  // 1. Knowledge-base aliases (character scan on the folded text, longest first).
  for (let i = 0; i < folded.length; i++) {
    const ch = folded[i] as string
    if (!isHan(ch)) continue
    const lengths = res.hanFirst.get(ch)
    if (!lengths) continue
    for (const n of lengths) {
      if (n < 2 || i + n > folded.length) continue
      const entry = res.hanIndex.get(folded.slice(i, i + n))
      if (!entry) continue
      if (n === 2 && !boundaries.has(from + i)) continue
      push({ start: from + i, end: from + i + n, type: entry.type, lang, confidence: 3, kb: entry })
      i += n - 1
      break
    }
  }
  // 華 as the short form of China after a preposition (對華, 訪華, 來華, 赴華, 在華, 涉華).
  const china = res.aliasIndex.get(res.key('中國'))
  for (const m of segment.matchAll(/(?<=[对對访訪来來赴在涉援侵])[华華](?![为為人裔侨僑府语語文纳納尔爾])/g)) {
    const s = from + (m.index ?? 0)
    if (china && !taken(s, s + 1)) push({ start: s, end: s + 1, type: 'LOC', lang, confidence: 3, kb: china })
  }
  // Column tags and bylines: 【蘇和仲專欄】, 記者王小明.
  for (const m of folded.matchAll(/([\u4e00-\u9fff]{2,3})(?=专栏)|(?<=记者)([\u4e00-\u9fff]{2,3})(?=[／/\s报報摄攝])/g)) {
    const name = m[1] ?? m[2] ?? ''
    const s = from + (m.index ?? 0)
    if (res.surnames.has(name[0] ?? '') && !taken(s, s + name.length)) push({ start: s, end: s + name.length, type: 'PER', lang, confidence: 2 })
  }

  // 2. Transliterated names joined by "·" (梅加·施裡瓦斯塔瓦) are one person.
  for (const m of segment.matchAll(/[\u3400-\u9fff]{1,8}(?:[·•‧・][\u3400-\u9fff]{1,10})+/g)) {
    const s = from + (m.index ?? 0)
    const e = s + m[0].length
    if (!taken(s, e)) push({ start: s, end: e, type: 'PER', lang, confidence: 2 })
  }

  // 3. POS tags and suffix patterns.
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word
    if (!HAN_RE.test(w.word) || taken(w.start, w.end)) continue
    const prev = words[k - 1]
    if ((w.tag === 'nr' || w.tag === 'nrfg') && w.word.length >= 2 && w.word.length <= 4 && res.surnames.has(w.word[0] as string)) {
      push({ start: w.start, end: w.end, type: 'PER', lang, confidence: 1 })
      continue
    }
    if (w.tag === 'nrt' && w.word.length >= 2) {
      push({ start: w.start, end: w.end, type: 'PER', lang, confidence: 1 })
      continue
    }
    // surname + given name split by the segmenter after a title: 創辦人李彥宏
    if (prev && TITLE_BEFORE_PER.test(prev.word) && res.surnames.has(w.word[0] as string) && w.word.length <= 3) {
      let e = w.end
      const next = words[k + 1]
      if (w.word.length === 1 && next && next.word.length <= 2 && isHan(next.word[0] as string) && next.tag !== 'v' && next.tag !== 'uj') e = next.end
      if (e - w.start >= 2) {
        push({ start: w.start, end: e, type: 'PER', lang, confidence: 1 })
        continue
      }
    }
    const institution = INSTITUTION_SUFFIX.test(w.word)
    const company = COMPANY_SUFFIX.test(w.word)
    if (institution || company) {
      // proper-noun tokens before the suffix word
      let s = k
      while (s > 0 && s > k - 3) {
        const p = words[s - 1] as Word
        if (!HAN_RE.test(p.word) && p.tag !== 'eng') break
        const kbHit = out.find((m) => m.kb && m.start === p.start && m.end === p.end)
        if (!(PROPER_TAGS.has(p.tag) || kbHit) || p.tag === 'j') break
        // a country before "公司" / "科技" is a modifier (中國公司), not part of a name
        if (company && (kbHit?.type === 'LOC' || p.tag === 'ns')) break
        s--
      }
      const own = w.word.length >= 3 && (w.tag === 'nt' || w.tag === 'nz')
      if (s < k || own) {
        const start = (words[s] as Word).start
        const onlyCountry = s === k - 1 && out.some((m) => m.kb?.type === 'LOC' && m.start === start && m.end === (words[k - 1] as Word).end)
        if (company && onlyCountry) continue
        if (w.word.length === 1 && s === k) continue
        const inside = out.filter((m) => m.start >= start && m.end <= w.end)
        if (inside.some((m) => m.type !== 'LOC')) continue
        for (const m of inside) {
          out.splice(out.indexOf(m), 1)
          mark(m, 0)
        }
        const kb = res.aliasIndex.get(res.key(text.slice(start, w.end)))
        push({ start, end: w.end, type: kb?.type ?? 'ORG', lang, confidence: kb ? 3 : 1, ...(kb ? { kb } : {}) })
        continue
      }
    }
    const type: NameType | undefined = w.tag === 'ns' ? 'LOC' : w.tag === 'nt' ? 'ORG' : undefined
    if (type && w.word.length >= 2) push({ start: w.start, end: w.end, type, lang, confidence: 1 })
  }

  // 4. A name next to its original in Latin letters is the same entity (梅加·施裡瓦斯塔瓦Megha Shrivastava).
  out.sort((a, b) => a.start - b.start)
  return out
}

/** Pair a Chinese mention with a Latin one written right after it (or in brackets after it). */
export function linkTransliterations(text: string, mentions: NameMention[]): void {
  const sorted = [...mentions].sort((a, b) => a.start - b.start)
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as NameMention
    const b = sorted[i + 1] as NameMention
    const gap = text.slice(a.end, b.start)
    if (!/^\s?[(（]?\s?$/.test(gap) && gap !== '') continue
    const aHan = HAN_RE.test(text.slice(a.start, a.end))
    const bHan = HAN_RE.test(text.slice(b.start, b.end))
    if (aHan === bHan) continue
    const [han, latin] = aHan ? [a, b] : [b, a]
    if (han.kb && latin.kb) continue
    if (han.kb) {
      latin.sameAs = han
      latin.type = han.type
    } else {
      han.sameAs = latin
      if (latin.kb || latin.confidence > han.confidence) han.type = latin.type
      else latin.type = han.type
    }
  }
}
