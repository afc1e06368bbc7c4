/** DATE, MONEY and PERCENT in Vietnamese, Chinese and English, with normalised values. Pure. */
import type { EntityType } from '../types.js'

export interface ValueMention {
  start: number
  end: number
  type: Extract<EntityType, 'DATE' | 'MONEY' | 'PERCENT'>
  /** `2024-12-28`, `--06-25`, `2023-10`, `--12`, `11000000000 USD`, `billions USD`, `97`. */
  value: string
}

const pad = (n: number): string => String(n).padStart(2, '0')

function dateValue(year: number | undefined, month: number | undefined, day: number | undefined): string | undefined {
  if (year !== undefined && (year < 1000 || year > 2999)) return undefined
  if (month !== undefined && (month < 1 || month > 12)) return undefined
  if (day !== undefined && (day < 1 || day > 31 || month === undefined)) return undefined
  if (year !== undefined) return [String(year), month !== undefined ? pad(month) : '', day !== undefined ? pad(day) : ''].filter(Boolean).join('-')
  if (month === undefined) return undefined
  return day !== undefined ? `--${pad(month)}-${pad(day)}` : `--${pad(month)}`
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 兩: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CN_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 }
const CN_BIG: Record<string, number> = { 萬: 1e4, 万: 1e4, 億: 1e8, 亿: 1e8, 兆: 1e12 }

/** Parse Chinese numerals (`四十多` -> 40, `三千五百萬` -> 35000000, `二〇二三` -> 2023), or ASCII digits. */
export function parseChineseNumber(s: string): number | undefined {
  const t = s.replace(/[多餘余幾几]$/, '')
  if (/^\d+(?:[.,]\d+)?$/.test(t)) return Number(t.replace(/,/g, ''))
  if (!t) return undefined
  if ([...t].every((c) => c in CN_DIGITS) && t.length > 1) return Number([...t].map((c) => CN_DIGITS[c]).join(''))
  let total = 0
  let section = 0
  let digit: number | undefined
  for (const c of t) {
    if (c in CN_DIGITS) digit = CN_DIGITS[c]
    else if (c in CN_UNITS) {
      section += (digit ?? 1) * (CN_UNITS[c] ?? 1)
      digit = undefined
    } else if (c in CN_BIG) {
      total += (section + (digit ?? 0)) * (CN_BIG[c] ?? 1)
      section = 0
      digit = undefined
    } else if (/\d/.test(c)) return undefined
    else return undefined
  }
  return total + section + (digit ?? 0)
}

/** Vietnamese number: `1.677` is 1677, `2,5` is 2.5. */
function parseViNumber(s: string): number | undefined {
  const t = s.replace(/\s/g, '')
  if (/^\d{1,3}(?:\.\d{3})+$/.test(t)) return Number(t.replace(/\./g, ''))
  if (/^\d+(?:,\d+)?$/.test(t)) return Number(t.replace(',', '.'))
  if (/^\d+\.\d+$/.test(t)) return Number(t)
  return undefined
}
/** English number: `1,677` is 1677, `2.5` is 2.5. */
function parseEnNumber(s: string): number | undefined {
  const t = s.replace(/\s/g, '')
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t) || /^\d+(?:\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''))
  return undefined
}

function amount(n: number): string {
  const r = Math.round(n * 100) / 100
  return Number.isInteger(r) ? BigInt(r).toString() : String(r)
}
function percentValue(n: number): string {
  return String(Math.round(n * 1000) / 1000)
}

/** `billions`, `tens-of-millions`, ... for a vague amount of that order of magnitude. */
function magnitudeSlug(unit: number): string | undefined {
  const names: [number, string][] = [
    [1e12, 'trillions'], [1e11, 'hundreds-of-billions'], [1e10, 'tens-of-billions'], [1e9, 'billions'],
    [1e8, 'hundreds-of-millions'], [1e7, 'tens-of-millions'], [1e6, 'millions'], [1e5, 'hundreds-of-thousands'],
    [1e4, 'tens-of-thousands'], [1e3, 'thousands'],
  ]
  return names.find(([v]) => Math.abs(unit - v) < v / 100)?.[1]
}

