/** English text: compromise for people/places/organisations, wink-nlp for dates/money/percent. */
import { EN_FUNCTION, EN_PERSON_TITLES } from './lexicon.js'
import { findLatinNames, type LatinContext, type NameMention } from './latin.js'
import { dropOverlaps, findValues, normaliseEnglishDate, type ValueMention } from './numeric.js'
import type { EnglishModels } from './resources.js'

function trimSpan(text: string, start: number, end: number): [number, number] {
  let s = start
  let e = end
  while (e > s && /[\s,.;:!?"'’”)\]]/.test(text[e - 1] as string)) e--
  if (/['’]s$/.test(text.slice(s, e))) e -= 2
  while (s < e && /[\s"'“(\[]/.test(text[s] as string)) s++
  // leading titles: "Mr.", "President"
  for (;;) {
    const m = /^([A-Za-z.\-]+)\s+/.exec(text.slice(s, e))
    if (!m || !m[1] || !(EN_PERSON_TITLES.has(m[1].toLowerCase()) || EN_FUNCTION.has(m[1].toLowerCase()))) break
    s += m[0].length
  }
  return [s, e]
}

/** Sentence spans of `text[from, to)` (split after . ! ? followed by a space and a capital). */
function sentenceSpans(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = []
  let start = from
  const re = /[.!?…]["”’)]?\s+(?=[\p{Lu}"“])/gu
  re.lastIndex = from
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    out.push([start, m.index + 1])
    start = m.index + m[0].length
  }
  if (start < to) out.push([start, to])
  return out
}

interface ModelSpan {
  readonly start: number
  readonly length: number
  readonly type: NameMention['type']
}

/** People, then places, then organisations that compromise finds in one sentence (offsets into it). */
function compromiseSpans(nlp: EnglishModels['nlp'], sentence: string): readonly ModelSpan[] {
  const doc = nlp(sentence)
  const out: ModelSpan[] = []
  const add = (list: { offset: { start: number; length: number } }[], type: NameMention['type']): void => {
    for (const item of list) out.push({ start: item.offset.start, length: item.offset.length, type })
  }
  add(doc.people().json({ offset: true }), 'PER')
  add(doc.places().json({ offset: true }), 'LOC')
  add(doc.organizations().json({ offset: true }), 'ORG')
  return out
}

/** Names in English text `[from, to)`. */
export function findEnglishNames(ctx: LatinContext, from: number, to: number, budget: { chars: number } = { chars: Infinity }): NameMention[] {
  const { text, res } = ctx
  const rule = findLatinNames(ctx, from, to, 'en')
  // A headline in title case capitalises every word: only known names and cued ones count there.
  const long = text.slice(from, to).match(/\p{L}{4,}/gu) ?? []
  if (long.length >= 3 && long.filter((w) => /^\p{Lu}/u.test(w)).length / long.length >= 0.6) {
    return rule.filter((m) => m.kb || m.confidence >= 2)
  }
  const found: NameMention[] = []
  // compromise is slow: it only reads the sentences where a name is left without KB entry or cue.
  const unresolved = rule.filter((m) => !m.kb && m.confidence < 2)
  if (unresolved.length) {
    const { nlp } = res.englishModels()
    const sentences = sentenceSpans(text, from, to).filter(([s, e]) => unresolved.some((m) => m.start >= s && m.end <= e))
    for (const [s0, e0] of sentences) {
      if (e0 - s0 > budget.chars) break
      budget.chars -= e0 - s0
      // compromise's answer depends on the sentence alone: the same sentence (a syndicated copy, a
      // repeated boilerplate line) is parsed once per run.
      const sentence = text.slice(s0, e0)
      const spans = res.memo('compromise', sentence, () => compromiseSpans(nlp, sentence), 10_000)
      for (const span of spans) {
        const [s, e] = trimSpan(text, s0 + span.start, s0 + span.start + span.length)
        if (e - s < 2 || !/\p{Lu}/u.test(text[s] as string)) continue
        found.push({ start: s, end: e, type: span.type, lang: 'en', confidence: 2 })
      }
    }
  }
  const out: NameMention[] = rule.filter((m) => m.kb || m.confidence >= 2)
  for (const m of found) if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push(m)
  for (const m of rule) {
    if (out.includes(m)) continue
    const overlap = found.find((f) => f.start < m.end && m.start < f.end)
    if (overlap) continue
    if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push(m)
  }
  return out.sort((a, b) => a.start - b.start)
}

/** DATE/MONEY/PERCENT in English text `[from, to)`: wink-nlp entities plus the regular patterns. */
export function findEnglishValues(ctx: LatinContext, from: number, to: number): ValueMention[] {
  const { text, res } = ctx
  const segment = text.slice(from, to)
  const out = findValues(segment, 'en', from)
  if (!/\d|percent|billion|million/i.test(segment)) return out
  const { wink } = res.englishModels()
  const doc = wink.readDoc(segment)
  let cursor = 0
  doc.entities().each((e) => {
    const raw = String(e.out())
    const type = String(e.out(wink.its.type))
    const at0 = segment.indexOf(raw, cursor)
    if (at0 < 0) return
    cursor = at0 + raw.length
    // approximators stay outside the span, as hơn/khoảng do in Vietnamese ("about 20%")
    const lead = /^(?:about|around|nearly|almost|roughly|approximately|some|over|under|more than|less than|up to|at least)\s+/i.exec(raw)?.[0].length ?? 0
    const value = raw.slice(lead)
    const at = at0 + lead
    const start = from + at
    const end = start + value.length
    if (type === 'DATE') {
      const v = normaliseEnglishDate(value)
      if (v) out.push({ start, end, type: 'DATE', value: v })
    } else if (type === 'MONEY' || type === 'PERCENT') {
      const parsed = findValues(value, 'en', start).find((x) => x.type === type)
      if (parsed) out.push({ ...parsed, start, end })
    }
  })
  return dropOverlaps(out)
}
