/** The extraction pipeline over one text: language per paragraph, names, values, ids. */
import type { EntityMention } from '../types.js'
import { findEnglishNames, findEnglishValues } from './english.js'
import { EN_FUNCTION } from './lexicon.js'
import { findLatinNames, tokenize, type LatinContext, type NameMention, type Token } from './latin.js'
import { dropOverlaps, findValues, withoutOverlaps, type ValueMention } from './numeric.js'
import type { Resources } from './resources.js'
import { isVietnameseLetterCode, slugify } from './text.js'
import { absorbCompanySuffix, chineseContextType, dropBracketedTerms, findChineseNames, linkTransliterations } from './zh.js'

/** A stretch of text with a known or detected language. */
export interface Segment {
  readonly start: number
  readonly end: number
  /** BCP 47 (`vi`, `en`, `zh-Hant`, `zh-Hans`, ...) or undefined to detect it. */
  readonly lang?: string
  readonly kind?: string
}


/**
 * Cheap script-based language guess for one paragraph. Short Latin lines without Vietnamese
 * letters ("Top", a file name) take the document's language instead of English.
 */
export function guessLanguage(res: Resources, text: string, fallback?: () => string, from = 0, to = text.length): string {
  let han = 0
  let latin = 0
  let words = 0
  let viWords = 0
  let inWord = false
  let wordHasVi = false
  // The first 600 characters decide: a paragraph rarely changes language after that.
  const stop = Math.min(to, from + 600)
  for (let i = from; i < stop; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
      han++
      if (inWord && wordHasVi) viWords++
      inWord = false
      continue
    }
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff) || (c >= 0x300 && c <= 0x36f)
    if (letter) {
      latin++
      if (!inWord) {
        words++
        inWord = true
        wordHasVi = false
      }
      if (c > 0x7f && !wordHasVi && isVietnameseLetterCode(c)) wordHasVi = true
    } else {
      if (inWord && wordHasVi) viWords++
      inWord = false
    }
  }
  if (inWord && wordHasVi) viWords++
  if (han > 0 && han * 4 >= latin) {
    let trad = 0
    for (let i = from; i < stop; i++) if (res.fold[text.charCodeAt(i)]) trad++
    return trad > 0 ? 'zh-Hant' : 'zh-Hans'
  }
  if (!words) return 'und'
  if (viWords / words > 0.15) return 'vi'
  if (fallback && words < 6) {
    const doc = fallback()
    return doc.startsWith('zh') ? 'en' : doc
  }
  return viWords === 0 || words >= 12 ? 'en' : 'vi'
}

function family(lang: string): 'vi' | 'zh' | 'en' | undefined {
  if (lang === 'vi') return 'vi'
  if (lang.startsWith('zh') || lang === 'yue') return 'zh'
  if (lang === 'en') return 'en'
  return undefined
}

function hasDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x30 && c <= 0x39) return true
  }
  return false
}

