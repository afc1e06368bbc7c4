import { createRequire } from 'node:module'
import { IntList } from './columns.js'
import { PairTable } from './pair-table.js'
import { loadOpencc, twToCn } from './simplify.js'

interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[]
}

interface KeywordResources {
  readonly jieba: JiebaLike
  readonly toSimplified: (text: string) => string
  readonly stopwords: Readonly<Record<string, readonly string[]>>
  readonly stopSets: Map<string, ReadonlySet<string>>
  /** Character class of each UTF-16 code unit, computed on first sight (see {@link charClass}). */
  readonly classes: Uint8Array
}

// Loaded on first use and read-only afterwards (a dictionary, not per-run state; the class table
// is a cache of a pure function): the aggregate is plain data, so the segmenter cannot live in it,
// and loading jieba (~200 ms) per aggregate is too slow.
let loaded: KeywordResources | undefined

function resources(): KeywordResources {
  if (loaded) return loaded
  const require = createRequire(import.meta.url)
  const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } }
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array }
  const stopwords = require('stopwords-iso') as Record<string, string[]>
  loaded = {
    jieba: Jieba.withDict(dict),
    // opencc-js 'tw' -> 'cn' (same output, faster); the caller checks that lengths line up 1:1.
    toSimplified: twToCn(loadOpencc()),
    stopwords,
    stopSets: new Map(),
    classes: new Uint8Array(0x10000).fill(UNKNOWN),
  }
  return loaded
}

function stopSet(res: KeywordResources, primary: string): ReadonlySet<string> {
  let set = res.stopSets.get(primary)
  if (!set) {
    set = new Set((res.stopwords[primary] ?? []).map((w) => w.toLowerCase()))
    res.stopSets.set(primary, set)
  }
  return set
}

