import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Jieba } from '@node-rs/jieba'
import { gunzipSync } from 'node:zlib'
import { CorpusError } from '@corpus/core'
import type { KnowledgeBase } from '../knowledge-base.js'
import type { EntityType } from '../types.js'
import { WordTags } from './word-tags.js'
import { hasVietnameseLetter, HAN_RE, isHan, isVietnameseSyllable, stripDiacritics } from './text.js'

const require = createRequire(import.meta.url)

export interface KbEntry {
  readonly id: string
  readonly type: Exclude<EntityType, 'DATE' | 'MONEY' | 'PERCENT'>
  /** The alias as written in the knowledge base. */
  readonly alias: string
  /** Also an ordinary word: only taken mid-sentence. */
  readonly ambiguous: boolean
}

/** Minimal view of compromise and wink-nlp, loaded only when English text shows up. */
export interface EnglishModels {
  readonly nlp: (text: string) => {
    people(): { json(o: { offset: true }): { text: string; offset: { start: number; length: number } }[] }
    places(): { json(o: { offset: true }): { text: string; offset: { start: number; length: number } }[] }
    organizations(): { json(o: { offset: true }): { text: string; offset: { start: number; length: number } }[] }
  }
  readonly wink: {
    readDoc(text: string): { entities(): { each(fn: (e: { out(f?: unknown): unknown }) => void): void } }
    its: { type: unknown; value: unknown }
  }
}

/**
 * Everything the extractor looks things up in. Built once per factory (lazily), never at import
 * time; immutable after construction except for the lazily created members.
 */
export class Resources {
  readonly kb: KnowledgeBase
  /** Traditional -> Simplified, one UTF-16 unit each (0 = unchanged). */
  readonly fold: Uint16Array
  /** exact key -> entry (Latin: lowercase NFC, no spaces/punctuation; Han: folded to Simplified). */
  readonly aliasIndex = new Map<string, KbEntry>()
  /** key without diacritics -> entry (fallback for spelling variants). */
  readonly looseIndex = new Map<string, KbEntry>()
  /** Latin aliases by the key of their first word: their lengths in words, longest first. */
  readonly latinFirst = new Map<string, number[]>()
  /** Han aliases by their folded first character: their lengths, longest first. */
  readonly hanFirst = new Map<string, number[]>()
  /** The same lengths indexed by the first character's code (the scan reads char codes, no strings). */
  readonly hanFirstByCode: (number[] | undefined)[] = new Array<number[] | undefined>(0x10000)
  /** Bit filter over the first two characters of the Han aliases (see {@link hanPairMayStart}). */
  private readonly hanPairs = new Uint8Array(1 << 17)
  /** Han aliases as folded (lower-case) text, for the character scan. */
  readonly hanIndex = new Map<string, KbEntry>()
  /** Keys of lower-case first words of Latin aliases ("châu Âu", "o1", "iPhone"). */
  readonly lowerFirstKeys = new Set<string>()
  /** For fuzzy matching: Latin keys by length. */
  readonly keysByLength = new Map<number, string[]>()
  readonly pinyinOf = new Map<string, string>()
  /** The same readings indexed by char code (BMP characters). */
  private readonly pinyinByCode: (string | undefined)[] = new Array<string | undefined>(0x10000)
  readonly vietToPinyin = new Map<string, string[]>()
  readonly surnames: Set<string>
  readonly surnameReadingsVi = new Set<string>()
  readonly pinyinSyllables = new Set<string>()
  readonly pinyinSurnames = new Set<string>()
  private jiebaInstance: Jieba | undefined
  /** Extra segmenter words (folded Traditional and Taiwan forms), dictionary lines. */
  private readonly zhWords: string
  private wordTags: WordTags | undefined
  private firstNameSet: Set<string> | undefined
  private english: EnglishModels | undefined
  private commonWords: Set<string> | undefined