/** English stretches inside a Chinese paragraph (a title, a quote): 4+ words with an English grammar word. */
function englishStretches(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = []
  const re = /[A-Za-z][A-Za-z0-9'’\-.,:;!?&\s]{15,}[A-Za-z0-9]/g
  const slice = text.slice(from, to)
  for (const m of slice.matchAll(re)) {
    const words = m[0].split(/[\s,.;:!?]+/).filter(Boolean)
    if (words.length >= 4 && words.some((w) => EN_FUNCTION.has(w) && w === w.toLowerCase())) out.push([from + (m.index ?? 0), from + (m.index ?? 0) + m[0].length])
  }
  return out
}

export interface FinderOptions {
  /** Keep names typed only by default. */
  readonly keepUnknown: boolean
  /** Characters of English sentences per document that compromise may read. */
  readonly maxEnglishModelChars: number
}

/** Find every entity in `text`; `segments` are its paragraphs (with languages when known). */
export function findAll(res: Resources, text: string, segments: readonly Segment[], options: FinderOptions): EntityMention[] {
  const lowerWords = new Set<string>()
  const prepared = segments.map((seg) => {
    const tokens = seg.end > seg.start ? tokenize(res, text, seg.start, seg.end) : []
    for (const t of tokens) if (!t.cap && !t.upperInside) lowerWords.add(t.lower)
    return { seg, tokens }
  })
  const ctx: LatinContext = { res, text, lowerWords, englishWords: englishWords(res) }
  const budget = { chars: options.maxEnglishModelChars }
  let docLangCache: string | undefined
  const docLang = (): string => (docLangCache ??= guessLanguage(res, text, undefined, 0, Math.min(text.length, 20_000)))
  const names: NameMention[] = []
  const values: (ValueMention & { lang: string })[] = []
  for (const { seg, tokens } of prepared) {
    if (seg.end <= seg.start) continue
    const labelled = !!seg.lang && seg.lang !== 'und'
    const lang = labelled && family(seg.lang as string) ? (seg.lang as string) : guessLanguage(res, text, docLang, seg.start, seg.end)
    const fam = family(lang)
    if (!fam) continue
    // English models only read English: a paragraph labelled German or Tagalog gets the rules alone
    // (a few Latin words inside Chinese text labelled German are a name: the models read them)
    const models = !labelled || family(seg.lang as string) !== undefined || tokens.length < 6
    const byline = fam !== 'zh' ? bylinePerson(text, seg, tokens, fam) : undefined
    const before = names.length
    if (fam === 'vi') {
      names.push(...findLatinNames(ctx, seg.start, seg.end, 'vi', tokens))
      if (hasDigit(text, seg.start, seg.end) || /[Hh]àng (?:chục |trăm )?(?:tỷ|tỉ|triệu)/.test(text.slice(seg.start, seg.end))) {
        values.push(...findValues(text.slice(seg.start, seg.end), 'vi', seg.start).map((v) => ({ ...v, lang: 'vi' })))
      }
    } else if (fam === 'en') {
      // the English models load with the first English paragraph, whether or not it needs them, so
      // that loading happens once up front (a warm-up document) instead of inside some later document
      if (models) res.englishModels()
      names.push(...findEnglishNames(ctx, seg.start, seg.end, models ? budget : { chars: 0 }, tokens))
      values.push(...findEnglishValues(ctx, seg.start, seg.end, models).map((v) => ({ ...v, lang: 'en' })))
    } else {
      const zh = findChineseNames(ctx, seg.start, seg.end, lang)
      const stretches = englishStretches(text, seg.start, seg.end)
      const inStretch = (m: { start: number; end: number }): boolean => stretches.some(([s, e]) => m.start >= s && m.end <= e)
      const latin = findLatinNames(ctx, seg.start, seg.end, 'en', tokens, true).filter((m) => !inStretch(m))
      for (const [s, e] of stretches) {
        latin.push(...findEnglishNames(ctx, s, e, budget))
        values.push(...findEnglishValues(ctx, s, e).map((v) => ({ ...v, lang: 'en' })))
      }
      for (const m of latin) {
        if (m.kb || m.confidence >= 2) continue
        const type = chineseContextType(res, text, m.start, m.end)
        if (type) {
          m.type = type
          m.confidence = 2
        }
      }
      // A Latin name glued to a Chinese word may be one KB alias ("Google雲端").
      for (const m of latin) {
        for (let n = 4; n >= 1; n--) {
          if (!/^[\u3400-\u9fff]+$/.test(text.slice(m.end, m.end + n))) continue
          const entry = res.aliasIndex.get(res.key(text.slice(m.start, m.end + n)))
          if (entry && m.end + n <= seg.end) {
            for (const z of zh.filter((z) => z.start < m.end + n && m.start < z.end)) zh.splice(zh.indexOf(z), 1)
            m.end += n
            m.kb = entry
            m.type = entry.type
            m.confidence = 3
            break
          }
        }
      }
      const named = dropBracketedTerms(text, zh, latin)
      const merged = [...zh.filter((z) => !named.some((l) => l.start < z.end && z.start < l.end)), ...named]
      absorbCompanySuffix(res, text, merged)
      names.push(...merged)
      values.push(...findValues(text.slice(seg.start, seg.end), 'zh', seg.start).filter((v) => !inStretch(v)).map((v) => ({ ...v, lang })))
    }
    // Chinese inside a Vietnamese or English paragraph ("Nvidia, 英偉達 ở Đài Loan"): its own extractor
    if (fam !== 'zh') {
      const slice = text.slice(seg.start, seg.end)
      for (const run of slice.matchAll(/[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff·•‧・]*/g)) {
        if (run[0].length < 2) continue
        const s0 = seg.start + (run.index ?? 0)
        const e0 = s0 + run[0].length
        let trad = false
        for (let i = s0; i < e0 && !trad; i++) if (res.fold[text.charCodeAt(i)]) trad = true
        const zhLang = trad ? 'zh-Hant' : 'zh-Hans'
        names.push(...findChineseNames(ctx, s0, e0, zhLang))
        values.push(...findValues(run[0], 'zh', s0).map((v) => ({ ...v, lang: zhLang })))
      }
    }
    if (byline) {
      const own = names.splice(before).filter((m) => !(m.start < byline.end && byline.start < m.end))
      names.push(byline, ...own)
    }
  }
  linkTransliterations(text, names)
  coordinate(text, names)
  const keptNames = options.keepUnknown ? names : names.filter((n) => n.kb || n.sameAs?.kb || n.confidence >= 1)
  const valueMentions = dropOverlaps(values)
  const nameMentions = withoutOverlaps(keptNames, valueMentions)
  const ids = assignIds(res, text, nameMentions)
  const out: EntityMention[] = []
  for (const n of nameMentions) {
    const id = ids.get(n)
    if (!id) continue
    out.push({ start: n.start, end: n.end, text: text.slice(n.start, n.end), type: id.type, id: id.id, lang: n.lang })
  }
  for (const v of valueMentions) {
    const id = v.type === 'DATE' ? `date:${v.value}` : v.type === 'PERCENT' ? `percent:${v.value}` : `money:${v.value.replace(' ', '-')}`
    out.push({ start: v.start, end: v.end, text: text.slice(v.start, v.end), type: v.type, id, lang: v.lang, value: v.value })
  }
  return dropOverlaps(out)
}

/**
 * A byline ("Sơn Vân 28/12/2024 13:12", or a paragraph of kind `byline`) starts with the author's
 * name: a person, whatever the name's shape.
 */
function bylinePerson(text: string, seg: Segment, tokens: Token[], fam: string): NameMention | undefined {
  const line = text.slice(seg.start, seg.end)
  const dated = /^\s*\p{Lu}[\p{L}\p{M}]*(?:\s\p{Lu}[\p{L}\p{M}]*){1,3}\s*[-–,|]?\s*\d{1,2}\/\d{1,2}\/\d{4}/u.test(line)
  if (!(dated || (seg.kind === 'byline' && line.length < 80))) return undefined
  let e = 0
  while (e < tokens.length && e < 4 && (tokens[e] as Token).cap && !(tokens[e] as Token).digit && (e === 0 || /^[ \u00a0]$/.test(text.slice((tokens[e - 1] as Token).end, (tokens[e] as Token).start)))) e++
  if (e < 2) return undefined
  return { start: (tokens[0] as Token).start, end: (tokens[e - 1] as Token).end, type: 'PER', lang: fam, confidence: 2 }
}

/**
 * Names in one list share a type: in "Bắc Ninh và Thái Nguyên", "A, B and C", "甲、乙和丙", a name
 * typed only by its shape takes the type of a neighbour that the KB or a cue typed.
 */
function coordinate(text: string, names: NameMention[]): void {
  const sorted = [...names].sort((a, b) => a.start - b.start)
  const LINK = /^\s*(?:,|và|hoặc|cùng|and|or|、|和|與|与|及|以及)\s*$/u
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < sorted.length; i++) {
      const m = sorted[i] as NameMention
      if (m.kb || m.sameAs || m.confidence >= 2) continue
      for (const n of [sorted[i - 1], sorted[i + 1]]) {
        if (!n || (!n.kb && n.confidence < 2)) continue
        const [a, b] = n.start < m.start ? [n, m] : [m, n]
        if (!LINK.test(text.slice(a.end, b.start))) continue
        m.type = n.kb?.type ?? n.type
        m.confidence = 2
        break
      }
    }
  }
}

