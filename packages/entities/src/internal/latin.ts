/** Proper names in Latin script: Vietnamese text, English text, and Latin runs inside Chinese. */
import type { EntityType } from '../types.js'
import {
  EN_CUES, EN_FUNCTION, EN_ORG_HEADS, VI_DOCUMENT_HEADS, EN_PERSON_TITLES, LEGAL_SUFFIXES, NOT_NAMES, ORG_SUFFIXES, VI_CUES, VI_FUNCTION, VI_NAME_COMPOUNDS,
  VI_ORG_HEADS, VI_PERSON_TITLES, VI_SAY, VI_SURNAMES,
} from './lexicon.js'
import type { KbEntry, Resources } from './resources.js'
import { hasVietnameseLetter, isUpper } from './text.js'

export type NameType = Exclude<EntityType, 'DATE' | 'MONEY' | 'PERCENT'>

/** A name before ids are settled. `confidence`: 3 KB/rule, 2 cue, 1 shape, 0 default. */
export interface NameMention {
  start: number
  end: number
  type: NameType
  lang: string
  confidence: number
  kb?: KbEntry
  /** Set when the mention must share the id of another one (acronym, transliteration). */
  sameAs?: NameMention
  /** The name looks Sino-Vietnamese (PER ids from pinyin). */
  sinoVietnamese?: boolean
}

export interface Token {
  start: number
  end: number
  text: string
  lower: string
  /** Lookup key (see Resources.key). */
  key: string
  cap: boolean
  upperInside: boolean
  acronym: boolean
  digit: boolean
  /** Has the shape of a Vietnamese syllable (computed on demand, see {@link viSyl}). */
  viSyllable: boolean | undefined
  sentenceStart: boolean
  /** Knowledge-base alias starting here (memo of kbAt; null = none). */
  kbHit: { end: number; entry: KbEntry } | null | undefined
}

/** II to XXXIX: written with I, V and X only, so acronyms such as CD or MC are not taken for numbers. */
const ROMAN_NUMERAL = /^(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})$/

const SENTENCE_GAP = /[.!?…:;\n]|[“"«‘'(\[]$|^\s*[•*·–—-]\s*$/

/** Tokenise Latin words of `text[from, to)`. A gap that contains a Han character ends a sentence. */
function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)
  return (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff) || (c >= 0x300 && c <= 0x36f) || (c >= 0x2c60 && c <= 0x2c7f) || (c >= 0xa720 && c <= 0xa7ff) || (c >= 0xff10 && c <= 0xff19)
}
/** Punctuation kept inside a word when a letter or digit follows: Gemini-Pro, Baochinhphu.vn, GPT-4o. */
function isJoiner(c: number): boolean {
  return c === 0x2e || c === 0x2d || c === 0x27 || c === 0x2019 || c === 0x26 || c === 0x2b
}

/** 1 for the non-ASCII word characters that change in lower case (see isWordChar), else 0. */
const UPPER = (() => {
  const table = new Uint8Array(0x10000)
  for (const [a, b] of [[0xc0, 0x24f], [0x1e00, 0x1eff], [0x2c60, 0x2c7f], [0xa720, 0xa7ff], [0xff10, 0xff19]] as const) {
    for (let c = a; c <= b; c++) {
      const ch = String.fromCharCode(c)
      if (ch !== ch.toLowerCase()) table[c] = 1
    }
  }
  return table
})()

/** Spaces and commas only between two words: no sentence break (the common case, decided without a regex). */
function plainGap(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x2c && c !== 0xa0 && c !== 0x09) return false
  }
  return true
}