  constructor(kb: KnowledgeBase) {
    this.kb = kb
    const zh = zhData()
    this.fold = buildFoldTable(zh.fold)
    this.zhWords = zh.words
    const readings = JSON.parse(readFileSync(new URL('../../data/readings.json', import.meta.url), 'utf8')) as {
      pinyin: Record<string, string>
      viet: Record<string, string>
      surnames: string
    }
    for (const [syl, chars] of Object.entries(readings.pinyin)) {
      this.pinyinSyllables.add(syl)
      for (const ch of chars) {
        this.pinyinOf.set(ch, syl)
        if (ch.length === 1) this.pinyinByCode[ch.charCodeAt(0)] = syl
      }
    }
    this.surnames = new Set(readings.surnames)
    for (const ch of this.surnames) {
      const py = this.pinyinOf.get(ch)
      if (py) this.pinyinSurnames.add(py)
    }
    for (const [syl, chars] of Object.entries(readings.viet)) {
      // Candidate pinyin readings, by the frequency order of the characters.
      const seen: string[] = []
      let surname: string | undefined
      for (const ch of chars) {
        const py = this.pinyinOf.get(ch)
        if (!py) continue
        if (!seen.includes(py)) seen.push(py)
        if (!surname && this.surnames.has(ch)) surname = py
      }
      if (surname) {
        this.surnameReadingsVi.add(syl)
        seen.splice(seen.indexOf(surname), 1)
        seen.unshift('^' + surname)
      }
      if (seen.length) this.vietToPinyin.set(syl, seen)
    }
    for (const e of kb.entities) {
      const ambiguous = new Set(e.ambiguous ?? [])
      for (const list of Object.values(e.names)) {
        for (const alias of list ?? []) this.addAlias({ id: e.id, type: e.type, alias, ambiguous: ambiguous.has(alias) })
      }
    }
    // Pinyin of Chinese names, so "Wenxin" finds 文心 and "Shengteng" 昇騰 (after every written alias).
    for (const e of kb.entities) {
      for (const lang of ['zh-Hant', 'zh-Hans'] as const) {
        for (const alias of e.names[lang] ?? []) {
          if (!/^[\u3400-\u9fff]{2,6}$/.test(alias)) continue
          const py = this.pinyin(alias)?.join('')
          if (!py || py.length < 5 || this.aliasIndex.has(py)) continue
          const entry: KbEntry = { id: e.id, type: e.type, alias: py, ambiguous: false }
          this.aliasIndex.set(py, entry)
          this.latinFirst.set(py, [...new Set([...(this.latinFirst.get(py) ?? []), 1])].sort((a, b) => b - a))
          if (!this.looseIndex.has(py)) this.looseIndex.set(py, entry)
        }
      }
    }
  }

  /** False when no Han alias of two or more characters starts with characters `a`, `b` (true: maybe). */
  hanPairMayStart(a: number, b: number): boolean {
    const h = hanPairHash(a, b)
    return ((this.hanPairs[h >>> 3] as number) & (1 << (h & 7))) !== 0
  }

  private addAlias(entry: KbEntry): void {
    const key = this.key(entry.alias)
    if (!key) return
    if (!this.aliasIndex.has(key)) this.aliasIndex.set(key, entry)
    if (HAN_RE.test(entry.alias[0] ?? '')) {
      const folded = this.foldHan(entry.alias.toLowerCase())
      if (!this.hanIndex.has(folded)) this.hanIndex.set(folded, entry)
      const first = folded[0] ?? ''
      const lengths = this.hanFirst.get(first) ?? []
      if (!lengths.includes(folded.length)) lengths.push(folded.length)
      lengths.sort((a, b) => b - a)
      this.hanFirst.set(first, lengths)
      if (first) this.hanFirstByCode[first.charCodeAt(0)] = lengths
      if (folded.length >= 2) {
        const h = hanPairHash(folded.charCodeAt(0), folded.charCodeAt(1))
        this.hanPairs[h >>> 3] = (this.hanPairs[h >>> 3] as number) | (1 << (h & 7))
      }
    } else {
      const words = entry.alias.split(/[\s\u00a0]+/)
      const first = this.key(words[0] ?? '')
      if (!/^\p{Lu}/u.test(words[0] ?? '')) this.lowerFirstKeys.add(first)
      const lengths = this.latinFirst.get(first) ?? []
      if (!lengths.includes(words.length)) lengths.push(words.length)
      lengths.sort((a, b) => b - a)
      this.latinFirst.set(first, lengths)
      const loose = this.looseKey(entry.alias)
      if (!this.looseIndex.has(loose)) this.looseIndex.set(loose, entry)
      if (!hasVietnameseLetter(entry.alias)) {
        const bucket = this.keysByLength.get(loose.length) ?? []
        bucket.push(loose)
        this.keysByLength.set(loose.length, bucket)
      }
    }
  }