const VI_CURRENCY: [RegExp, string][] = [
  [/^(?:usd|đô la mỹ|đô la|đôla|đô|us\$|\$)$/i, 'USD'],
  [/^(?:vnd|vnđ|đồng)$/i, 'VND'],
  [/^(?:nhân dân tệ|ndt|cny|rmb)$/i, 'CNY'],
  [/^(?:euro|eur|€)$/i, 'EUR'],
  [/^(?:yên|jpy)$/i, 'JPY'],
  [/^(?:bảng anh|gbp|£)$/i, 'GBP'],
  [/^(?:won|krw)$/i, 'KRW'],
  [/^(?:đài tệ|twd)$/i, 'TWD'],
]
const ZH_CURRENCY: Record<string, string> = {
  美元: 'USD', 美金: 'USD', 人民幣: 'CNY', 人民币: 'CNY', 新台幣: 'TWD', 新臺幣: 'TWD', 台幣: 'TWD', 臺幣: 'TWD', 新台币: 'TWD',
  歐元: 'EUR', 欧元: 'EUR', 日圓: 'JPY', 日元: 'JPY', 日币: 'JPY', 英鎊: 'GBP', 英镑: 'GBP', 港元: 'HKD', 港幣: 'HKD', 港币: 'HKD',
  韓元: 'KRW', 韩元: 'KRW', 越南盾: 'VND',
}
const VI_SCALE: Record<string, number> = { 'nghìn tỷ': 1e12, 'ngàn tỷ': 1e12, tỷ: 1e9, tỉ: 1e9, triệu: 1e6, nghìn: 1e3, ngàn: 1e3 }
const ZH_SCALE: Record<string, number> = { 萬億: 1e12, 万亿: 1e12, 兆: 1e12, 億: 1e8, 亿: 1e8, 萬: 1e4, 万: 1e4, 千: 1e3, 百: 1e2 }
const EN_SCALE: Record<string, number> = { trillion: 1e12, billion: 1e9, million: 1e6, thousand: 1e3, bn: 1e9, m: 1e6, k: 1e3 }

const B = '(?<![\\p{L}\\p{N}])'
const E = '(?![\\p{L}\\p{N}])'
const VI_CUR = '(?:USD|US\\$|đô la Mỹ|đô la|đôla|VND|VNĐ|đồng|nhân dân tệ|NDT|CNY|euro|EUR|yên|JPY|bảng Anh|GBP|won|KRW|Đài tệ|TWD)'
const VI_NUM = '(\\d{1,3}(?:\\.\\d{3})+|\\d+(?:,\\d+)?)'
const VI_SCALE_RE = '(nghìn tỷ|ngàn tỷ|tỷ|tỉ|triệu|nghìn|ngàn)'

/**
 * A value pattern; `need` is a cheap test of something every match contains (a word, a symbol),
 * so most paragraphs skip most patterns without running them.
 */
interface Pattern {
  readonly need: RegExp
  readonly re: RegExp
  make(m: RegExpExecArray): ValueMention | undefined
}