const HAN = /\p{Script=Han}/u
const LETTER = /\p{L}/u
const LATIN_WORD = /^[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{M}\p{N}'’-]*$/u
const WHITESPACE = /^\s$/u
const WORD_CHAR = /^[\p{L}\p{M}\p{N}'’-]$/u

/** `HAN.test(token)`, without the regex for the common case: a token starting with a CJK unified ideograph. */
function hasHan(token: string): boolean {
  const c = token.charCodeAt(0)
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x80 && HAN.test(token)) || (c < 0x80 && token.length > 1 && HAN.test(token))
}

/** `[...token].length >= 2` without the array. */
function atLeastTwoCodePoints(token: string): boolean {
  if (token.length >= 3) return true
  if (token.length < 2) return false
  const c = token.charCodeAt(0)
  return !(c >= 0xd800 && c <= 0xdbff && token.charCodeAt(1) >= 0xdc00 && token.charCodeAt(1) <= 0xdfff)
}

/** Code-unit classes of space-delimited text: phrase separator, whitespace, part of a word. */
const SEPARATOR = 0
const SPACE = 1
const WORD = 2
const UNKNOWN = 255

function classOf(char: string): number {
  return WHITESPACE.test(char) ? SPACE : WORD_CHAR.test(char) ? WORD : SEPARATOR
}

/** Primary language subtag (`zh-Hant` -> `zh`). */
function primaryOf(lang: string): string {
  return (lang.split('-')[0] ?? lang).toLowerCase()
}

/** Whether keywords are extracted for this language at all (`und` has no words to count). */
export function hasKeywords(lang: string): boolean {
  return lang !== '' && primaryOf(lang) !== 'und'
}

const CONTENT = 1
const PAIR_HEAD = 2
const APOSTROPHE = 0x27
const RIGHT_QUOTE = 0x2019
const HYPHEN = 0x2d

/** One keyword term with its counts. */
export interface TermCount {
  readonly term: string
  readonly tf: number
  readonly df: number
}

/**
 * Keyword statistics of one language: the words seen (interned to ids), and term frequency and
 * document frequency of each unigram (by word id) and bigram (by pair of word ids). Bigram strings
 * are only made when the table is listed, so memory grows with distinct terms, not with text.
 */
export class TermTable {
  documents = 0
  /** Open-addressing index of the words: word id + 1 per slot (0: empty). */
  private slots = new Int32Array(1024)
  private readonly hashes = new IntList()
  private readonly wordText: string[] = []
  private readonly flags: number[] = []
  private readonly uniTf = new IntList()
  private readonly uniDf = new IntList()
  private readonly uniLast = new IntList()
  private readonly bigrams = new PairTable()
  private readonly biTf = new IntList()
  private readonly biDf = new IntList()
  private readonly biLast = new IntList()
  private readonly stopPairs = new PairTable()
  private readonly chinese: boolean
  private readonly stop: ReadonlySet<string>
  private lastDocument = -1
  /** Scratch: content-word flags of the phrase being counted. */
  private content = new Uint8Array(64)

  constructor(readonly lang: string) {
    const res = resources()
    const primary = primaryOf(lang)
    this.chinese = primary === 'zh' || primary === 'yue'
    this.stop = stopSet(res, this.chinese ? 'zh' : primary)
    if (!this.chinese) {
      // Two-word stopwords ("có thể", "bởi vì"): both syllables are stopwords where they meet.
      for (const w of this.stop) {
        const space = w.indexOf(' ')
        if (space <= 0 || space === w.length - 1 || w.indexOf(' ', space + 1) >= 0) continue
        const head = this.wordId(w.slice(0, space))
        this.flags[head] = (this.flags[head] as number) | PAIR_HEAD
        this.stopPairs.add(head, this.wordId(w.slice(space + 1)))
      }
    }
  }

  private static hashOf(text: string, start: number, end: number): number {
    let h = 0x811c9dc5
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
    return h
  }

  private wordId(word: string): number {
    return this.findOrAdd(word, 0, word.length, TermTable.hashOf(word, 0, word.length))
  }

  /**
   * Id of the word `text.slice(start, end)` (whose FNV-1a hash is `hash`), added when new. The
   * table is keyed by hash and checked against the text in place, so a word seen before costs no
   * substring.
   */
  private findOrAdd(text: string, start: number, end: number, hash: number): number {
    const slots = this.slots
    const mask = slots.length - 1
    const length = end - start
    let s = hash & mask
    for (; ; s = (s + 1) & mask) {
      const v = slots[s] as number
      if (v === 0) break
      if (this.hashes.data[v - 1] === hash) {
        const word = this.wordText[v - 1] as string
        if (word.length === length && text.startsWith(word, start)) return v - 1
      }
    }
    // A new word: a flat copy, so that a long word does not keep its whole paragraph alive.
    const sliced = start === 0 && end === text.length ? text : text.slice(start, end)
    const word = sliced.length < 13 ? sliced : (JSON.parse(JSON.stringify(sliced)) as string)
    const id = this.wordText.length
    this.wordText.push(word)
    this.hashes.push(hash)
    this.flags.push(word.length >= 2 && LETTER.test(word) && !this.stop.has(word) ? CONTENT : 0)
    this.uniTf.push(0)
    this.uniDf.push(0)
    this.uniLast.push(-1)
    slots[s] = id + 1
    if ((id + 1) * 2 > slots.length) {
      const grown = new Int32Array(slots.length * 2)
      const m = grown.length - 1
      for (let n = 0; n <= id; n++) {
        let t = (this.hashes.data[n] as number) & m
        while (grown[t] !== 0) t = (t + 1) & m
        grown[t] = n + 1
      }
      this.slots = grown
    }
    return id
  }

  private countWord(id: number, doc: number): void {
    this.uniTf.data[id] = (this.uniTf.data[id] as number) + 1
    if (this.uniLast.data[id] !== doc) {
      this.uniLast.data[id] = doc
      this.uniDf.data[id] = (this.uniDf.data[id] as number) + 1
    }
  }

  private pairNumber(a: number, b: number): number {
    const n = this.bigrams.add(a, b)
    if (n === this.biTf.length) {
      this.biTf.push(0)
      this.biDf.push(0)
      this.biLast.push(-1)
    }
    return n
  }

  private countPair(a: number, b: number, doc: number): void {
    const n = this.pairNumber(a, b)
    this.biTf.data[n] = (this.biTf.data[n] as number) + 1
    if (this.biLast.data[n] !== doc) {
      this.biLast.data[n] = doc
      this.biDf.data[n] = (this.biDf.data[n] as number) + 1
    }
  }

  /**
   * Count the terms of the paragraphs in this language of document number `doc` (a number that
   * differs between documents, so that document frequency counts each document once).
   */
  addParagraphs(texts: readonly string[], doc: number): void {
    if (texts.length === 0) return
    if (this.lastDocument !== doc) {
      this.lastDocument = doc
      this.documents += 1
    }
    if (this.chinese) this.addChinese(texts, doc)
    else for (const text of texts) this.addSpaced(text, doc)
  }

  /** Add a term with its counts (merging, or reading an aggregate back from JSON). */
  addTerm(term: string, tf: number, df: number): void {
    const space = term.indexOf(' ')
    if (space < 0) {
      const id = this.wordId(term)
      this.uniTf.data[id] = (this.uniTf.data[id] as number) + tf
      this.uniDf.data[id] = (this.uniDf.data[id] as number) + df
    } else {
      const n = this.pairNumber(this.wordId(term.slice(0, space)), this.wordId(term.slice(space + 1)))
      this.biTf.data[n] = (this.biTf.data[n] as number) + tf
      this.biDf.data[n] = (this.biDf.data[n] as number) + df
    }
  }

  /** Every term with tf > 0, in no particular order. */
  terms(): TermCount[] {
    const out: TermCount[] = []
    for (let id = 0; id < this.wordText.length; id++) {
      const tf = this.uniTf.data[id] as number
      if (tf > 0) out.push({ term: this.wordText[id] as string, tf, df: this.uniDf.data[id] as number })
    }
    this.bigrams.forEachPair((a, b, n) => {
      out.push({ term: `${this.wordText[a] as string} ${this.wordText[b] as string}`, tf: this.biTf.data[n] as number, df: this.biDf.data[n] as number })
    })
    return out
  }

  /**
   * Space-delimited languages (Vietnamese, English, ...): lower-cased syllables/words and their
   * bigrams. Bigrams never cross punctuation and both halves must be content words, so Vietnamese
   * two-syllable words ("trí tuệ", "trung quốc") are counted as words. One pass over the text with
   * a character-class table; each distinct word is classified once.
   */
  private addSpaced(text: string, doc: number): void {
    const lower = text.toLowerCase()
    const classes = resources().classes
    const phrase: number[] = []
    const n = lower.length
    let i = 0
    while (i < n) {
      const c = lower.charCodeAt(i)
      let cls: number
      let width = 1
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = lower.charCodeAt(i + 1)
        width = c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1
        cls = classOf(lower.slice(i, i + width))
      } else {
        cls = classes[c] as number
        if (cls === UNKNOWN) {
          cls = classOf(lower[i] as string)
          classes[c] = cls
        }
      }
      if (cls === SPACE) {
        i += width
        continue
      }
      if (cls === SEPARATOR) {
        if (phrase.length > 0) this.countPhrase(phrase, doc)
        i += width
        continue
      }
      // A word: the longest run of word characters.
      const start = i
      let marks = false
      let hash = 0x811c9dc5
      for (let k = i; k < i + width; k++) hash = Math.imul(hash ^ lower.charCodeAt(k), 0x01000193)
      i += width
      while (i < n) {
        const d = lower.charCodeAt(i)
        let k: number
        let w = 1
        if (d >= 0xd800 && d <= 0xdfff) {
          const next = lower.charCodeAt(i + 1)
          w = d <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1
          k = classOf(lower.slice(i, i + w))
        } else {
          k = classes[d] as number
          if (k === UNKNOWN) {
            k = classOf(lower[i] as string)
            classes[d] = k
          }
        }
        if (k !== WORD) break
        if (d === APOSTROPHE || d === RIGHT_QUOTE || d === HYPHEN) marks = true
        hash = Math.imul(hash ^ d, 0x01000193)
        if (w === 2) hash = Math.imul(hash ^ lower.charCodeAt(i + 1), 0x01000193)
        i += w
      }
      if (c === APOSTROPHE || c === RIGHT_QUOTE || c === HYPHEN) marks = true
      if (!marks) phrase.push(this.findOrAdd(lower, start, i, hash))
      else {
        const word = lower.slice(start, i).replace(/['’]s$/u, '').replace(/^['’-]+|['’-]+$/gu, '')
        if (word !== '') phrase.push(this.wordId(word))
      }
    }
    if (phrase.length > 0) this.countPhrase(phrase, doc)
  }

  /** Count the unigrams and bigrams of one phrase (word ids) and empty it. */
  private countPhrase(phrase: number[], doc: number): void {
    const flags = this.flags
    const m = phrase.length
    if (this.content.length <= m) this.content = new Uint8Array(m * 2 + 1)
    const content = this.content
    for (let k = 0; k < m; k++) content[k] = (flags[phrase[k] as number] as number) & CONTENT
    content[m] = 0
    for (let k = 0; k + 1 < m; k++) {
      const head = phrase[k] as number
      if (((flags[head] as number) & PAIR_HEAD) !== 0 && this.stopPairs.find(head, phrase[k + 1] as number) >= 0) content[k] = content[k + 1] = 0
    }
    for (let k = 0; k < m; k++) {
      if (!content[k]) continue
      this.countWord(phrase[k] as number, doc)
      if (content[k + 1]) this.countPair(phrase[k] as number, phrase[k + 1] as number, doc)
    }
    phrase.length = 0
  }

  /**
   * Chinese: jieba word segmentation. jieba's dictionary is Simplified, so Traditional text is
   * segmented through a character-for-character Simplified copy and the words are cut back out of
   * the original, which keeps them in the script they were written in. The paragraphs of a document
   * are cut in one call, joined by newlines: jieba cuts each run of Han text on its own and a
   * newline is a token of its own, so the words are those of one call per paragraph (checked: when
   * a token would cross a paragraph boundary, each paragraph is cut on its own).
   */
  private addChinese(texts: readonly string[], doc: number): void {
    const res = resources()
    const input: string[] = []
    const aligned: boolean[] = []
    for (const text of texts) {
      const simplified = res.toSimplified(text)
      // A paragraph whose copy changed length is cut as written.
      aligned.push(simplified.length === text.length)
      input.push(simplified.length === text.length ? simplified : text)
    }
    const joined = input.join('\n')
    const original = texts.length === 1 ? (texts[0] as string) : texts.join('\n')
    const tokens = res.jieba.cut(joined, true)
    // Paragraph boundaries (offsets of the joining newlines) must be token boundaries.
    let pos = 0
    let next = 0
    let boundary = (texts[0] as string).length
    for (const token of tokens) {
      if (pos > boundary) break
      if (pos === boundary) {
        if (token !== '\n') break
        boundary += 1 + ((texts[++next] as string | undefined)?.length ?? Infinity)
      }
      pos += token.length
    }
    if (pos !== joined.length || next !== texts.length - 1) {
      texts.forEach((text, i) => this.addChineseTokens(texts.length === 1 ? tokens : res.jieba.cut(input[i] as string, true), text, aligned[i] as boolean, doc))
      return
    }
    this.addChineseTokens(tokens, original, true, doc)
  }

  /** Count the words among `tokens` (cut from `text` or its Simplified copy; `sliceable`: the copy lines up with `text`). */
  private addChineseTokens(tokens: readonly string[], text: string, sliceable: boolean, doc: number): void {
    const enStop = stopSet(resources(), 'en')
    let total = 0
    for (const t of tokens) total += t.length
    const slice = sliceable && total === text.length
    let pos = 0
    for (const token of tokens) {
      const original = slice ? text.slice(pos, pos + token.length) : token
      pos += token.length
      if (hasHan(token)) {
        if (atLeastTwoCodePoints(token) && !this.stop.has(token)) this.countWord(this.wordId(original), doc)
      } else if (LATIN_WORD.test(token)) {
        const lower = token.toLowerCase()
        if (lower.length >= 2 && LETTER.test(lower) && !enStop.has(lower)) this.countWord(this.wordId(lower), doc)
      }
    }
  }
}