  /** Fold Traditional characters to Simplified, keeping the length. */
  foldHan(s: string): string {
    let first = -1
    for (let i = 0; i < s.length; i++) {
      if (this.fold[s.charCodeAt(i)]) {
        first = i
        break
      }
    }
    if (first < 0) return s
    const codes = new Array<number>(s.length)
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      codes[i] = this.fold[c] || c
    }
    let out = ''
    for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192))
    return out
  }

  /** Exact lookup key: lowercase NFC, Han folded to Simplified, spaces and joining punctuation removed. */
  key(s: string): string {
    const lower = s.toLowerCase()
    const ascii = /^[a-z0-9]*$/.test(lower)
    if (ascii) return lower
    return this.foldHan(lower.normalize('NFC')).replace(/[\s\u00a0\-–.·•‧_'’,]/g, '')
  }

  private readonly memos = new Map<string, Map<string, unknown>>()
  /**
   * Per-run memo (at most `max` entries per table) for pure lookups keyed by a string. Keys are
   * stored as copies: a key sliced out of a document must not keep the whole document alive.
   */
  memo<T>(table: string, key: string, compute: () => T, max = 50_000): T {
    const map = this.memoTable(table)
    const known = map.get(key)
    if (known !== undefined || map.has(key)) return known as T
    const value = compute()
    this.memoStore(table, key, value, max)
    return value
  }

  /** The value {@link memo} holds for `key`, if any. */
  memoPeek<T>(table: string, key: string): T | undefined {
    return this.memoTable(table).get(key) as T | undefined
  }

  /** Store a value computed outside {@link memo} (several keys computed in one go). */
  memoStore<T>(table: string, key: string, value: T, max = 50_000): void {
    const map = this.memoTable(table)
    if (map.size >= max) map.clear()
    map.set(key.length > 12 ? Buffer.from(key, 'utf16le').toString('utf16le') : key, value)
  }

  private memoTable(table: string): Map<string, unknown> {
    let map = this.memos.get(table)
    if (!map) this.memos.set(table, (map = new Map()))
    return map
  }


  private readonly syllableCache = new Map<string, boolean>()
  /** {@link isVietnameseSyllable}, memoised for this run. */
  viSyllable(word: string): boolean {
    let v = this.syllableCache.get(word)
    if (v === undefined) {
      v = /^\p{L}+$/u.test(word) && isVietnameseSyllable(word)
      if (this.syllableCache.size > 200_000) this.syllableCache.clear()
      this.syllableCache.set(word, v)
    }
    return v
  }

  /** Key without diacritics: `Hoa Ky` and `Hoa Kỳ` meet here. */
  looseKey(s: string): string {
    return stripDiacritics(this.key(s))
  }

  /** Pinyin syllables of a Han string (toneless), or undefined when a character has none. */
  pinyin(s: string): string[] | undefined {
    const out: string[] = []
    // by UTF-16 unit: a surrogate is never Han (isHan), so astral characters are skipped as before
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (!((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff))) continue
      const py = this.pinyinByCode[c] ?? this.pinyinByCode[this.fold[c] || c]
      if (!py) return undefined
      out.push(py)
    }
    return out
  }

  /**
   * POS tag of each dictionary word (Simplified forms and the KB's names); `~nr` marks a name tag
   * of a frequent word. Filled with the segmenter's dictionary on first use.
   */
  get posOf(): WordTags {
    this.jieba()
    return this.wordTags as WordTags
  }

  /**
   * Jieba with its dictionary, the folded Traditional and Taiwan forms of its words
   * (`data/zh-dict.json.gz`, made by scripts/gen-zh-dict.mjs with OpenCC), and the KB's Han aliases.
   */
  jieba(): Jieba {
    if (this.jiebaInstance) return this.jiebaInstance
    const dictText = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8')
    const hant = this.zhWords
    const extra: string[] = []
    for (const e of this.kb.entities) {
      const tag = e.type === 'PER' ? 'nr' : e.type === 'LOC' ? 'ns' : e.type === 'ORG' ? 'nt' : 'nz'
      for (const lang of ['zh-Hant', 'zh-Hans'] as const) {
        for (const alias of e.names[lang] ?? []) if (!/\s/.test(alias) && alias.length > 1) extra.push(`${alias} 100000 ${tag}`)
      }
    }
    // Name tags of frequent words are mostly wrong in jieba's dictionary (东西/ns, 道德/nr, 令人/nrt):
    // a proper-noun tag only counts for words seen at most 1000 times in its corpus.
    const NAME_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz'])
    let lines = extra.length
    for (const text of [dictText, hant]) for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++
    const tags = new WordTags(lines + 2, lines * 3)
    const readTags = (text: string): void => {
      let at = 0
      while (at < text.length) {
        let nl = text.indexOf('\n', at)
        if (nl < 0) nl = text.length
        const sp1 = text.indexOf(' ', at)
        const sp2 = sp1 < 0 || sp1 > nl ? -1 : text.lastIndexOf(' ', nl)
        if (sp1 > at && sp2 > sp1) {
          const tag = text.slice(sp2 + 1, nl).trim()
          tags.set(text.slice(at, sp1), NAME_TAGS.has(tag) && Number(text.slice(sp1 + 1, sp2)) > 1000 ? `~${tag}` : tag)
        }
        at = nl + 1
      }
    }
    readTags(dictText)
    readTags(hant)
    for (const e of this.kb.entities) {
      const tag = e.type === 'PER' ? 'nr' : e.type === 'LOC' ? 'ns' : e.type === 'ORG' ? 'nt' : 'nz'
      for (const alias of e.names['zh-Hans'] ?? []) tags.set(this.foldHan(alias), tag)
    }
    this.wordTags = tags
    const jieba = Jieba.withDict(Buffer.from(dictText + '\n' + hant + '\n' + extra.join('\n') + '\n'))
    this.jiebaInstance = jieba
    return jieba
  }

  /** Lowercased English given names from compromise's lexicon. */
  firstNames(): Set<string> {
    if (this.firstNameSet) return this.firstNameSet
    const nlp = require('compromise') as { model(): { one: { lexicon: Record<string, string | string[]> } } }
    const set = new Set<string>()
    for (const [word, tag] of Object.entries(nlp.model().one.lexicon)) {
      const tags = Array.isArray(tag) ? tag : [tag]
      if (!word.includes(' ') && tags.some((t) => t === 'FirstName' || t === 'MaleName' || t === 'FemaleName')) set.add(word)
    }
    this.firstNameSet = set
    return set
  }

  /** Common English words (compromise's lexicon without names and places). */
  commonEnglishWords(): Set<string> {
    if (this.commonWords) return this.commonWords
    const nlp = require('compromise') as { model(): { one: { lexicon: Record<string, string | string[]> } } }
    const keep = new Set(['Adjective', 'Uncountable', 'Singular', 'Plural', 'Noun', 'Gerund', 'PastTense', 'PresentTense', 'Infinitive', 'Adverb', 'Preposition', 'Conjunction', 'Determiner', 'Pronoun', 'Actor', 'Comparative', 'Superlative', 'Expression', 'Modal', 'QuestionWord', 'Participle'])
    const set = new Set<string>()
    for (const [word, tag] of Object.entries(nlp.model().one.lexicon)) {
      const tags = Array.isArray(tag) ? tag : [tag]
      if (!word.includes(' ') && tags.every((t) => keep.has(t) || t === 'PhrasalVerb')) set.add(word)
    }
    this.commonWords = set
    return set
  }

  englishModels(): EnglishModels {
    if (this.english) return this.english
    const nlp = parseWithoutChunks(require('compromise') as CompromiseInternals)
    const winkNLP = require('wink-nlp') as (model: unknown, pipe?: readonly string[]) => EnglishModels['wink']
    const model = require('wink-eng-lite-web-model') as unknown
    // only sentence boundaries and named entities: the other steps (POS, sentiment, negation) cost
    // twice as much and change no entity
    this.english = { nlp, wink: winkNLP(model, ['sbd', 'ner']) }
    return this.english
  }
}