const VI_PATTERNS: Pattern[] = [
  {
    // ngày 22 tháng 6 [năm 2024]
    need: /tháng/, re: new RegExp(`${B}(?:[Nn]gày|[Hh]ôm)\\s+(\\d{1,2})\\s+tháng\\s+(\\d{1,2})(?:(?:\\s+năm|,)\\s+(\\d{4}))?${E}`, 'gu'),
    make: (m) => date(m, num(m[3]), num(m[2]), num(m[1])),
  },
  {
    // ngày 25/6, hôm 23/2, hôm 25.12, ngày 28/12/2024
    need: /[Nn]gày|[Hh]ôm/, re: new RegExp(`${B}(?:[Nn]gày|[Hh]ôm)\\s+(\\d{1,2})\\s?[/.\\-]\\s?(\\d{1,2})(?:\\s?[/.\\-]\\s?(\\d{4}))?${E}`, 'gu'),
    make: (m) => date(m, num(m[3]), num(m[2]), num(m[1])),
  },
  {
    // tháng 10/2023, tháng 10 năm 2023, tháng 12
    need: /[Tt]háng/, re: new RegExp(`${B}[Tt]háng\\s+(\\d{1,2})(?:\\s?[/\\-]\\s?(\\d{4})|\\s+năm\\s+(\\d{4}))?${E}(?!\\s?[/.]\\d)`, 'gu'),
    make: (m) => date(m, num(m[2] ?? m[3]), num(m[1]), undefined),
  },
  { need: /[Nn]ăm/, re: new RegExp(`${B}[Nn]ăm\\s+(\\d{4})${E}`, 'gu'), make: (m) => date(m, num(m[1]), undefined, undefined) },
  {
    // 28/12/2024 without a unit noun
    need: /\d\/\d/, re: new RegExp(`${B}(\\d{1,2})/(\\d{1,2})/(\\d{4})${E}`, 'gu'),
    make: (m) => date(m, num(m[3]), num(m[2]), num(m[1])),
  },
  {
    // sáng 14/11: the time-of-day word stays outside
    need: /\d\/\d/, re: new RegExp(`${B}(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Rr]ạng sáng|[Đđ]ầu|[Cc]uối|[Gg]iữa)\\s+(\\d{1,2})/(\\d{1,2})${E}(?!/)`, 'gu'),
    make: (m) => {
      const full = m[0]
      const offset = full.search(/\d/)
      const value = dateValue(undefined, num(m[2]), num(m[1]))
      return value ? { start: m.index + offset, end: m.index + full.length, type: 'DATE', value } : undefined
    },
  },
  {
    need: new RegExp(VI_CUR), re: new RegExp(`${B}(?:(US\\$|\\$)\\s?)?${VI_NUM}\\s*(?:${VI_SCALE_RE}\\s*)?(${VI_CUR})${E}`, 'gu'),
    make: (m) => {
      const n = parseViNumber(m[2] ?? '')
      const cur = currencyVi(m[4] ?? m[1] ?? '')
      if (n === undefined || !cur) return undefined
      return { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${amount(n * (VI_SCALE[m[3] ?? ''] ?? 1))} ${cur}` }
    },
  },
  {
    need: /\$/, re: new RegExp(`${B}(?:US\\$|\\$)\\s?${VI_NUM}(?:\\s*${VI_SCALE_RE})?${E}`, 'gu'),
    make: (m) => {
      const n = parseViNumber(m[1] ?? '')
      if (n === undefined) return undefined
      return { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${amount(n * (VI_SCALE[m[2] ?? ''] ?? 1))} USD` }
    },
  },
  {
    // hàng tỷ USD, hàng chục triệu đồng: a vague amount
    need: /[Hh]àng|[Vv]ài/, re: new RegExp(`${B}(?:[Hh]àng|[Vv]ài)\\s+(?:(chục|trăm)\\s+)?${VI_SCALE_RE}\\s+(${VI_CUR})${E}`, 'gu'),
    make: (m) => {
      const unit = (VI_SCALE[m[2] ?? ''] ?? 1) * (m[1] === 'chục' ? 10 : m[1] === 'trăm' ? 100 : 1)
      const slug = magnitudeSlug(unit)
      const cur = currencyVi(m[3] ?? '')
      return slug && cur ? { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${slug} ${cur}` } : undefined
    },
  },
  {
    need: /%|phần trăm/, re: new RegExp(`${B}(\\d+(?:[.,]\\d+)?)\\s?(%|phần trăm${E})`, 'gu'),
    make: (m) => {
      const n = parseViNumber(m[1] ?? '') ?? Number((m[1] ?? '').replace(',', '.'))
      return Number.isFinite(n) ? { start: m.index, end: m.index + m[0].length, type: 'PERCENT', value: percentValue(n) } : undefined
    },
  },
]

const ZH_NUM = '(\\d+(?:[.,]\\d+)?|[零〇一二兩两三四五六七八九十百千]+[多餘余]?)'
const ZH_CUR = '(美元|美金|人民幣|人民币|新台幣|新臺幣|新台币|台幣|臺幣|歐元|欧元|日圓|日元|英鎊|英镑|港元|港幣|港币|韓元|韩元|越南盾)'
const ZH_MONTH = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])'
const ZH_DAY = '(\\d{1,2}|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])'
const ZH_PATTERNS: Pattern[] = [
  {
    need: /年/, re: new RegExp(`(?<!\\d)(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年(?:\\s*${ZH_MONTH}\\s*月(?:\\s*${ZH_DAY}\\s*[日號号])?)?`, 'gu'),
    make: (m) => date(m, parseChineseNumber(m[1] ?? ''), m[2] ? parseChineseNumber(m[2]) : undefined, m[3] ? parseChineseNumber(m[3]) : undefined),
  },
  {
    need: /月/, re: new RegExp(`(?<![\\d年〇零一二三四五六七八九十])${ZH_MONTH}\\s*月(?:\\s*${ZH_DAY}\\s*[日號号])?(?![份]?[來来])`, 'gu'),
    make: (m) => date(m, undefined, parseChineseNumber(m[1] ?? ''), m[2] ? parseChineseNumber(m[2]) : undefined),
  },
  {
    need: new RegExp(ZH_CUR), re: new RegExp(`(?:US\\$|\\$)?${ZH_NUM}\\s*(萬億|万亿|兆|億|亿|萬|万)?\\s*${ZH_CUR}`, 'gu'),
    make: (m) => {
      const n = parseChineseNumber((m[1] ?? '').replace(/,/g, ''))
      const cur = ZH_CURRENCY[m[3] ?? '']
      if (n === undefined || !cur) return undefined
      return { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${amount(n * (ZH_SCALE[m[2] ?? ''] ?? 1))} ${cur}` }
    },
  },
  {
    // 新台幣1.2兆元: the currency before the amount
    need: new RegExp(ZH_CUR), re: new RegExp(`${ZH_CUR}\\s*${ZH_NUM}\\s*(萬億|万亿|兆|億|亿|萬|万)?元?`, 'gu'),
    make: (m) => {
      const n = parseChineseNumber((m[2] ?? '').replace(/,/g, ''))
      const cur = ZH_CURRENCY[m[1] ?? '']
      if (n === undefined || !cur) return undefined
      return { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${amount(n * (ZH_SCALE[m[3] ?? ''] ?? 1))} ${cur}` }
    },
  },
  {
    // 數十億美元: a vague amount
    need: new RegExp(ZH_CUR), re: new RegExp(`[數数幾几](十|百|千)?(萬億|万亿|兆|億|亿|萬|万|千|百)${ZH_CUR}`, 'gu'),
    make: (m) => {
      const unit = (ZH_SCALE[m[2] ?? ''] ?? 1) * (m[1] === '十' ? 10 : m[1] === '百' ? 100 : m[1] === '千' ? 1000 : 1)
      const slug = magnitudeSlug(unit)
      const cur = ZH_CURRENCY[m[3] ?? '']
      return slug && cur ? { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${slug} ${cur}` } : undefined
    },
  },
  {
    need: /百分之/, re: /百分之([零〇一二兩两三四五六七八九十百點点\d.]+[多餘余]?)/gu,
    make: (m) => {
      const raw = (m[1] ?? '').replace(/[點点]/, '.')
      const [int, frac] = raw.split('.')
      const n = parseChineseNumber(int ?? '')
      if (n === undefined) return undefined
      const f = frac ? Number('0.' + [...frac].map((c) => (/\d/.test(c) ? c : String(CN_DIGITS[c] ?? ''))).join('')) : 0
      return { start: m.index, end: m.index + m[0].length, type: 'PERCENT', value: percentValue(n + f) }
    },
  },
  {
    need: /[%％]/, re: /(?<![\d.])(\d+(?:\.\d+)?|[零〇一二兩两三四五六七八九十]+[多]?)\s?[%％]/gu,
    make: (m) => {
      const n = parseChineseNumber(m[1] ?? '')
      return n === undefined ? undefined : { start: m.index, end: m.index + m[0].length, type: 'PERCENT', value: percentValue(n) }
    },
  },
]

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
}
const EN_MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)'
const EN_PATTERNS: Pattern[] = [
  {
    need: /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/, re: new RegExp(`${B}${EN_MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?${E}`, 'gu'),
    make: (m) => date(m, num(m[3]), MONTHS[(m[1] ?? '').toLowerCase().replace('.', '')], num(m[2])),
  },
  {
    need: /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/, re: new RegExp(`${B}(\\d{1,2})(?:st|nd|rd|th)?\\s+${EN_MONTH}(?:,?\\s+(\\d{4}))?${E}`, 'gu'),
    make: (m) => date(m, num(m[3]), MONTHS[(m[2] ?? '').toLowerCase().replace('.', '')], num(m[1])),
  },
  {
    need: /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/, re: new RegExp(`${B}${EN_MONTH}(?:\\s+(?:of\\s+)?(\\d{4}))${E}`, 'gu'),
    make: (m) => date(m, num(m[2]), MONTHS[(m[1] ?? '').toLowerCase().replace('.', '')], undefined),
  },
  {
    need: /(?:19|20)\d\d/, re: /(?<![\p{L}\p{N}])(?:in|since|by|until|of|from|during|early|late|mid-?)\s+((?:19|20)\d\d)(?![\p{L}\p{N}%])/gu,
    make: (m) => {
      const offset = m[0].length - (m[1] ?? '').length
      const value = dateValue(num(m[1]), undefined, undefined)
      return value ? { start: m.index + offset, end: m.index + m[0].length, type: 'DATE', value } : undefined
    },
  },
  { need: /\d-\d\d-\d/, re: /(?<![\p{L}\p{N}])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\p{L}\p{N}])/gu, make: (m) => date(m, num(m[1]), num(m[2]), num(m[3])) },
  {
    need: /[$€£¥]/, re: /(?<![\p{L}\p{N}])(US\$|\$|€|£|¥)\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(trillion|billion|million|thousand|bn|m|k)(?![\p{L}]))?/gu,
    make: (m) => {
      const n = parseEnNumber(m[2] ?? '')
      const cur = { US$: 'USD', $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' }[m[1] ?? ''] ?? 'USD'
      if (n === undefined) return undefined
      return { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${amount(n * (EN_SCALE[(m[3] ?? '').toLowerCase()] ?? 1))} ${cur}` }
    },
  },
  {
    need: /dollars|euros|yuan|renminbi|yen|pounds|dong/, re: /(?<![\p{L}\p{N}])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(trillion|billion|million|thousand))?\s+(dollars|US dollars|euros|yuan|renminbi|yen|pounds|dong)(?![\p{L}])/gu,
    make: (m) => {
      const n = parseEnNumber(m[1] ?? '')
      const cur = { dollars: 'USD', 'US dollars': 'USD', euros: 'EUR', yuan: 'CNY', renminbi: 'CNY', yen: 'JPY', pounds: 'GBP', dong: 'VND' }[m[3] ?? ''] ?? 'USD'
      if (n === undefined) return undefined
      return { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${amount(n * (EN_SCALE[(m[2] ?? '').toLowerCase()] ?? 1))} ${cur}` }
    },
  },
  {
    need: /billions|millions|trillions/i, re: /(?<![\p{L}\p{N}])(?:(tens|hundreds)\s+of\s+)?(billions|millions|trillions)\s+of\s+(dollars|euros|yuan)(?![\p{L}])/giu,
    make: (m) => {
      const unit = EN_SCALE[(m[2] ?? '').toLowerCase().replace(/s$/, '')] ?? 1
      const slug = magnitudeSlug(unit * (m[1]?.toLowerCase() === 'tens' ? 10 : m[1]?.toLowerCase() === 'hundreds' ? 100 : 1))
      const cur = { dollars: 'USD', euros: 'EUR', yuan: 'CNY' }[(m[3] ?? '').toLowerCase()] ?? 'USD'
      return slug ? { start: m.index, end: m.index + m[0].length, type: 'MONEY', value: `${slug} ${cur}` } : undefined
    },
  },
  {
    need: /%|per/, re: /(?<![\p{L}\p{N}.])(\d+(?:\.\d+)?)\s?(%|percent(?![\p{L}])|per cent(?![\p{L}]))/gu,
    make: (m) => ({ start: m.index, end: m.index + m[0].length, type: 'PERCENT', value: percentValue(Number(m[1])) }),
  },
]

