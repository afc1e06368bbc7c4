import { isBlank } from '../decode-bytes.js'
import type { ParagraphKind } from '../types.js'
import { CHAR_FLAGS, DENSE, endsWithFinal, JS_SPACE, KEY_TRAIL, SENTENCE_END, skipBackward, STATEMENT_END, UNIT_SPACE, WORD } from './chars.js'
import { findDate } from './dates.js'
import { COMMENT_COUNT, NAVIGATION_LINES, NAVIGATION_PREFIXES, normaliseUi, PHOTO_CREDIT, RELATED_HEADINGS, RELATIVE_TIME } from './lexicon.js'

/** One line of the decoded input, with its trimmed text and offsets. */
export interface SourceLine {
  /** 1-based line number. */
  readonly lineNo: number
  /** Offsets of the whole line (without LF) in the input text. */
  readonly start: number
  readonly end: number
  /** Offset where the trimmed text starts. */
  readonly textStart: number
  /** The line without leading/trailing whitespace. */
  readonly text: string
}

/** The cleaner's decision for one non-empty line. */
export type LineVerdict = { readonly keep: true; readonly kind: ParagraphKind } | { readonly keep: false; readonly rule: string }

/** Tunables of the layout analysis (validated by `cleanText`). */
export interface LayoutOptions {
  readonly navigationLines: ReadonlySet<string>
  readonly relatedHeadings: ReadonlySet<string>
  readonly maxTailShare: number
  /** Title the input declared (JSONL `title`, HTML `<title>`), to recognise the title line. */
  readonly titleHint: string | null
}

/** What the layout analysis found: a verdict per line, plus the parts metadata is read from. */
export interface Layout {
  readonly verdicts: ReadonlyMap<number, LineVerdict>
  /** Author and date parsed from the byline line, if any. */
  readonly byline: { readonly text: string; readonly author: string | null; readonly date: string | null; readonly datetime: string | null } | null
  readonly sources: readonly string[]
}