/** The parts of compromise's world that `nlp(text)` itself uses. */
interface CompromiseInternals {
  (text: string): ReturnType<EnglishModels['nlp']>
  world(): { hooks: readonly string[]; methods: { one: { tokenize: { fromString(text: string, world: unknown): unknown } } } }
}

/**
 * `nlp(text)` without its last hook, `chunks` (noun/verb phrase chunking, about a tenth of the
 * parse): people(), places() and organizations() read only the tags, which are final after
 * `postTagger`. Same steps as compromise's own `nlp()` otherwise; falls back to it when the
 * internals are not what this expects.
 */
function parseWithoutChunks(nlp: CompromiseInternals): EnglishModels['nlp'] {
  const world = nlp.world()
  const hooks = world.hooks.filter((h) => h !== 'chunks')
  const View = (nlp('') as object).constructor as new (document: unknown) => ReturnType<EnglishModels['nlp']> & { compute(hooks: readonly string[]): void; world: unknown }
  const tokenize = world.methods.one.tokenize
  if (hooks.length !== world.hooks.length - 1 || world.hooks[world.hooks.length - 1] !== 'chunks' || typeof tokenize.fromString !== 'function') return nlp
  return (text) => {
    if (!text) return nlp(text)
    const doc = new View(tokenize.fromString(text, world))
    doc.compute(hooks)
    return doc
  }
}

/** Traditional -> Simplified character table (one character each, so lengths never change). */
function buildFoldTable(pairs: string): Uint16Array {
  const table = new Uint16Array(65536)
  for (let i = 0; i + 1 < pairs.length; i += 2) table[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1)
  return table
}

/** `data/zh-dict.json.gz` (see scripts/gen-zh-dict.mjs): the fold table and the extra segmenter words. */
function zhData(): { fold: string; words: string } {
  const json = JSON.parse(gunzipSync(readFileSync(new URL('../../data/zh-dict.json.gz', import.meta.url))).toString('utf8')) as { fold?: unknown; words?: unknown }
  if (typeof json.fold !== 'string' || typeof json.words !== 'string') throw new CorpusError('E_CONFIG', 'data/zh-dict.json.gz: expected {fold, words} strings')
  return { fold: json.fold, words: json.words }
}

/** 20-bit hash of two UTF-16 units (the Han alias pair filter). */
function hanPairHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 12
}