function num(s: string | undefined): number | undefined {
  return s === undefined || s === '' ? undefined : Number(s)
}
function date(m: RegExpExecArray, year: number | undefined, month: number | undefined, day: number | undefined): ValueMention | undefined {
  const value = dateValue(year, month, day)
  return value ? { start: m.index, end: m.index + m[0].length, type: 'DATE', value } : undefined
}
function currencyVi(s: string): string | undefined {
  return VI_CURRENCY.find(([re]) => re.test(s.trim()))?.[1]
}

function run(text: string, patterns: readonly Pattern[], offset: number, out: ValueMention[]): void {
  // matchAll works on a copy of each shared pattern, so no lastIndex state is shared between calls
  for (const { need, re, make } of patterns) {
    if (!need.test(text)) continue
    for (const m of text.matchAll(re)) {
      const v = make(m as RegExpExecArray)
      if (v) out.push({ ...v, start: v.start + offset, end: v.end + offset })
    }
  }
}

/** Keep the longest of overlapping mentions (earliest first on ties). */
export function dropOverlaps<T extends { start: number; end: number }>(mentions: T[]): T[] {
  if (mentions.length < 2) return [...mentions]
  const sorted = [...mentions].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  // Kept mentions never overlap, so in start order only the neighbours of a new one can overlap it
  // (an empty mention would break that: those few lists take the plain scan).
  if (sorted.some((m) => m.end <= m.start)) {
    const kept: T[] = []
    for (const m of sorted) if (!kept.some((k) => k.start < m.end && m.start < k.end)) kept.push(m)
    return kept.sort((a, b) => a.start - b.start)
  }
  const kept: T[] = []
  for (const m of sorted) {
    let lo = 0
    let hi = kept.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((kept[mid] as T).start < m.start) lo = mid + 1
      else hi = mid
    }
    const before = kept[lo - 1]
    const after = kept[lo]
    if ((before && before.end > m.start) || (after && after.start < m.end)) continue
    kept.splice(lo, 0, m)
  }
  return kept
}