function englishWords(res: Resources): Set<string> {
  return res.commonEnglishWords()
}

/** Canonical ids: KB ids; same-document short forms; pinyin / Sino-Vietnamese readings; slugs. */
function assignIds(res: Resources, text: string, mentions: NameMention[]): Map<NameMention, { id: string; type: NameMention['type'] }> {
  const surface = (m: NameMention): string => text.slice(m.start, m.end)
  const keys = new Map<NameMention, string>()
  const keyOf = (m: NameMention): string => {
    let k = keys.get(m)
    if (k === undefined) {
      const s = surface(m)
      keys.set(m, (k = res.memo('loose-key', s, () => res.looseKey(s))))
    }
    return k
  }
  // One type per surface within the document: the most confident reading wins, then the most frequent.
  const votes = new Map<string, Map<NameMention['type'], number>>()
  for (const m of mentions) {
    if (m.kb) continue
    const k = keyOf(m)
    const v = votes.get(k) ?? new Map()
    v.set(m.type, (v.get(m.type) ?? 0) + 1 + m.confidence * 10)
    votes.set(k, v)
  }
  for (const m of mentions) {
    if (m.kb || m.sameAs) continue
    const v = votes.get(keyOf(m))
    if (v) m.type = [...v.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? m.type
  }
  // Short forms: "Lu" after "Lu Yanxia", "Altman" after "Sam Altman".
  const persons = mentions.filter((m) => m.type === 'PER' && !m.kb && /\s/.test(surface(m)))
  const personByWord = new Map<string, NameMention>()
  for (const p of persons) {
    const parts = surface(p).split(/\s+/)
    for (const w of [parts[0], parts[parts.length - 1]]) if (w !== undefined && !personByWord.has(w)) personByWord.set(w, p)
  }
  for (const m of mentions) {
    if (m.kb || m.sameAs || /\s/.test(surface(m))) continue
    const full = personByWord.get(surface(m))
    if (full) {
      m.sameAs = full
      m.type = 'PER'
    }
  }
  const ids = new Map<NameMention, { id: string; type: NameMention['type'] }>()
  const own = (m: NameMention): { id: string; type: NameMention['type'] } => {
    if (m.kb) return { id: m.kb.id, type: m.kb.type }
    const s = surface(m)
    const prefix = m.type.toLowerCase()
    if (/[\u3400-\u9fff]/.test(s)) {
      const py = res.pinyin(s.replace(/[·•‧・\s]/g, ''))
      if (py && py.length) {
        if (m.type === 'PER' && !/[·•‧・]/.test(s) && py.length >= 2 && py.length <= 4 && res.surnames.has(s[0] as string)) {
          return { id: `per:${py[0]}-${py.slice(1).join('')}`, type: 'PER' }
        }
        const parts = s.split(/[·•‧・\s]+/).map((p) => res.pinyin(p)?.join('') ?? '')
        return { id: `${prefix}:${parts.filter(Boolean).join('-')}`, type: m.type }
      }
      return { id: `${prefix}:${res.foldHan(s).replace(/\s+/g, '')}`, type: m.type }
    }
    if (m.type === 'PER' && m.sinoVietnamese) {
      const sylls = s.toLowerCase().split(/\s+/)
      const py = sylls.map((x, k) => {
        const cands = res.vietToPinyin.get(x) ?? []
        const pick = k === 0 ? cands[0] : cands.find((c) => !c.startsWith('^')) ?? cands[0]
        return pick?.replace('^', '')
      })
      if (py.every(Boolean)) return { id: `per:${py[0]}-${py.slice(1).join('')}`, type: 'PER' }
    }
    return { id: `${prefix}:${slugify(s)}`, type: m.type }
  }
  const resolve = (m: NameMention, depth = 0): { id: string; type: NameMention['type'] } => {
    const cached = ids.get(m)
    if (cached) return cached
    const r = m.sameAs && depth < 5 ? resolve(m.sameAs, depth + 1) : own(m)
    ids.set(m, r)
    return r
  }
  for (const m of mentions) resolve(m)
  return ids
}