const SENTENCE_BREAK = /[.!?。！？](?:["'”’»)）」』]*)\s+\S|[。！？]\S/u
const IMAGE_FILE = /^(?:(?:https?:)?\/\/\S+\/|\S*\/)?[\w%()~+.,@=-]+\.(?:png|jpe?g|gif|webp|svg|bmp|avif|tiff?|heic|ico)(?:[?#]\S*)?$/iu
const SYMBOLS_ONLY = /^[\p{P}\p{S}\s]+$/u
const JUNK_TOKEN = /^[A-Za-z0-9_-]{4,64}$/
const SOURCE_LINE =
  /^[([（]?\s*(theo|nguồn|source|sources|via|來源|来源|資料來源|资料来源|出處|出处|originally published (?:by|in|on)|(?:本文)?(?:經授權|经授权)?(?:轉載自|转载自|轉自|转自|摘自|原文刊載於|原文刊载于))\s*[:：]?\s*(.+?)\s*[)\]）]?$/iu
const BYLINE_LEAD =
  /^(?:by|bởi|tác giả|author|written by|reported by|reporting by|writing by|text by|story by|bài(?:\s*(?:và|,)\s*ảnh)?|thực hiện|作者|文|記者|记者|撰文|編譯|编译)\s*[:：／/|]?\s*(.+)$/iu
/** "Như Tâm (Theo Reuters, AFP)": an author followed by the source in parentheses. */
const AUTHOR_THEN_SOURCE = /^(.{1,60}?)\s*[(（]\s*((?:theo|nguồn|source|via|來源|来源)\s*[:：]?\s*[^)）]+?)\s*[)）]\.?$/iu
/** A caption that ends with its photo credit: "Hiện trường vụ tai nạn. Ảnh: Yonhap". */
const ENDS_WITH_CREDIT = /(?:^|[\s.–—-])(?:ảnh|photo|image|picture|圖|图|攝影|摄影)\s*[:：／/]\s*[^.。:：]{1,40}$/iu
// Characters the patterns above cannot match without: a cheap test first spares the scan with
// backtracking on the many lines that lack them (issue 6).
const OPEN_PAREN = /[(（]/
const CREDIT_COLON = /[:：／/]/
const CRUMB_SEPARATOR = /[>»›|]/
const HAN_REPORTER = /^(?:記者|记者)?\s*(\p{Script=Han}{2,4})\s*[／/]\s*\S{1,8}(?:報導|报道|報道)$/u
const NAME_TOKEN = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*|\p{Script=Han}{2,4})$/u
const DATE_NOISE =
  /(?<![\p{L}\p{N}])(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật|cập nhật|đăng lúc|ngày đăng|updated|published|posted|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|gmt\s*[+-]\s*\d+|utc\s*[+-]?\s*\d*|星期.|週.|周.|發布時間|发布时间|更新時間|更新时间)(?![\p{L}\p{N}])/giu

/** Length in word units: space-separated words, plus one unit per two characters of scripts without spaces. */
function units(text: string): number {
  let words = 0
  let dense = 0
  let inWord = false
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    const flags = CHAR_FLAGS[c] ?? 0
    if ((flags & UNIT_SPACE) !== 0) {
      inWord = false
    } else if ((flags & DENSE) !== 0) {
      dense += 1
      inWord = false
      if (c >= 0xd800 && c <= 0xdbff) i += 1
    } else if (!inWord && (flags & WORD) !== 0) {
      words += 1
      inWord = true
    }
  }
  return words + Math.ceil(dense / 2)
}

/** What the layout rules look at in a line, computed once per line. */
interface Features {
  readonly units: number
  /** Ends with sentence punctuation (. ! ? 。 : ; ..., closing quotes allowed). */
  readonly endsSentence: boolean
  /** Has a sentence boundary inside. */
  readonly sentenceBreak: boolean
  /** Has two whitespace characters in a row, a tab or an NBSP (what {@link dupKey} collapses). */
  readonly spaced: boolean
}

/** The features of a line; the unit count and `spaced` come from one scan. */
function featuresOf(text: string): Features {
  let words = 0
  let dense = 0
  let inWord = false
  let spaced = false
  let lastSpace = false
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    const flags = CHAR_FLAGS[c] ?? 0
    if ((flags & JS_SPACE) !== 0) {
      if (lastSpace || c === 9 || c === 0xa0) spaced = true
      lastSpace = true
    } else {
      lastSpace = false
    }
    // As in units().
    if ((flags & UNIT_SPACE) !== 0) {
      inWord = false
    } else if ((flags & DENSE) !== 0) {
      dense += 1
      inWord = false
      if (c >= 0xd800 && c <= 0xdbff) i += 1
    } else if (!inWord && (flags & WORD) !== 0) {
      words += 1
      inWord = true
    }
  }
  return { units: words + Math.ceil(dense / 2), endsSentence: endsSentence(text), sentenceBreak: SENTENCE_BREAK.test(text), spaced }
}

/** Ends with sentence punctuation, closing quotes allowed (in the last 6 code units). */
const endsSentence = (text: string): boolean => endsWithFinal(text, SENTENCE_END, 6)

/** A paragraph of running text: long enough and built of sentences. */
const isBodyLike = (f: Features): boolean => f.units >= 25 || (f.units >= 10 && (f.endsSentence || f.sentenceBreak))

/** Short, no sentence punctuation: a label, a heading, a button. */
const isLabel = (f: Features, maxUnits: number): boolean => f.units <= maxUnits && !f.endsSentence && !f.sentenceBreak

const isTitleLike = (f: Features, text: string): boolean => f.units >= 3 && f.units <= 60 && !endsWithFinal(text, STATEMENT_END, 6) && !f.sentenceBreak

/** 1 to 5 capitalised words, or a 2-4 character Han name: a person's name. */
function isNameLike(text: string): boolean {
  const tokens = text.split(/\s+/).filter(Boolean)
  return tokens.length >= 1 && tokens.length <= 5 && tokens.every((t) => NAME_TOKEN.test(t)) && !/\d/.test(text)
}

/** Longest line the UI vocabulary can match (menus, buttons, footers are short). */
const MAX_UI_CHARS = 160

function lineRule(text: string, f: Features, ui: string | null, options: LayoutOptions): string | null {
  if (f.units <= 3 && IMAGE_FILE.test(text)) return 'image-file'
  if (f.units === 0 && SYMBOLS_ONLY.test(text)) return 'symbol-only'
  if (ui === null) return null
  if (options.navigationLines.has(ui) || COMMENT_COUNT.test(ui) || RELATIVE_TIME.test(text)) return 'navigation'
  if (f.units <= 15 && NAVIGATION_PREFIXES.some((prefix) => ui.startsWith(prefix))) return 'navigation'
  // Breadcrumbs: "Trang chủ > Công nghệ > AI", "Home | World | Asia".
  if (!f.endsSentence && CRUMB_SEPARATOR.test(text) && /^[^>»›|]{1,40}(\s[>»›|]\s[^>»›|]{1,40}){2,}$/u.test(text)) return 'navigation'
  if (f.units === 1 && JUNK_TOKEN.test(text) && (/^[a-z0-9_-]+$/.test(text) || (/\d/.test(text) && /[A-Za-z]/.test(text)))) return 'junk-token'
  return null
}

/** Parse a byline: author and date, or null when the line is not one. */
function parseByline(text: string): { author: string | null; date: string | null; datetime: string | null } | null {
  if (units(text) > 16 || endsSentence(text.replace(/\d{1,2}[:.]\d{2}$/, ''))) return null
  const reporter = HAN_REPORTER.exec(text)
  if (reporter?.[1]) return { author: reporter[1], date: null, datetime: null }
  const found = findDate(text)
  let rest = found ? `${text.slice(0, found.index)} ${text.slice(found.index + found.length)}` : text
  const lead = BYLINE_LEAD.exec(rest.trim())
  if (!found && !lead) return null
  if (lead?.[1]) rest = lead[1]
  rest = rest
    .replace(DATE_NOISE, ' ')
    .replace(/[|·•()（）[\]]+|\s[-–—]\s|^\s*[-–—,]|[-–—,]\s*$/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  // The first of several names: "John Smith; Editing by Jane Doe", "Minh Anh và Hoàng Nam".
  const first = (rest.split(/\s*[;,]\s*|\s(?:and|và|với)\s/u)[0] ?? '').trim()
  const author = first && isNameLike(first) ? first : null
  if (!found && !author) return null
  if (found && !author && units(rest) > 3) return null
  return { author, date: found?.date ?? null, datetime: found?.datetime ?? null }
}

/** Source attribution ("Theo The New York Times", "Nguồn:Baochinhphu.vn"): the names, or null. */
function parseSource(text: string): { names: string[]; author: string | null } | null {
  const withAuthor = OPEN_PAREN.test(text) ? AUTHOR_THEN_SOURCE.exec(text) : null
  if (withAuthor?.[1] && withAuthor[2] && isNameLike(withAuthor[1].replace(/[-–—,]\s*$/, '').trim())) {
    const names = parseSource(withAuthor[2])
    if (names) return { names: names.names, author: withAuthor[1].replace(/[-–—,]\s*$/, '').trim() }
  }
  const match = SOURCE_LINE.exec(text)
  const rest = match?.[2]?.replace(/\.$/, '').trim()
  if (!rest || units(rest) > 10) return null
  const parts = rest.split(/\s*(?:[,;、&]|\s\/\s|\svà\s|\sand\s)\s*/u).filter(Boolean)
  // Each part is a name (capitalised, Han, a quoted title) or a site address (baochinhphu.vn, https://...).
  const named = parts.every(
    (part) => units(part) <= 6 && (/^[\p{Lu}\p{N}\p{Script=Han}《「『"“]/u.test(part) || /^(?:https?:\/\/|www\.)?[\w-]+(?:\.[\w-]+)+(?:\/\S*)?$/u.test(part)),
  )
  return named ? { names: parts.map((part) => part.replace(/^[《「『"“]+|[》」』"”]+$/gu, '')), author: null } : null
}

const SPACED = /\s\s|[\t\u00a0]/

/**
 * A normalised key for finding repeated lines: lower case, each run of 2+ spaces and each tab or
 * NBSP as one space, no trailing sentence marks (`[\s.。!！?？…]+$`). `spaced`: whether there is
 * anything to collapse, when the caller already knows (lower-casing keeps whitespace as it is).
 */
function dupKey(text: string, spaced = SPACED.test(text)): string {
  const lower = text.toLowerCase()
  const collapsed = spaced ? lower.replace(/\s{2,}|[\t\u00a0]/g, ' ') : lower
  return collapsed.slice(0, skipBackward(collapsed, 0, KEY_TRAIL))
}

/**
 * Decide, for every non-empty line, whether it is article text (and which kind) or page chrome
 * (and by which rule). Works in three passes:
 * 1. line rules: image file names, symbol-only lines, navigation vocabulary, junk tokens, and the
 *    "related articles" heading, which near the end cuts everything after it;
 * 2. structure: the head (lines before the first running-text paragraph) holds the title (the
 *    declared title, else a line repeated elsewhere, else the longest title-like line), the byline
 *    and section labels; copies of a line elsewhere are dropped, keeping the one in the article;
 * 3. body: source attributions, captions (a short line right after an image), and short chrome
 *    lines after the last paragraph (footer).
 */
export function analyseLayout(lines: readonly SourceLine[], options: LayoutOptions): Layout {
  const verdicts = new Map<number, LineVerdict>()
  // One verdict object per rule and per kind, shared by the lines that get it (verdicts are read only).
  const drops = new Map<string, LineVerdict>()
  const keeps = new Map<ParagraphKind, LineVerdict>()
  const drop = (i: number, rule: string): void => {
    let verdict = drops.get(rule)
    if (!verdict) drops.set(rule, (verdict = { keep: false, rule }))
    verdicts.set(i, verdict)
  }
  const keep = (i: number, kind: ParagraphKind): void => {
    let verdict = keeps.get(kind)
    if (!verdict) keeps.set(kind, (verdict = { keep: true, kind }))
    verdicts.set(i, verdict)
  }
  const textOf = (i: number): string => lines[i]?.text ?? ''
  const features = lines.map((line) => featuresOf(line.text))
  const feat = (i: number): Features => features[i] ?? { units: 0, endsSentence: false, sentenceBreak: false, spaced: false }
  const bodyLike = (i: number): boolean => isBodyLike(feat(i))

  // Pass 1: rules that look at one line.
  const totalChars = lines.reduce((n, l) => n + l.text.length, 0)
  let charsBefore = 0
  let seenBody = false
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]
    if (!line || line.end === line.start) continue
    const text = line.text
    charsBefore += text.length
    if (verdicts.has(i)) continue
    if (isBlank(text)) {
      drop(i, 'whitespace-only')
      continue
    }
    const ui = text.length <= MAX_UI_CHARS ? normaliseUi(text) : null
    if (seenBody && ui !== null && options.relatedHeadings.has(ui)) {
      const after = totalChars - charsBefore
      drop(i, 'related-list')
      if (after <= options.maxTailShare * totalChars) {
        for (let j = i + 1; j < lines.length; j += 1) {
          const next = lines[j]
          if (next && next.end > next.start) drop(j, next.text === '' ? 'whitespace-only' : 'related-list')
        }
        break
      }
      // A box inside the article: drop the short teaser lines up to the next paragraph.
      for (let j = i + 1; j < lines.length && !bodyLike(j); j += 1) if (textOf(j) !== '') drop(j, 'related-list')
      continue
    }
    const rule = lineRule(text, feat(i), ui, options)
    if (rule) drop(i, rule)
    else if (bodyLike(i)) seenBody = true
  }

  // Pass 2: structure of what is left.
  const rest = lines.map((l, i) => i).filter((i) => textOf(i) !== '' && !verdicts.has(i))
  const keys = new Map<number, string>()
  const groups = new Map<string, number[]>()
  for (const i of rest) {
    if (feat(i).units < 5) continue
    const key = dupKey(textOf(i), feat(i).spaced)
    keys.set(i, key)
    const group = groups.get(key)
    if (group) group.push(i)
    else groups.set(key, [i])
  }
  const groupOf = (i: number): number[] | undefined => {
    const key = keys.get(i)
    const group = key === undefined ? undefined : groups.get(key)
    return group && group.length > 1 ? group : undefined
  }
  // A truncated copy of a later line near the top ("Đầu tư mạnh mẽ và cách tiếp cận…"): the page
  // description cut short, to be dropped like an exact copy.
  const truncatedCopies = new Set<number>()
  for (const i of rest.slice(0, 12)) {
    const text = textOf(i)
    const stem = text.endsWith('...') || text.endsWith('…') ? /^(.{30,}?)\s*(?:\.{3}|…)$/u.exec(text)?.[1]?.toLowerCase() : undefined
    if (stem && rest.some((j) => j > i && textOf(j).toLowerCase().startsWith(stem))) truncatedCopies.add(i)
  }
  const hasLaterCopy = (i: number): boolean => truncatedCopies.has(i) || (groupOf(i)?.at(-1) ?? i) > i

  const HEAD_MAX = 8
  const head: number[] = []
  for (const i of rest) {
    if (bodyLike(i) && !hasLaterCopy(i)) break
    head.push(i)
    if (head.length >= HEAD_MAX) break
  }
  const bylineOf = new Map<number, NonNullable<ReturnType<typeof parseByline>>>()
  for (const i of head) {
    const parsed = parseByline(textOf(i))
    if (parsed) bylineOf.set(i, parsed)
  }
  const candidates = head.filter((i) => isTitleLike(feat(i), textOf(i)) && !bylineOf.has(i) && !(hasLaterCopy(i) && bodyLike(i)))
  const hint = options.titleHint ? dupKey(options.titleHint) : null
  const matchesHint = (i: number): boolean => {
    if (hint === null) return false
    const key = keys.get(i) ?? dupKey(textOf(i))
    return key === hint || (feat(i).units >= 5 && hint.includes(key))
  }
  const titleIndex =
    candidates.find(matchesHint) ??
    candidates.find((i) => groupOf(i) !== undefined) ??
    candidates.reduce<number | undefined>((best, i) => (best === undefined || feat(i).units > feat(best).units ? i : best), undefined)

  // Copies: keep the title, else the first copy after the title (a page description repeats the
  // lead above the title), drop the others.
  for (const group of groups.values()) {
    if (group.length < 2) continue
    if (titleIndex !== undefined && group.includes(titleIndex)) {
      for (const i of group) if (i !== titleIndex) drop(i, 'repeated-title')
      continue
    }
    const kept = group.find((i) => i > (titleIndex ?? -1)) ?? group[0]
    for (const i of group) if (i !== kept) drop(i, 'duplicate-line')
  }

  for (const i of truncatedCopies) if (i !== titleIndex) drop(i, 'duplicate-line')

  let byline: Layout['byline'] = null
  for (const i of head) {
    if (verdicts.has(i)) continue
    const parsed = bylineOf.get(i)
    if (i === titleIndex) keep(i, 'title')
    else if (parsed && !byline) {
      keep(i, 'byline')
      byline = { text: textOf(i), ...parsed }
    } else if (isLabel(feat(i), titleIndex !== undefined && i < titleIndex ? 8 : 6)) drop(i, 'section-label')
    else keep(i, 'body')
  }

  // Pass 3: the body.
  const sources: string[] = []
  const body = rest.filter((i) => !verdicts.has(i))
  const lastParagraph = body.findLast(bodyLike) ?? -1
  for (const i of body) {
    const text = textOf(i)
    const f = feat(i)
    const attribution = f.units <= 16 ? parseSource(text) : null
    if (attribution) {
      for (const name of attribution.names) if (!sources.includes(name)) sources.push(name)
      if (attribution.author && !byline?.author) {
        keep(i, 'byline')
        byline = byline ? { ...byline, author: attribution.author } : { text, author: attribution.author, date: null, datetime: null }
      } else keep(i, 'source')
      continue
    }
    const creditEnd = f.units <= 40 && CREDIT_COLON.test(text) && ENDS_WITH_CREDIT.test(text)
    if (creditEnd || (f.units <= 60 && afterImage(lines, i, verdicts) && (PHOTO_CREDIT.test(text) || (f.units <= 40 && !f.sentenceBreak)))) {
      keep(i, 'caption')
      continue
    }
    if (i > lastParagraph && isLabel(f, 8)) {
      // Trailing short lines are footer, except the author's name (often at the end on
      // Vietnamese sites: "SƠN VÂN", "Minh Anh") or a byline.
      const parsed = parseByline(text)
      const name = isNameLike(text) && (text.includes(' ') || /^\p{Script=Han}+$/u.test(text))
      const author = name ? text : (parsed?.author ?? null)
      if (author && !byline?.author) {
        keep(i, 'byline')
        byline = byline ? { ...byline, author } : { text, author, date: parsed?.date ?? null, datetime: parsed?.datetime ?? null }
      } else if (parsed && !byline) {
        keep(i, 'byline')
        byline = { text, ...parsed }
      } else drop(i, 'footer')
      continue
    }
    keep(i, 'body')
  }
  return { verdicts, byline, sources }
}

/** True when the previous non-empty line is an image file name. */
function afterImage(lines: readonly SourceLine[], i: number, verdicts: ReadonlyMap<number, LineVerdict>): boolean {
  for (let j = i - 1; j >= 0; j -= 1) {
    if ((lines[j]?.text ?? '') === '') continue
    const verdict = verdicts.get(j)
    return verdict !== undefined && !verdict.keep && verdict.rule === 'image-file'
  }
  return false
}