/** `mentions` without the ones that overlap one of `blockers` (sorted by start, not overlapping each other). */
export function withoutOverlaps<T extends { start: number; end: number }>(mentions: readonly T[], blockers: readonly { start: number; end: number }[]): T[] {
  if (!blockers.length) return [...mentions]
  if (blockers.some((b) => b.end <= b.start)) return mentions.filter((m) => !blockers.some((b) => b.start < m.end && m.start < b.end))
  return mentions.filter((m) => {
    let lo = 0
    let hi = blockers.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((blockers[mid] as { end: number }).end <= m.start) lo = mid + 1
      else hi = mid
    }
    // blockers[lo] is the first that ends after m starts: it overlaps m when it starts before m ends
    const b = blockers[lo]
    return !(b && b.start < m.end && m.start < b.end)
  })
}

/** DATE/MONEY/PERCENT in one stretch of text of language `lang` (`vi`, `zh`, `en`). */
export function findValues(text: string, lang: 'vi' | 'zh' | 'en', offset = 0): ValueMention[] {
  const out: ValueMention[] = []
  // Every pattern needs a digit, except Chinese numerals and vague amounts.
  if (lang !== 'zh' && !/\d/.test(text) && !/[Hh]àng (?:chục |trăm )?(?:tỷ|tỉ|triệu|nghìn|ngàn)|(?:billions|millions|trillions) of/.test(text)) return out
  run(text, lang === 'vi' ? VI_PATTERNS : lang === 'zh' ? ZH_PATTERNS : EN_PATTERNS, offset, out)
  if (lang === 'zh') run(text, EN_PATTERNS.slice(-1), offset, out)
  return dropOverlaps(out)
}

/** Normalise an English date expression found by wink-nlp; undefined for relative ones ("last year"). */
export function normaliseEnglishDate(text: string): string | undefined {
  for (const { re, make } of EN_PATTERNS.slice(0, 3)) {
    const m = text.matchAll(re).next().value as RegExpExecArray | undefined
    if (m && m.index === 0 && m[0].length === text.length) return make(m)?.value
  }
  if (/^(?:19|20)\d\d$/.test(text)) return text
  return undefined
}
