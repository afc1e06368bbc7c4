/** A date found in a text: ISO date, optional ISO local date-time, and where it was. */
export interface FoundDate {
  readonly date: string
  readonly datetime: string | null
  readonly index: number
  readonly length: number
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
}
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|')
const TIME = String.raw`(?:[,\s|\-–—]*(?:lúc\s*)?(\d{1,2})[:h](\d{2})(?::\d{2})?\s*(am|pm|AM|PM|SA|CH|sáng|chiều)?)?`

interface Pattern {
  readonly re: RegExp
  readonly parts: (m: RegExpMatchArray) => { y: number; mo: number; d: number; h?: string | undefined; mi?: string | undefined; ap?: string | undefined } | null
}

// Day-first is the reading for d/m/y, as in Vietnamese and most non-US news sites; a first part
// over 12 is unambiguous either way, a second part over 12 means month-first (US).
const dayFirst = (a: number, b: number): { d: number; mo: number } => (b > 12 && a <= 12 ? { d: b, mo: a } : { d: a, mo: b })

const PATTERNS: readonly Pattern[] = [
  {
    // 2024-12-28T13:12, 2024-12-28 13:12, 2024/12/28
    re: new RegExp(String.raw`(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?(?!\d)`, 'g'),
    parts: (m) => ({ y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: m[4], mi: m[5] }),
  },
  {
    // 2024年12月28日 13:12
    re: new RegExp(String.raw`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]` + TIME, 'g'),
    parts: (m) => ({ y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: m[4], mi: m[5], ap: m[6] }),
  },
  {
    // 13:12 28/12/2024 (time first, common on Vietnamese sites)
    re: new RegExp(String.raw`(?<!\d)(\d{1,2}):(\d{2})\s*(?:\(GMT[+-]\d+\))?[,\s|\-–—]*(?:ngày\s*)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)`, 'g'),
    parts: (m) => ({ y: +m[5]!, ...dayFirst(+m[3]!, +m[4]!), h: m[1], mi: m[2] }),
  },
  {
    // 28/12/2024 13:12, ngày 28.12.2024
    re: new RegExp(String.raw`(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)` + TIME, 'g'),
    parts: (m) => ({ y: +m[3]!, ...dayFirst(+m[1]!, +m[2]!), h: m[4], mi: m[5], ap: m[6] }),
  },
  {
    // 28 tháng 12 năm 2024, 28 tháng 12, 2024
    re: new RegExp(String.raw`(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|,)\s*(\d{4})(?!\d)` + TIME, 'gi'),
    parts: (m) => ({ y: +m[3]!, mo: +m[2]!, d: +m[1]!, h: m[4], mi: m[5], ap: m[6] }),
  },
  {
    // December 28, 2024 / Dec. 28 2024
    re: new RegExp(String.raw`\b(${MONTH_NAMES})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)` + TIME, 'gi'),
    parts: (m) => ({ y: +m[3]!, mo: MONTHS[m[1]!.toLowerCase()] ?? 0, d: +m[2]!, h: m[4], mi: m[5], ap: m[6] }),
  },
  {
    // 28 December 2024
    re: new RegExp(String.raw`(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH_NAMES})\.?,?\s+(\d{4})(?!\d)` + TIME, 'gi'),
    parts: (m) => ({ y: +m[3]!, mo: MONTHS[m[2]!.toLowerCase()] ?? 0, d: +m[1]!, h: m[4], mi: m[5], ap: m[6] }),
  },
]

const pad = (n: number): string => String(n).padStart(2, '0')

function valid(y: number, mo: number, d: number): boolean {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate()
}

/**
 * Find the first explicit calendar date (day, month and year all written) in `text`, in any of
 * the formats news sites use: `28/12/2024 13:12`, `2024-12-28`, `2024年12月28日`,
 * `28 tháng 12 năm 2024`, `December 28, 2024`. The time, when written next to it, gives a local
 * date-time (no zone is invented).
 */
export function findDate(text: string): FoundDate | null {
  // Every pattern has digits (day and year at least).
  if (!/[0-9]/.test(text)) return null
  let best: FoundDate | null = null
  for (const pattern of PATTERNS) {
    // matchAll works on a copy of the regex, so the shared patterns keep no state between calls.
    for (const m of text.matchAll(pattern.re)) {
      const p = pattern.parts(m)
      if (!p || !valid(p.y, p.mo, p.d)) continue
      const date = `${p.y}-${pad(p.mo)}-${pad(p.d)}`
      let datetime: string | null = null
      if (p.h !== undefined && p.mi !== undefined) {
        let h = +p.h
        const ap = p.ap?.toLowerCase()
        if ((ap === 'pm' || ap === 'ch' || ap === 'chiều') && h < 12) h += 12
        if ((ap === 'am' || ap === 'sa' || ap === 'sáng') && h === 12) h = 0
        if (h <= 23 && +p.mi <= 59) datetime = `${date}T${pad(h)}:${p.mi}`
      }
      const index = m.index ?? 0
      if (!best || index < best.index) best = { date, datetime, index, length: m[0].length }
      break
    }
  }
  return best
}

/** Read a date given as metadata (JSONL `date`, HTML `article:published_time`, front matter). */
export function parseGivenDate(value: string | null): { date: string | null; datetime: string | null } {
  if (!value) return { date: null, datetime: null }
  const found = findDate(value)
  return found ? { date: found.date, datetime: found.datetime } : { date: null, datetime: null }
}