/** Tokenise Latin words of `text[from, to)`. */
export function tokenize(res: Resources, text: string, from: number, to: number): Token[] {
  const tokens: Token[] = []
  let prevEnd = from
  let i = from
  while (i < to) {
    const c = text.charCodeAt(i)
    if (!isWordChar(c) || (c >= 0x300 && c <= 0x36f)) {
      i++
      continue
    }
    const start = i
    i++
    for (;;) {
      if (i >= to) break
      const d = text.charCodeAt(i)
      if (isWordChar(d)) i++
      else if (isJoiner(d) && i + 1 < to && isWordChar(text.charCodeAt(i + 1)) && !((d === 0x27 || d === 0x2019) && (text[i + 1] === 's' || text[i + 1] === 'S') && !isWordChar(text.charCodeAt(i + 2)))) i += 2
      else break
    }
    // "U.S.", "U.K.": the final period of a dotted abbreviation belongs to it
    if (text.charCodeAt(i) === 0x2e && i - start >= 3 && /^(?:[A-Z]\.)+[A-Z]$/.test(text.slice(start, i))) i++
    const t = text.slice(start, i)
    const first = tokens.length === 0
    let upperCount = 0
    let lowerCount = 0
    let hasDigit = false
    let joiner = false
    let cap = false
    for (let k = 0; k < t.length; k++) {
      const ch = t.charCodeAt(k)
      if (ch >= 0x61 && ch <= 0x7a) lowerCount++
      else if (ch >= 0x41 && ch <= 0x5a) {
        if (k === 0) cap = true
        else upperCount++
      } else if (ch >= 0x30 && ch <= 0x39) hasDigit = true
      else if (isJoiner(ch)) joiner = true
      else if (ch >= 0x300 && ch <= 0x36f) continue
      else if (UPPER[ch] === 1) {
        if (k === 0) cap = true
        else upperCount++
      } else lowerCount++
    }
    const lower = cap || upperCount ? t.toLowerCase() : t
    if (cap) upperCount++
    let sentenceStart: boolean
    if (first) {
      // the first word of a paragraph starts a sentence; a first Latin word after Chinese text does not
      const gap = text.slice(from, start).trim()
      sentenceStart = gap === '' ? !/[,(]\s*$/.test(text.slice(Math.max(0, from - 3), from)) : /[.!?…:;。！？：；]$|^[•*·–—-]$/.test(gap)
    }
    else if (plainGap(text, prevEnd, start)) sentenceStart = false
    else {
      const gap = text.slice(prevEnd, start)
      sentenceStart = SENTENCE_GAP.test(gap.trim()) || gap.includes('\n')
    }
    tokens.push({
      start,
      end: i,
      text: t,
      lower,
      key: joiner ? lower.replace(/[.\-'’&+]/g, '') : lower,
      cap,
      upperInside: lowerCount > 0 && upperCount - (cap ? 1 : 0) > 0,
      acronym: upperCount >= 2 && lowerCount === 0,
      digit: hasDigit,
      viSyllable: hasDigit || joiner ? false : undefined,
      sentenceStart,
      kbHit: undefined,
    })
    prevEnd = i
  }
  return tokens
}

/** Token has the shape of a Vietnamese syllable (memoised on the token). */
export function viSyl(res: Resources, t: Token): boolean {
  if (t.viSyllable === undefined) t.viSyllable = res.viSyllable(t.text)
  return t.viSyllable
}

/** Tokens i-1 and i are separated by spaces only (at most 3, no line break). */
function joined(text: string, a: Token, b: Token): boolean {
  if (b.start - a.end < 1 || b.start - a.end > 3) return false
  for (let i = a.end; i < b.start; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0xa0 && c !== 0x09) return false
  }
  return true
}

/** Lower-case words of tokens `[s, s + n)` joined by spaces, when each follows the other after spaces only. */
function phraseAt(text: string, tokens: Token[], s: number, n: number): string | undefined {
  if (s < 0 || s + n > tokens.length) return undefined
  let phrase = (tokens[s] as Token).lower
  for (let k = 1; k < n; k++) {
    const t = tokens[s + k] as Token
    if (!joined(text, tokens[s + k - 1] as Token, t)) return undefined
    phrase += ' ' + t.lower
  }
  return phrase
}

/** First words of the phrases of a title or cue list: most tokens start none, and skip building phrases. */
const firstWords = (phrases: Iterable<string>): Set<string> => new Set([...phrases].map((p) => p.split(' ')[0] as string))
const FIRST_WORDS = new Map<object, Set<string>>([
  [VI_PERSON_TITLES, firstWords(VI_PERSON_TITLES)],
  [EN_PERSON_TITLES, firstWords(EN_PERSON_TITLES)],
  [VI_CUES, firstWords(Object.keys(VI_CUES))],
  [EN_CUES, firstWords(Object.keys(EN_CUES))],
])
function hyphenGap(text: string, a: Token, b: Token): boolean {
  return /^\s?[-–]\s?$/.test(text.slice(a.end, b.start))
}

/** Can `word` be split into pinyin syllables? */
export function isPinyinWord(word: string, syllables: Set<string>): boolean {
  const w = word.toLowerCase().replace(/['’-]/g, '')
  if (!/^[a-zü]+$/.test(w) || w.length > 12) return false
  const ok: boolean[] = [true]
  for (let i = 1; i <= w.length; i++) {
    ok[i] = false
    for (let j = Math.max(0, i - 6); j < i; j++) if (ok[j] && syllables.has(w.slice(j, i))) ok[i] = true
  }
  return ok[w.length] === true
}

export interface LatinContext {
  readonly res: Resources
  readonly text: string
  /** Lowercase Latin words seen in lower case anywhere in the document. */
  readonly lowerWords: Set<string>
  /** Common English words (from compromise's lexicon). */
  readonly englishWords: Set<string>
}

/** Family names that are Vietnamese rather than Chinese in practice, and typical Vietnamese middle names. */
const VI_ONLY_SURNAMES = new Set(['nguyễn', 'huỳnh', 'võ', 'bùi', 'lê', 'phạm', 'đỗ', 'ngô', 'vũ', 'phan', 'đinh', 'đoàn', 'trịnh'])
const VI_MIDDLE_NAMES = new Set(['văn', 'thị', 'hữu', 'đình', 'công', 'ngọc', 'xuân', 'thanh', 'duy', 'quốc', 'bá', 'trọng', 'tấn', 'thế', 'khắc', 'viết', 'đức'])

/** ", Intel’s new CEO": an English apposition that makes the name before it a person. */
const EN_POSSESSIVE_TITLE = /^\s*,\s*(?:the\s+)?(?:\p{Lu}[\p{L}.&-]*\s?){1,3}['’]s?\s+(?:new\s+|former\s+|current\s+)?(?:ceo|chief|founder|co-founder|president|chairman|chairwoman|head|director|spokesman|spokeswoman|minister|secretary|analyst)(?![\p{L}])/iu

const IDIOMS = /^(?:hộp|chiếc hộp|gót chân|thanh kiếm|con ngựa thành|ngựa thành|chiếc hộp của)$/i
const AFTER_TITLE = new RegExp(`^\\s*,\\s*(?:${[...VI_PERSON_TITLES, ...EN_PERSON_TITLES].filter((t) => t.length > 2).map((t) => t.replace(/[.]/g, '\\.')).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`, 'iu')

function matchPhrase(tokens: Token[], at: number, phrase: string[], text: string): boolean {
  for (let k = 0; k < phrase.length; k++) {
    const t = tokens[at + k]
    if (!t || t.lower !== phrase[k]) return false
    if (k > 0 && !joined(text, tokens[at + k - 1] as Token, t)) return false
  }
  return true
}

/** Longest title phrase (person cue) ending right before token `at`. */
function titleBefore(tokens: Token[], at: number, titles: Set<string>, text: string): number {
  if (at < 1 || !joined(text, tokens[at - 1] as Token, tokens[at] as Token)) return 0
  const first = FIRST_WORDS.get(titles)
  for (let n = 4; n >= 1; n--) {
    const s = at - n
    if (s < 0 || (first && !first.has((tokens[s] as Token).lower))) continue
    const phrase = phraseAt(text, tokens, s, n)
    if (phrase !== undefined && titles.has(phrase)) return n
  }
  return 0
}

function cueBefore(tokens: Token[], at: number, cues: Record<string, NameType>, text: string): NameType | undefined {
  if (at < 1 || !joined(text, tokens[at - 1] as Token, tokens[at] as Token)) return undefined
  const first = FIRST_WORDS.get(cues)
  for (let n = 4; n >= 1; n--) {
    const s = at - n
    if (s < 0 || (first && !first.has((tokens[s] as Token).lower))) continue
    const phrase = phraseAt(text, tokens, s, n)
    if (phrase !== undefined && Object.hasOwn(cues, phrase)) return cues[phrase]
  }
  return undefined
}

/** Verbs that end an organisation name ("Bộ Tài chính công bố ..."). */
const ORG_BREAK_VERBS = new Set(['công', 'cho', 'yêu', 'ban', 'thông', 'đề', 'khẳng', 'cảnh', 'vừa', 'sẽ', 'đã', 'đang', 'nói', 'cũng', 'phải', 'muốn', 'cần', 'kêu', 'ra', 'quyết', 'phê', 'chỉ', 'tổ', 'phối', 'hợp', 'ký', 'gửi', 'trình', 'xác', 'dự', 'lên', 'tiếp', 'tuyên', 'giao', 'giữ', 'mở', 'tăng', 'giảm'])
const NP_BREAK = new Set(['của', 'và', 'với', 'cho', 'là', 'đã', 'được', 'bị', 'từ', 'tại', 'ở', 'như', 'hay', 'hoặc', 'thì', 'mà', 'có', 'này', 'đó', 'khi', 'để', 'sẽ', 'đang', 'các', 'những', 'một'])
/** Vietnamese product cues (VI_CUES typed PRODUCT), and the first words of those with two or more words. */
const PRODUCT_CUES = new Set(Object.keys(VI_CUES).filter((k) => VI_CUES[k] === 'PRODUCT'))
const PRODUCT_CUE_FIRST = new Set([...PRODUCT_CUES].filter((k) => k.includes(' ')).map((k) => k.slice(0, k.indexOf(' '))))
/** A product cue heading the noun phrase that ends at the name ("công cụ ... nội bộ Boximator"). */
function productCueNear(tokens: Token[], at: number, text: string): boolean {
  for (let back = 2; back <= 10; back++) {
    const s = at - back
    if (s < 0) return false
    const t = tokens[s] as Token
    const next = tokens[s + 1] as Token
    if (t.cap || NP_BREAK.has(t.lower) || !joined(text, t, next)) return false
    if (PRODUCT_CUES.has(t.lower)) return true
    // a two-word cue is built only after its first word (a word has no space)
    if (s + 1 < at && PRODUCT_CUE_FIRST.has(t.lower) && PRODUCT_CUES.has(`${t.lower} ${next.lower}`)) return true
  }
  return false
}

/** Length of a Vietnamese cue, title or document phrase of 2-4 words starting at token i (0 if none). */
const PHRASE_FIRST_WORDS = new Set([...Object.keys(VI_CUES), ...VI_PERSON_TITLES, ...VI_DOCUMENT_HEADS].filter((p) => p.includes(' ')).map((p) => p.split(' ')[0] as string))
function viPhraseAt(tokens: Token[], i: number, text: string): number {
  const t = tokens[i]
  if (!t || !PHRASE_FIRST_WORDS.has(t.lower)) return 0
  for (let n = 4; n >= 2; n--) {
    const phrase = phraseAt(text, tokens, i, n)
    if (phrase !== undefined && (Object.hasOwn(VI_CUES, phrase) || VI_PERSON_TITLES.has(phrase) || VI_DOCUMENT_HEADS.has(phrase))) return n
  }
  return 0
}

/** A Chinese word right around a Latin word inside Chinese text that makes it a name (向X投資, X說). */
function chineseCue(ctx: LatinContext, t: Token): boolean {
  const around = ctx.text.slice(Math.max(0, t.start - 3), t.start) + '|' + ctx.text.slice(t.end, t.end + 3)
  return /[向對对]\s?\||\|\s?(?:投[資资]|說|说|表示|公司|集[團团]|先生|女士)/.test(around)
}

/** Find a KB alias starting at token i (longest). Case: a capitalised alias needs a capital in the text. */
function kbAt(ctx: LatinContext, tokens: Token[], i: number): { end: number; entry: KbEntry } | undefined {
  const first = tokens[i] as Token
  if (first.kbHit !== undefined) return first.kbHit ?? undefined
  const found = kbAtUncached(ctx, tokens, i)
  first.kbHit = found ?? null
  return found
}
function kbAtUncached(ctx: LatinContext, tokens: Token[], i: number): { end: number; entry: KbEntry } | undefined {
  const first = tokens[i] as Token
  if (!(first.cap || first.upperInside || first.digit) && !ctx.res.lowerFirstKeys.has(first.key)) return undefined
  const lengths = ctx.res.latinFirst.get(first.key)
  if (!lengths) return undefined
  for (const n of lengths) {
    if (i + n > tokens.length) continue
    let ok = true
    for (let k = 1; k < n; k++) if (!joined(ctx.text, tokens[i + k - 1] as Token, tokens[i + k] as Token)) ok = false
    if (!ok) continue
    const last = tokens[i + n - 1] as Token
    let key = ''
    for (let k = 0; k < n; k++) key += (tokens[i + k] as Token).key
    const entry = ctx.res.aliasIndex.get(key)
    if (!entry) continue
    const surface = ctx.text.slice(first.start, last.end)
    const aliasHasUpper = /\p{Lu}/u.test(entry.alias)
    const surfaceHasUpper = /\p{Lu}/u.test(surface)
    if (aliasHasUpper && !surfaceHasUpper) continue
    // A capitalised alias must start capitalised in the text, unless the text mixes case (tikTok).
    if (aliasHasUpper && isUpper(entry.alias[0]) && !first.cap && !first.upperInside) continue
    if (n === 1 && entry.alias.length <= 3 && surface !== entry.alias && surface !== entry.alias.toUpperCase()) continue
    return { end: i + n, entry }
  }
  return undefined
}

const HEADS_BY_FIRST = new Map<string, string[][]>()
for (const head of VI_ORG_HEADS) HEADS_BY_FIRST.set(head[0] as string, [...(HEADS_BY_FIRST.get(head[0] as string) ?? []), head].sort((a, b) => b.length - a.length))

function orgHeadAt(ctx: LatinContext, tokens: Token[], i: number): number {
  const heads = HEADS_BY_FIRST.get((tokens[i] as Token).lower)
  if (!heads) return 0
  for (const head of heads) {
    if (!matchPhrase(tokens, i, head, ctx.text)) continue
    if (!(tokens[i] as Token).cap) continue
    return head.length
  }
  return 0
}

/** Extend a Vietnamese organisation name after its head: capitalised words, lower-case compounds, "và". */
function extendOrg(ctx: LatinContext, tokens: Token[], from: number): number {
  let j = from
  let sawName = false
  while (j < tokens.length) {
    const t = tokens[j] as Token
    if (j > 0 && !joined(ctx.text, tokens[j - 1] as Token, t)) break
    if (t.cap || t.upperInside || (t.acronym && !t.sentenceStart)) {
      if (t.sentenceStart && j > from) break
      // "Bộ Công Thương Nguyễn Hồng Diên": a person's full name after the organisation is not part of it
      if (sawName && VI_SURNAMES.has(t.lower)) {
        let k = j
        while (k < tokens.length && (tokens[k] as Token).cap && k - j < 4 && (k === j || joined(ctx.text, tokens[k - 1] as Token, tokens[k] as Token))) k++
        if (k - j >= 3) break
      }
      sawName = true
      j++
      // lower-case syllables completing a compound ("Tài chính", "Không gian mạng")
      for (let n = 3; n >= 1; n--) {
        const parts = tokens.slice(j - 1, j + n - 0)
        if (parts.length !== n + 1) continue
        if (!parts.slice(1).every((p, k) => !p.cap && !p.acronym && joined(ctx.text, parts[k] as Token, p))) continue
        if (VI_NAME_COMPOUNDS.has(parts.map((p) => p.lower).join(' '))) {
          j += n
          break
        }
      }
      continue
    }
    // "Bộ Khoa học và Công nghệ": a lower-case "và" between two capitalised parts
    const next = tokens[j + 1]
    const after = tokens[j + 2]
    const compound = next && after && VI_NAME_COMPOUNDS.has(`${next.lower} ${after.lower}`)
    if (sawName && t.lower === 'và' && next && next.cap && compound && joined(ctx.text, t, next) && !next.sentenceStart) {
      j++
      continue
    }
    if (!sawName) {
      // Lower-case compound right after the head ("Phòng thí nghiệm trí tuệ"): not a name.
      break
    }
    // "Hiệp hội Kinh doanh vàng Việt Nam": up to two lower-case words inside the name, when the name
    // goes on with a capitalised word and the last capitalised word was Vietnamese
    const prevTok = tokens[j - 1] as Token
    let k = j
    while (k < tokens.length && k - j < 2 && !(tokens[k] as Token).cap && !(tokens[k] as Token).acronym && !NP_BREAK.has((tokens[k] as Token).lower) && !ORG_BREAK_VERBS.has((tokens[k] as Token).lower) && joined(ctx.text, tokens[k - 1] as Token, tokens[k] as Token)) k++
    const nextCap = tokens[k]
    if (k > j && nextCap && nextCap.cap && !nextCap.sentenceStart && joined(ctx.text, tokens[k - 1] as Token, nextCap) && viSyl(ctx.res, prevTok) && !VI_SURNAMES.has(nextCap.lower)) {
      j = k
      continue
    }
    break
  }
  return sawName ? j : from
}

function looksPerson(ctx: LatinContext, words: Token[]): number {
  const res = ctx.res
  if (words.length < 2 || words.length > 4) return 0
  if (words.some((w) => ORG_SUFFIXES.has(w.lower) || w.acronym || w.digit)) return 0
  const first = words[0] as Token
  const last = words[words.length - 1] as Token
  const viLetters = hasVietnameseLetter(words.map((w) => w.text).join(''))
  if (viLetters && words.every((w) => viSyl(ctx.res, w) && isUpper(w.text[0]))) {
    if (VI_SURNAMES.has(first.lower)) return 1
    if (res.surnameReadingsVi.has(first.lower) && words.length <= 3) return 1
    return 0
  }
  if (words.length <= 3 && words.every((w) => isPinyinWord(w.text, res.pinyinSyllables)) && res.pinyinSurnames.has(first.lower)) return 1
  if (res.firstNames().has(first.lower) && !ctx.englishWords.has(last.lower)) return 1
  if (words.length === 2 && res.pinyinSurnames.has(last.lower) && !ctx.englishWords.has(first.lower)) return 1
  return 0
}

/** Type a name from its shape when no cue or KB entry decides. */
function shapeType(ctx: LatinContext, words: Token[], embedded = false): { type: NameType; confidence: number } {
  const last = words[words.length - 1] as Token
  if (words.length >= 2 && ORG_SUFFIXES.has(last.lower)) return { type: 'ORG', confidence: 1 }
  if (words.length >= 2 && (words[0] as Token).text === 'The') return { type: 'ORG', confidence: 1 }
  if (looksPerson(ctx, words)) return { type: 'PER', confidence: 1 }
  // Inside Chinese text, plain capitalised words (Pugh, Fátima Báñez) are usually people; brands are
  // written in camel case, capitals or with digits (TuSimple, SCMP, Mate 9).
  if (embedded && words.length <= 3 && words.every((w) => w.cap && !w.upperInside && !w.acronym && !w.digit && w.text.length > 2 && !ORG_SUFFIXES.has(w.lower))) {
    return { type: 'PER', confidence: 0 }
  }
  if (words.every((w) => viSyl(ctx.res, w)) && hasVietnameseLetter(words.map((w) => w.text).join(''))) return { type: 'LOC', confidence: 0 }
  return { type: 'ORG', confidence: 0 }
}

/**
 * Names in the Latin-script words of `text[from, to)`. `lang` is the mention language: `vi`, `en`,
 * or the Chinese tag for Latin runs inside Chinese text.
 */
export function findLatinNames(ctx: LatinContext, from: number, to: number, lang: string, given?: Token[], embedded = false): NameMention[] {
  const { text, res } = ctx
  const tokens = given ?? tokenize(res, text, from, to)
  const vi = lang === 'vi'
  const en = lang === 'en'
  const titles = en ? EN_PERSON_TITLES : VI_PERSON_TITLES
  const cues = en ? EN_CUES : VI_CUES
  const out: NameMention[] = []
  let i = 0
  while (i < tokens.length) {
    const t = tokens[i] as Token
    // Organisation head (Vietnamese): "Bộ Tài chính Hoa Kỳ", "Đại học Stanford".
    if (vi && t.cap) {
      const head = orgHeadAt(ctx, tokens, i)
      if (head) {
        const end = extendOrg(ctx, tokens, i + head)
        if (end > i + head) {
          const start = t.start
          const stop = (tokens[end - 1] as Token).end
          const kb = res.aliasIndex.get(res.key(text.slice(start, stop)))
          out.push({ start, end: stop, type: kb?.type ?? 'ORG', lang, confidence: 3, ...(kb ? { kb } : {}) })
          i = end
          continue
        }
      }
    }
    const kb = kbAt(ctx, tokens, i)
    if (kb) {
      let end = kb.end
      const entry = kb.entry
      const startTok = tokens[i] as Token
      const single = kb.end - i === 1
      const rejectAtStart = startTok.sentenceStart && (entry.ambiguous || (single && ctx.lowerWords.has(startTok.lower) && !startTok.acronym && !startTok.upperInside))
      if (!rejectAtStart && !(en && single && startTok.sentenceStart && EN_FUNCTION.has(startTok.lower))) {
        if (entry.type === 'ORG') {
          while (end < tokens.length && LEGAL_SUFFIXES.has((tokens[end] as Token).lower) && (tokens[end] as Token).cap && joined(text, tokens[end - 1] as Token, tokens[end] as Token)) end++
        }
        // "iPhone 16", "Qwen 2.5": a product with its version number is a product of its own
        const version = tokens[end]
        if (entry.type === 'PRODUCT' && version && version.digit && /^\d+(?:\.\d+)?[a-z]?$/i.test(version.text) && joined(text, tokens[end - 1] as Token, version)) {
          const full = res.aliasIndex.get(res.key(text.slice(startTok.start, version.end)))
          out.push({ start: startTok.start, end: version.end, type: 'PRODUCT', lang, confidence: 3, ...(full ? { kb: full } : {}) })
          i = end + 1
          continue
        }
        // "Apple Intelligence": a brand and an ordinary English word are one product name
        const next = tokens[end]
        const after = tokens[end + 1]
        if (entry.type === 'ORG' && next && next.cap && !next.acronym && !next.sentenceStart && joined(text, tokens[end - 1] as Token, next) && (ctx.englishWords.has(next.lower) || /^[a-z]{4,}(?:ence|ance|tion|ment|ity|ness|ing|ics|ware|book|pad|phone|watch|store|play|music|drive|maps|search|assistant|studio|vision)$/.test(next.lower)) && !LEGAL_SUFFIXES.has(next.lower) && !kbAt(ctx, tokens, end) && !(after && after.cap && joined(text, next, after))) {
          out.push({ start: startTok.start, end: next.end, type: 'PRODUCT', lang, confidence: 2 })
          i = end + 1
          continue
        }
        out.push({ start: startTok.start, end: (tokens[end - 1] as Token).end, type: entry.type, lang, confidence: 3, kb: entry })
        i = end
        continue
      }
    }
    // "Trung" alone: the short form of Trung Quốc ("Mỹ - Trung", "nội địa Trung").
    const prevTok = tokens[i - 1]
    if (prevTok && (prevTok.lower === 'tiếng' || text[t.start - 1] === '#') ) {
      i++
      while (i < tokens.length && (tokens[i] as Token).cap && joined(text, tokens[i - 1] as Token, tokens[i] as Token)) i++
      continue
    }
    const afterDash = !!prevTok && prevTok.cap && hyphenGap(text, prevTok, t)
    if (vi && t.text === 'Trung' && (!t.sentenceStart || afterDash) && !(tokens[i + 1]?.cap && joined(text, t, tokens[i + 1] as Token)) && tokens[i - 1]?.lower !== 'tiếng') {
      const china = res.aliasIndex.get(res.key('Trung Quốc'))
      if (china) {
        out.push({ start: t.start, end: t.end, type: china.type, lang, confidence: 3, kb: china })
        i++
        continue
      }
    }
    if (!(t.cap || t.upperInside) || t.digit && !/\p{L}{2}/u.test(t.text)) {
      i++
      continue
    }
    // A Roman numeral is a number ("quý III", "Thế chiến II"), not the start of a name; after a name
    // it still continues it (Louis XIV).
    if (ROMAN_NUMERAL.test(t.text)) {
      i++
      continue
    }
    // A capitalised common phrase ("Tập đoàn", "Luật Đầu tư") is a cue or a document, not a name.
    if (vi) {
      let phraseLen = viPhraseAt(tokens, i, text)
      if (!phraseLen && VI_DOCUMENT_HEADS.has(t.lower)) phraseLen = 1
      if (phraseLen && (VI_DOCUMENT_HEADS.has(tokens.slice(i, i + phraseLen).map((x) => x.lower).join(' ')))) {
        // skip the whole document name: the head and the capitalised words after it
        let k = i + phraseLen
        while (k < tokens.length && joined(text, tokens[k - 1] as Token, tokens[k] as Token) && !(tokens[k] as Token).sentenceStart && ((tokens[k] as Token).cap || VI_NAME_COMPOUNDS.has(`${(tokens[k - 1] as Token).lower} ${(tokens[k] as Token).lower}`))) k++
        i = k
        continue
      }
      if (phraseLen && !(tokens[i + phraseLen - 1] as Token).cap) {
        i += phraseLen
        continue
      }
    }
    // A capitalised run.
    let j = i + 1
    while (j < tokens.length) {
      const n = tokens[j] as Token
      // "Ministry of Planning and Investment": lower-case connectors inside an English institution name
      if (en && /^(?:of|and|for|on|the|&)$/.test(n.text) && tokens.slice(i, j).some((x) => EN_ORG_HEADS.has(x.lower))) {
        const after = tokens[j + 1]
        if (after && after.cap && joined(text, tokens[j - 1] as Token, n) && joined(text, n, after) && !EN_FUNCTION.has(after.lower)) {
          j += 2
          continue
        }
      }
      if (!joined(text, tokens[j - 1] as Token, n) || n.sentenceStart) break
      if (!(n.cap || n.upperInside || (n.digit && /^\d+(?:\.\d+)?[a-z]?$/.test(n.text)))) break
      if (kbAt(ctx, tokens, j) && !LEGAL_SUFFIXES.has(n.lower) && !ORG_SUFFIXES.has(n.lower)) break
      if (vi && orgHeadAt(ctx, tokens, j)) break
      if (vi) {
        const p = viPhraseAt(tokens, j, text)
        if (p && !(tokens[j + p - 1] as Token).cap) break
      }
      j++
    }
    let s = i
    let e = j
    // Person titles inside the run ("Chủ tịch", "Tổng Bí thư", "CEO") stay outside.
    let personCue = titleBefore(tokens, s, titles, text) > 0
    const titleFirst = FIRST_WORDS.get(titles)
    for (let n = 4; n >= 1; n--) {
      if (s + n > tokens.length || (titleFirst && !titleFirst.has((tokens[s] as Token).lower))) continue
      const phrase = phraseAt(text, tokens, s, n)
      if (phrase !== undefined && titles.has(phrase)) {
        personCue = true
        s += n
        e = Math.max(e, s)
        // the title may be followed by lower-case words of the title and then the name
        while (e < tokens.length && e === s && !(tokens[e] as Token).cap) break
        if (s >= e) {
          // title was the whole run: continue with the run after it (a KB name right after the title,
          // "CEO Nvidia Jensen Huang", is read on its own)
          if (s < tokens.length && kbAt(ctx, tokens, s)) {
            i = s
            break
          }
          let k = s
          while (k < tokens.length && (tokens[k] as Token).cap && joined(text, tokens[k - 1] as Token, tokens[k] as Token) && !(tokens[k] as Token).sentenceStart) {
            const p = vi ? viPhraseAt(tokens, k, text) : 0
            if (p && !(tokens[k + p - 1] as Token).cap) break
            k++
          }
          e = k
        }
        break
      }
    }
    const first = tokens[s]
    if (s >= e && s < tokens.length && i === s) continue
    if (!first || s >= e) {
      i = Math.max(j, i + 1)
      continue
    }
    // Sentence-initial words: grammar words, and ordinary words capitalised only by position.
    if (first.sentenceStart || s === i && t.sentenceStart) {
      const fn = en ? EN_FUNCTION : VI_FUNCTION
      // "The Geopolitics", "The New York Times": a capitalised "The" inside Chinese or Vietnamese text opens a name
      const keepThe = !en || embedded ? (tokens[s] as Token).text === 'The' && e - s >= 2 : false
      while (!keepThe && s < e && fn.has((tokens[s] as Token).lower)) s++
      if (s < e && e - s >= 2 && vi) {
        const a = tokens[s] as Token
        const b = tokens[s + 1] as Token
        if (viSyl(res, a) && !viSyl(res, b) && ctx.lowerWords.has(a.lower)) s++
      }
      if (s < e && e - s === 1) {
        const a = tokens[s] as Token
        const common = ctx.lowerWords.has(a.lower) || (vi && !a.acronym && viSyl(res, a)) || ctx.englishWords.has(a.lower)
        if (common && !a.upperInside) s = e
      }
    }
    const words = tokens.slice(s, e)
    const surface = words.map((w) => w.lower).join(' ')
    if (!words.length || NOT_NAMES.has(surface) || words.every((w) => NOT_NAMES.has(w.lower) || (w.digit && !/\p{L}/u.test(w.text)))) {
      i = Math.max(j, i + 1)
      continue
    }
    // Drop generic words at either end ("AI Trung Quốc" is handled by KB; "Big Tech" by NOT_NAMES).
    while (words.length && NOT_NAMES.has((words[0] as Token).lower)) words.shift()
    while (words.length > 1 && NOT_NAMES.has((words[words.length - 1] as Token).lower) && (words[words.length - 1] as Token).lower !== 'ai') words.pop()
    if (!words.length) {
      i = Math.max(j, i + 1)
      continue
    }
    const single = words.length === 1 ? (words[0] as Token) : undefined
    const ws0 = (w: Token[]): Token => w[0] as Token
    // (an English word in brackets right after a Chinese name is that name's original: 法蘭克（Frank）)
    const bracketed = embedded && single && /[\u3400-\u9fff][(（]$/.test(text.slice(Math.max(0, single.start - 2), single.start)) && /^[)）]/.test(text.slice(single.end, single.end + 1))
    if (single && !bracketed && !single.upperInside && !single.acronym && ctx.englishWords.has(single.lower) && !personCue && !(embedded && chineseCue(ctx, single))) {
      i = Math.max(j, i + 1)
      continue
    }
    // A lone capitalised Vietnamese syllable that no cue, title or KB entry supports is an ordinary word
    // ("phương Tây", "Liên hoan phim"): Vietnamese names of one syllable are rare in news.
    if (single && vi && !personCue && !single.acronym && viSyl(res, single) && !fuzzyKb(res, single.text)) {
      i = Math.max(j, i + 1)
      continue
    }
    // Idioms: hộp Pandora, gót chân Achilles, thanh kiếm Damocles.
    const before2 = tokens.slice(Math.max(0, tokens.indexOf(ws0(words), i) - 3), tokens.indexOf(ws0(words), i)).map((x) => x.lower)
    if (before2.length && [1, 2, 3].some((n) => IDIOMS.test(before2.slice(-n).join(' ')))) {
      i = Math.max(j, i + 1)
      continue
    }
    const ws = words[0] as Token
    const we = words[words.length - 1] as Token
    const m: NameMention = { start: ws.start, end: we.end, type: 'ORG', lang, confidence: 0 }
    // Fuzzy knowledge-base match (diacritics, case, one-letter typos).
    const fuzzy = fuzzyKb(res, text.slice(m.start, m.end))
    if (fuzzy) {
      m.kb = fuzzy
      m.type = fuzzy.type
      m.confidence = 3
    } else if (personCue && !(words.length >= 2 && ORG_SUFFIXES.has((words[words.length - 1] as Token).lower)) && !(single && single.acronym)) {
      m.type = 'PER'
      m.confidence = 2
    } else {
      const idx = tokens.indexOf(ws, i)
      const cue = cueBefore(tokens, idx, cues, text)
      const shape = shapeType(ctx, words, embedded)
      if (cue && !(cue === 'LOC' && shape.type === 'PER' && shape.confidence > 0)) {
        m.type = cue
        m.confidence = 2
      } else if (vi && shape.confidence === 0 && productCueNear(tokens, idx, text)) {
        m.type = 'PRODUCT'
        m.confidence = 1
      } else {
        const after = text.slice(m.end, m.end + 40)
        const appositive = /^\s*(?:[,–-]|\()\s*(?:một|là|the|a|an)?\s*(công ty|hãng|tập đoàn|startup|mô hình|công cụ|ứng dụng|chip|nền tảng|dịch vụ|company|firm|startup|model|tool|app|chip)(?![\p{L}])/iu.exec(after)
        if (appositive) {
          m.type = /công ty|hãng|tập đoàn|startup|company|firm/i.test(appositive[1] ?? '') ? 'ORG' : 'PRODUCT'
          m.confidence = 2
        } else if ((AFTER_TITLE.test(after) || EN_POSSESSIVE_TITLE.test(after)) && (shape.type !== 'ORG' || shape.confidence === 0)) {
          m.type = 'PER'
          m.confidence = 2
        } else {
          m.type = shape.type
          m.confidence = shape.confidence
          if (shape.type !== 'PER' && words.length >= 2 && words.length <= 3 && vi) {
            const say = after.match(/^\s*(\p{L}+(?:\s\p{L}+)?)/u)?.[1]?.toLowerCase()
            if (say && (VI_SAY.has(say) || VI_SAY.has(say.split(' ')[0] ?? '')) && looksPerson(ctx, words)) m.type = 'PER'
          }
        }
      }
    }
    // A Chinese person written with Sino-Vietnamese readings (Tập Cận Bình) gets the pinyin id; a
    // Vietnamese person (family names such as Nguyễn, middle names such as Văn, Thị) keeps the slug,
    // which is how English text writes the name (Nguyen Hong Dien).
    if (m.type === 'PER' && vi && words.length >= 2 && words.length <= 3 && words.every((w) => viSyl(res, w)) && res.surnameReadingsVi.has(ws.lower)) {
      const vietnamese = VI_ONLY_SURNAMES.has(ws.lower) || (words.length === 3 && VI_MIDDLE_NAMES.has((words[1] as Token).lower))
      m.sinoVietnamese = !vietnamese
    }
    // "NAME (ACR)": the acronym in brackets is the same entity.
    out.push(m)
    i = Math.max(j, i + 1)
  }
  linkBracketAcronyms(text, out, tokens, lang)
  return out
}

/** `Đại học Sư phạm Thiên Tân (TJNU)`: the bracketed acronym takes the name's id and type. */
function linkBracketAcronyms(text: string, out: NameMention[], tokens: Token[], lang: string): void {
  for (const m of [...out]) {
    if (m.type === 'LOC') continue
    const after = /^\s?\(([A-Z][A-Za-z0-9&.]{1,9})\)/.exec(text.slice(m.end, m.end + 14))
    if (!after || !after[1] || NOT_NAMES.has(after[1].toLowerCase())) continue
    const start = m.end + (after[0].indexOf('(') + 1)
    const end = start + after[1].length
    const existing = out.find((o) => o.start === start && o.end === end)
    if (existing) {
      if (!existing.kb) {
        existing.sameAs = m
        existing.type = m.type
        existing.confidence = Math.max(existing.confidence, m.confidence)
      }
    } else if (tokens.some((t) => t.start === start)) {
      out.push({ start, end, type: m.type, lang, confidence: m.confidence, sameAs: m })
    }
  }
  out.sort((a, b) => a.start - b.start)
}

/** Knowledge-base entry for a name written with other diacritics, case, or one typo ("OpenAl"). */
export function fuzzyKb(res: Resources, surface: string): KbEntry | undefined {
  return res.memo('fuzzy', surface, () => fuzzyKbUncached(res, surface))
}
function fuzzyKbUncached(res: Resources, surface: string): KbEntry | undefined {
  const exact = res.aliasIndex.get(res.key(surface))
  if (exact) return exact
  const loose = res.looseKey(surface)
  if (loose.length >= 4) {
    const hit = res.looseIndex.get(loose)
    if (hit) return hit
  }
  if (loose.length < 5 || hasVietnameseLetter(surface)) return undefined
  for (const len of [loose.length, loose.length - 1, loose.length + 1]) {
    for (const cand of res.keysByLength.get(len) ?? []) {
      if (cand[0] !== loose[0]) continue
      if (editDistanceAtMostOne(loose, cand)) {
        const hit = res.looseIndex.get(cand)
        // "OpenAl" for "OpenAI": the same length with l/I confusion, or a letter more or less.
        if (hit && hit.alias.length >= 5) return hit
      }
    }
  }
  return undefined
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  let j = 0
  let edits = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++
      j++
      continue
    }
    if (++edits > 1) return false
    if (a.length > b.length) i++
    else if (b.length > a.length) j++
    else {
      i++
      j++
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1
}

export { hyphenGap }
