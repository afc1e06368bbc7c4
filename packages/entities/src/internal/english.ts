/** English text: compromise for people/places/organisations, wink-nlp for dates/money/percent. */
import { EN_FUNCTION, EN_PERSON_TITLES } from './lexicon.js'
import { findLatinNames, type LatinContext, type NameMention, type Token } from './latin.js'
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

/**
 * Sentences of the text joined into one string for one model call (compromise and wink-nlp cost
 * much more per call than per word). A blank line between them keeps them separate sentences for
 * both models; `origin` maps an offset of the joined string back to the text.
 */
interface Joined {
  readonly text: string
  origin(at: number): number
}
function joinSentences(text: string, spans: readonly (readonly [number, number])[]): Joined {
  const starts: number[] = []
  let joined = ''
  for (const [s, e] of spans) {
    if (joined) joined += '\n\n'
    starts.push(joined.length)
    joined += text.slice(s, e)
  }
  return {
    text: joined,
    origin(at) {
      let k = starts.length - 1
      while (k > 0 && (starts[k] as number) > at) k--
      return (spans[k] as readonly [number, number])[0] + at - (starts[k] as number)
    },
  }
}

/** People, then places, then organisations that compromise finds in `text` (offsets into it). */
function compromiseSpans(nlp: EnglishModels['nlp'], text: string): readonly ModelSpan[] {
  const doc = nlp(text)
  const out: ModelSpan[] = []
  const add = (list: { offset: { start: number; length: number } }[], type: NameMention['type']): void => {
    for (const item of list) out.push({ start: item.offset.start, length: item.offset.length, type })
  }
  add(doc.people().json({ offset: true }), 'PER')
  add(doc.places().json({ offset: true }), 'LOC')
  add(doc.organizations().json({ offset: true }), 'ORG')
  return out
}

/** Names in English text `[from, to)` (`tokens`: its words when already tokenised). */
export function findEnglishNames(ctx: LatinContext, from: number, to: number, budget: { chars: number } = { chars: Infinity }, tokens?: Token[]): NameMention[] {
  const { text, res } = ctx
  const rule = findLatinNames(ctx, from, to, 'en', tokens)
  // A headline in title case capitalises every word: only known names and cued ones count there.
  if (titleCase(text, from, to)) return rule.filter((m) => m.kb || m.confidence >= 2)
  const found: NameMention[] = []
  // compromise is slow: it only reads the sentences where a name is left without KB entry or cue,
  // all of them in one call per paragraph.
  const unresolved = rule.filter((m) => !m.kb && m.confidence < 2)
  if (unresolved.length && budget.chars > 0) {
    const sentences: [number, number][] = []
    for (const [s0, e0] of sentenceSpans(text, from, to)) {
      if (!unresolved.some((m) => m.start >= s0 && m.end <= e0)) continue
      if (e0 - s0 > budget.chars) break
      budget.chars -= e0 - s0
      sentences.push([s0, e0])
    }
    if (sentences.length) {
      // compromise tags each sentence on its own, so its answer for a sentence is memoised (a
      // syndicated copy, a repeated boilerplate line is parsed once per run), and the sentences not
      // seen yet are parsed together in one call.
      const known = sentences.map(([s0, e0]) => res.memoPeek<readonly ModelSpan[]>('compromise', text.slice(s0, e0)))
      const missing = sentences.filter((_, k) => known[k] === undefined)
      if (missing.length) {
        const { nlp } = res.englishModels()
        const joined = joinSentences(text, missing)
        const bySentence = missing.map((): ModelSpan[] => [])
        for (const span of compromiseSpans(nlp, joined.text)) {
          const at = joined.origin(span.start)
          const k = missing.findIndex(([s0, e0]) => at >= s0 && at < e0)
          const own = missing[k]
          if (own) bySentence[k]?.push({ start: at - own[0], length: span.length, type: span.type })
        }
        missing.forEach(([s0, e0], k) => res.memoStore('compromise', text.slice(s0, e0), bySentence[k], 10_000))
        let next = 0
        sentences.forEach((_, k) => {
          if (known[k] === undefined) known[k] = bySentence[next++]
        })
      }
      sentences.forEach(([s0], k) => {
        for (const span of known[k] ?? []) {
          const [s, e] = trimSpan(text, s0 + span.start, s0 + span.start + span.length)
          if (e - s < 2 || !/\p{Lu}/u.test(text[s] as string)) continue
          found.push({ start: s, end: e, type: span.type, lang: 'en', confidence: 2 })
        }
      })
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

/** At least 3 words of 4+ letters, 60 % of them capitalised. */
function titleCase(text: string, from: number, to: number): boolean {
  let words = 0
  let capitalised = 0
  let run = 0
  let cap = false
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0x20
    const letter = c < 0x80 ? (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) : /\p{L}/u.test(text[i] as string)
    if (letter) {
      if (run === 0) cap = /\p{Lu}/u.test(text[i] as string)
      run++
      continue
    }
    if (run >= 4) {
      words++
      if (cap) capitalised++
    }
    run = 0
  }
  return words >= 3 && capitalised / words >= 0.6
}

/**
 * DATE/MONEY/PERCENT in English text `[from, to)`: the regular patterns, plus wink-nlp's entities
 * (unless `useModel` is false) in the sentences that can hold a value — every value this keeps has
 * a digit or is a vague amount ("billions of dollars") — read in one call per paragraph.
 */
export function findEnglishValues(ctx: LatinContext, from: number, to: number, useModel = true): ValueMention[] {
  const { text, res } = ctx
  const segment = text.slice(from, to)
  const out = findValues(segment, 'en', from)
  if (!useModel || !/\d|billions|millions|trillions/i.test(segment)) return out
  const sentences = sentenceSpans(text, from, to).filter(([s, e]) => /\d|billions|millions|trillions/i.test(text.slice(s, e)))
  const { wink } = res.englishModels()
  const joined = joinSentences(text, sentences)
  const doc = wink.readDoc(joined.text)
  let cursor = 0
  doc.entities().each((e) => {
    const raw = String(e.out())
    const type = String(e.out(wink.its.type))
    const at0 = joined.text.indexOf(raw, cursor)
    if (at0 < 0) return
    cursor = at0 + raw.length
    // approximators stay outside the span, as hơn/khoảng do in Vietnamese ("about 20%")
    const lead = /^(?:about|around|nearly|almost|roughly|approximately|some|over|under|more than|less than|up to|at least)\s+/i.exec(raw)?.[0].length ?? 0
    const value = raw.slice(lead)
    const start = joined.origin(at0 + lead)
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
