import { createRequire } from 'node:module'

interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[]
}

interface KeywordResources {
  readonly jieba: JiebaLike
  readonly toSimplified: (text: string) => string
  readonly stopwords: Readonly<Record<string, readonly string[]>>
  readonly stopSets: Map<string, StopSet>
}

/** A language's stopwords, and the first words of its multi-word ones ("có" of "có thể"). */
interface StopSet {
  readonly words: ReadonlySet<string>
  readonly pairHeads: ReadonlySet<string>
}

// Loaded on first use and read-only afterwards (a dictionary, not per-run state): the aggregate is
// plain JSON, so the segmenter cannot live in it, and loading jieba (~200 ms) per call is too slow.
let loaded: KeywordResources | undefined

function resources(): KeywordResources {
  if (loaded) return loaded
  const require = createRequire(import.meta.url)
  const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } }
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }
  const opencc = require('opencc-js/t2cn') as { Converter(options: { from: string; to: string }): (text: string) => string }
  const stopwords = require('stopwords-iso') as Record<string, string[]>
  loaded = {
    jieba: Jieba.withDict(dict),
    // Variant characters only ('tw' -> 'cn', no phrase rewriting), so positions line up 1:1.
    toSimplified: opencc.Converter({ from: 'tw', to: 'cn' }),
    stopwords,
    stopSets: new Map(),
  }
  return loaded
}

function stopSet(res: KeywordResources, primary: string): StopSet {
  let set = res.stopSets.get(primary)
  if (!set) {
    const words = new Set((res.stopwords[primary] ?? []).map((w) => w.toLowerCase()))
    const pairHeads = new Set<string>()
    for (const w of words) {
      const space = w.indexOf(' ')
      if (space > 0) pairHeads.add(w.slice(0, space))
    }
    set = { words, pairHeads }
    res.stopSets.set(primary, set)
  }
  return set
}

const HAN = /\p{Script=Han}/u
const APOSTROPHE_OR_HYPHEN = /['’-]/
const LETTER = /\p{L}/u
const LATIN_WORD = /^[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{M}\p{N}'’-]*$/u

/** Primary language subtag (`zh-Hant` -> `zh`). */
function primaryOf(lang: string): string {
  return (lang.split('-')[0] ?? lang).toLowerCase()
}

/** Whether keywords are extracted for this language at all (`und` has no words to count). */
export function hasKeywords(lang: string): boolean {
  return lang !== '' && primaryOf(lang) !== 'und'
}

function isContentWord(word: string, stop: ReadonlySet<string>): boolean {
  return word.length >= 2 && LETTER.test(word) && !stop.has(word)
}

/**
 * Space-delimited languages (Vietnamese, English, ...): lower-cased syllables/words and their
 * bigrams. Bigrams never cross punctuation and both halves must be content words, so Vietnamese
 * two-syllable words ("trí tuệ", "trung quốc") are counted as words.
 */
function spacedTerms(text: string, stopSet: StopSet): string[] {
  const stop = stopSet.words
  const terms: string[] = []
  for (const phrase of text.toLowerCase().split(/[^\p{L}\p{M}\p{N}\s'’-]+/u)) {
    const words: string[] = []
    for (const raw of phrase.split(/\s+/u)) {
      // Most words have no apostrophe or hyphen: skip the two replacements for them.
      const w = APOSTROPHE_OR_HYPHEN.test(raw) ? raw.replace(/['’]s$/u, '').replace(/^['’-]+|['’-]+$/gu, '') : raw
      if (w !== '') words.push(w)
    }
    // Syllables of a multi-syllable stopword ("có thể", "bởi vì") are stopwords there too.
    const content = words.map((w) => isContentWord(w, stop))
    for (let i = 0; i + 1 < words.length; i++) {
      if (stopSet.pairHeads.has(words[i] as string) && stop.has(`${words[i]} ${words[i + 1]}`)) content[i] = content[i + 1] = false
    }
    for (let i = 0; i < words.length; i++) {
      if (!content[i]) continue
      const word = words[i] as string
      terms.push(word)
      if (content[i + 1]) terms.push(`${word} ${words[i + 1] as string}`)
    }
  }
  return terms
}

/**
 * Chinese: jieba word segmentation. jieba's dictionary is Simplified, so Traditional text is
 * segmented through a character-for-character Simplified copy and the words are cut back out of
 * the original, which keeps them in the script they were written in.
 */
function chineseTerms(text: string, res: KeywordResources): string[] {
  const zhStop = stopSet(res, 'zh').words
  const enStop = stopSet(res, 'en').words
  const simplified = res.toSimplified(text)
  const aligned = simplified.length === text.length
  const tokens = res.jieba.cut(aligned ? simplified : text, true)
  const total = tokens.reduce((n, t) => n + t.length, 0)
  const sliceable = aligned && total === text.length
  const terms: string[] = []
  let pos = 0
  for (const token of tokens) {
    const original = sliceable ? text.slice(pos, pos + token.length) : token
    pos += token.length
    if (HAN.test(token)) {
      if ([...token].length >= 2 && !zhStop.has(token)) terms.push(original)
    } else if (LATIN_WORD.test(token)) {
      const lower = token.toLowerCase()
      if (isContentWord(lower, enStop)) terms.push(lower)
    }
  }
  return terms
}

/** Keyword terms of one paragraph in `lang`, with repetition, in text order. */
export function extractTerms(text: string, lang: string): string[] {
  if (!hasKeywords(lang)) return []
  const res = resources()
  const primary = primaryOf(lang)
  if (primary === 'zh' || primary === 'yue') return chineseTerms(text, res)
  return spacedTerms(text, stopSet(res, primary))
}
