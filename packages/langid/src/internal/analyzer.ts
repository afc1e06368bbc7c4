import { franc } from 'franc'
import { readFileSync } from 'node:fs'
import { HanCounts, buildHanTable, countHan, decideHan } from './han.js'
import { LatinScorer, buildLowerTable, loadLatinModel, type LatinModel } from './latin-model.js'
import { Lexicon } from './lexicon.js'
import { SCRIPT_LANGUAGE, SCRIPT_LETTERS_SCALE, Script, astralScript, buildScriptTable } from './scripts.js'
import { buildSyllableTable, buildVietnameseLetters, syllableClass } from './vietnamese.js'
import { NAME_CONTEXT_VI, SAMPLE_WORDS, VI_SATURATED, VI_WORDS_SCALE, fastHan, fastVietnamese, insideSentence, readLatinWord, type FastPathTables, type LatinWord } from './fast-path.js'
import { L_VI_MARK, L_VI_ONLY, buildLatinInfo } from './latin-letters.js'

/** Tuning knobs shared by `identify` and the stage (validated by the public functions). */
export interface AnalyzeSettings {
  readonly minSwitchWords: number
  readonly minLetters: number
}

/** A labelled run of one language inside the analysed range. Offsets index the analysed string. */
export interface LabelledRun {
  start: number
  end: number
  lang: string
  confidence: number
  letters: number
}

/** The label of one range (a paragraph, or the whole string for `identify`). */
export interface RangeResult {
  readonly lang: string
  readonly confidence: number
  /** Letters per language inside the range. */
  readonly letters: Record<string, number>
  /** Runs not in `lang`, in text order. */
  readonly spans: readonly LabelledRun[]
}

// Confidence scales: the evidence at which confidence reaches 1 - 1/e (~0.63).
const LATIN_MARGIN_SCALE = 250
/** Diacritic-free Vietnamese is never more certain than this. */
const VI_ASCII_MAX = 0.8
/** Stop scoring a long Latin run once the margin is this large (confidence > 0.998). */
const LATIN_STOP_MARGIN = 1600

// Standard Indonesian and Malaysian Malay forms of the same words (a contrastive list from the two
// standards' spelling and lexicon; not taken from any evaluation data).
const INDONESIAN_WORDS = new Set(
  ('karena bahwa uang bisa kantor mobil pemerintah polisi desember agustus berbagai merupakan yaitu mau saja ' +
    'setelah sesudah perusahaan gratis rapat layanan bus nggak enggak gak banget dong kok aja sih kalian ' +
    'kamu bilang cuma gimana begitu sangat-sangat rumah-sakit kualitas aktivitas universitas ').trim().split(' '),
)
const MALAY_WORDS = new Set(
  ('kerana bahawa wang boleh pejabat kereta kerajaan polis disember ogos pelbagai ialah iaitu mahu sahaja ' +
    'selepas syarikat percuma mesyuarat perkhidmatan bas tak nak awak macam beliau baharu kenderaan jabatan ' +
    'kakitangan teksi khidmat tandas sebarang hendaklah manakala kualiti aktiviti universiti').split(' '),
)

/** franc sees at most this many characters of a run. */
const FRANC_SAMPLE_CHARS = 400
/** Latin text whose score per n-gram is below this share of the language's average is asked of franc. */
const FRANC_FIT = 0.9
/** ... and below this share franc's answer wins even for a language the model knows. */
const FRANC_POOR_FIT = 0.75
/** Text of 4+ words is English only when at least this share of them is common English. */
const EN_MIN_COMMON = 0.3
/** Score (in n-gram points) a language's most frequent word adds on short text; rarer words add less. */
const LEXICON_BONUS = 200
const VI_SYLLABLE_WEIGHT = 1
/** The word lists are consulted up to this many words. */
const LEXICON_MAX_WORDS = 6

const saturate = (evidence: number, scale: number): number => (evidence <= 0 ? 0 : 1 - Math.exp(-evidence / scale))
const round = (x: number): number => Math.round(x * 1e4) / 1e4
const NONE: number = Script.None
const LATIN: number = Script.Latin
const HAN: number = Script.Han
const KANA: number = Script.Kana
const HANGUL: number = Script.Hangul
/** A Han, kana or hangul character weighs this many Latin letters when choosing a paragraph's label. */
const CJK_WEIGHT = 2
const CJK_LANGS = new Set(['zh', 'zh-Hant', 'zh-Hans', 'yue', 'ja', 'ko'])
/** Weight of a name (capitalised word inside a sentence) in the Latin model. */
const NAME_WEIGHT = 0.2

const enum Family {
  Latin = 1,
  Cjk = 2,
  Other = 3,
}

interface Piece {
  script: Script
  start: number
  end: number
  letters: number
  /** Latin words only: has a letter only Vietnamese writes (ơ ư ạ ả ế ...). */
  viOnly: boolean
  /** Latin words only: has a letter with a Vietnamese diacritic (incl. shared ones: à é ô ă đ). */
  viMark: boolean
  /** Not a word of running text: acronym, camelCase, glued to digits. */
  code: boolean
  /** Code only because it is in capitals (POWERED BY ...): a word when nothing else is. */
  caps: boolean
  /** A capitalised word inside a sentence (Microsoft, Times in "Theo The New York Times"): a name. */
  name: boolean
}

interface Run {
  family: Family
  script: Script
  first: number
  last: number
  letters: number
  lang: string
  confidence: number
}

interface LatinVerdict {
  lang: string
  confidence: number
}


/** Everything loaded once: tables, the Latin model, the franc code map. Immutable after build. */
export class Analyzer {
  private readonly scripts = buildScriptTable()
  private readonly han = buildHanTable()
  private readonly syllables = buildSyllableTable()
  private readonly vi = buildVietnameseLetters()
  private readonly lower = buildLowerTable()
  private readonly latinInfo = buildLatinInfo(this.scripts, this.vi)
  /** The Latin word being read (reused). */
  private readonly word: LatinWord = { flags: 0, upper: 0, innerUpper: false, letters: 0, code: false, caps: false, fileExtension: false }
  /** Counts of the Han text being analysed (reused across calls). */
  private readonly hanCounts = new HanCounts()
  private readonly fastTables: FastPathTables = {
    units: new Uint16Array(4096),
    scripts: this.scripts,
    latinInfo: this.latinInfo,
    syllables: this.syllables,
    base: this.vi.base,
    lower: this.lower,
    isFrequentVietnamese: (start, end) => this.lexiconEntries().contains(this.fastTables.units, start, end, this.viIndex),
    sampleFlags: new Uint8Array(SAMPLE_WORDS),
    sampleBounds: new Int32Array(2 * SAMPLE_WORDS),
    word: this.word,
    han: this.han,
    hanCounts: this.hanCounts,
  }
  /** Pieces of the range being analysed (reused across calls; `analyze` is not re-entrant). */
  private readonly pool: Piece[] = []
  private readonly model: LatinModel = loadLatinModel()
  private readonly scorer: LatinScorer
  private readonly iso: Readonly<Record<string, string>>
  private lexicon: Lexicon | undefined
  private readonly viIndex: number
  private readonly msIndex: number
  private readonly enIndex: number

  constructor() {
    this.scorer = new LatinScorer(this.model, this.lower)
    this.viIndex = this.model.languages.indexOf('vi')
    this.msIndex = this.model.languages.indexOf('ms')
    this.enIndex = this.model.languages.indexOf('en')
    const isoData = JSON.parse(readFileSync(new URL('../../data/iso639.json', import.meta.url), 'utf8')) as { map: Record<string, string> }
    this.iso = isoData.map
  }

  /** Frequent words per language (data/lexicon.json), loaded on the first short text. */
  private lexiconEntries(): Lexicon {
    this.lexicon ??= new Lexicon(this.model.languages, LEXICON_BONUS, this.lower)
    return this.lexicon
  }

  /** Label `text.slice(start, end)`; run offsets are indices into `text`. */
  analyze(text: string, start: number, end: number, settings: AnalyzeSettings): RangeResult {
    this.loadUnits(text)
    // Kept small: V8 optimises a function after an amount of work that grows with its size.
    return (
      fastVietnamese(text, start, end, settings.minLetters, settings.minSwitchWords, this.fastTables) ??
      fastHan(text, start, end, settings.minLetters, settings.minSwitchWords, this.fastTables) ??
      this.analyzeFully(text, start, end, settings)
    )
  }

  /** The text whose code units `fastTables.units` holds (the stage analyses a document's paragraphs in turn). */
  private unitsText: string | undefined
  /** A byte view of `fastTables.units`, for Node's native UTF-16 copy. */
  private unitsBytes: Buffer | undefined
  private readonly littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

  /** Copy the code units of `text` into `fastTables.units` (once per text). */
  private loadUnits(text: string): void {
    if (text === this.unitsText) return
    const t = this.fastTables
    if (t.units.length < text.length) {
      t.units = new Uint16Array(Math.max(text.length, 2 * t.units.length))
      this.unitsBytes = undefined
    }
    if (this.littleEndian) {
      this.unitsBytes ??= Buffer.from(t.units.buffer, t.units.byteOffset, t.units.byteLength)
      this.unitsBytes.write(text, 0, 'utf16le')
    } else {
      for (let i = 0; i < text.length; i++) t.units[i] = text.charCodeAt(i)
    }
    this.unitsText = text
  }

  /** {@link analyze} for the text the fast paths leave: words, runs, models. */
  private analyzeFully(text: string, start: number, end: number, settings: AnalyzeSettings): RangeResult {
    const count = this.scan(text, start, end)
    if (count === 0) return { lang: 'und', confidence: 1, letters: {}, spans: [] }
    const pieces = this.pool
    let total = 0
    for (let k = 0; k < count; k++) if (!pieces[k]!.code) total += pieces[k]!.letters
    if (total < settings.minLetters) {
      // Text all in capitals (POWERED BY ONECMS): its words count after all.
      for (let k = 0; k < count; k++) {
        const p = pieces[k]!
        if (p.caps) {
          p.code = false
          total += p.letters
        }
      }
    }
    if (total < settings.minLetters) return { lang: 'und', confidence: round(1 - total / settings.minLetters / 2), letters: {}, spans: [] }

    const runs = this.group(pieces, count)
    // The family holding most letters hosts the paragraph; short runs of another family inside
    // it (brand names in Chinese) take the host's label.
    let latinLetters = 0
    let cjkLetters = 0
    let otherLetters = 0
    let shortLatinLetters = 0
    for (const r of runs) {
      // Latin runs too short to be a switch (names, brands: "Ennio Morricone") do not make a
      // paragraph of another script Latin.
      if (r.family === Family.Latin) {
        if (this.countWords(pieces, r) >= settings.minSwitchWords) latinLetters += r.letters
        else shortLatinLetters += r.letters
      } else if (r.family === Family.Cjk) cjkLetters += r.letters
      else otherLetters += r.script === HANGUL ? r.letters * CJK_WEIGHT : r.letters
    }
    if (cjkLetters === 0 && otherLetters === 0) latinLetters += shortLatinLetters
    const cjkWeighted = cjkLetters * CJK_WEIGHT
    const host = latinLetters >= cjkWeighted && latinLetters >= otherLetters ? Family.Latin : cjkWeighted >= otherLetters ? Family.Cjk : Family.Other

    const labelled: LabelledRun[] = []
    this.labelCjk(text, pieces, runs)
    this.labelOther(text, pieces, runs)
    if (host === Family.Latin) {
      const verdict = this.classifyLatin(text, pieces, runs.filter((r) => r.family === Family.Latin), null)
      for (const r of runs) {
        if (r.family === Family.Latin) {
          r.lang = verdict.lang
          r.confidence = verdict.confidence
        }
      }
    }
    let hostLabel = ''
    let hostBest = -1
    const lettersByLang = new Map<string, number>()
    for (const r of runs) {
      if (r.family === host && r.lang !== 'und') lettersByLang.set(r.lang, (lettersByLang.get(r.lang) ?? 0) + r.letters)
    }
    for (const [lang, n] of lettersByLang) {
      if (n > hostBest) {
        hostBest = n
        hostLabel = lang
      }
    }
    let hostConfidence = 0
    for (const r of runs) if (r.family === host && r.lang === hostLabel) hostConfidence = Math.max(hostConfidence, r.confidence)

    for (const r of runs) {
      if (r.family === host) {
        if (r.lang === 'und' || r.lang === '') this.absorb(r, hostLabel, hostConfidence)
        if (host === Family.Latin && r.lang !== 'und') this.splitLatinRun(text, pieces, r, labelled, settings)
        else labelled.push(this.toLabelled(pieces, r))
        continue
      }
      if (r.family === Family.Latin) {
        const words = this.countWords(pieces, r)
        if (words < settings.minSwitchWords) this.absorb(r, hostLabel, hostConfidence)
        else {
          const verdict = this.classifyLatin(text, pieces, [r], null)
          r.lang = verdict.lang
          r.confidence = verdict.confidence
          if (r.lang === 'und') this.absorb(r, hostLabel, hostConfidence)
        }
      } else if (r.letters < 2 || r.lang === 'und') {
        this.absorb(r, hostLabel, hostConfidence)
      }
      labelled.push(this.toLabelled(pieces, r))
    }
    return this.summarise(labelled)
  }

  private absorb(r: Run, lang: string, confidence: number): void {
    r.lang = lang
    r.confidence = confidence
  }

  private toLabelled(pieces: readonly Piece[], r: Run): LabelledRun {
    return { start: pieces[r.first]!.start, end: pieces[r.last]!.end, lang: r.lang, confidence: r.confidence, letters: r.letters }
  }

  private summarise(runs: LabelledRun[]): RangeResult {
    const only = runs.length === 1 ? runs[0]! : undefined
    if (only !== undefined && only.lang !== '' && only.lang !== 'und') {
      // The common case: one run, one language.
      return { lang: only.lang, confidence: round(only.confidence), letters: { [only.lang]: only.letters }, spans: [] }
    }
    runs.sort((a, b) => a.start - b.start)
    const merged: LabelledRun[] = []
    for (const r of runs) {
      if (r.lang === '' || r.lang === 'und') continue
      const prev = merged[merged.length - 1]
      if (prev && prev.lang === r.lang) {
        prev.end = r.end
        prev.letters += r.letters
        prev.confidence = Math.max(prev.confidence, r.confidence)
      } else merged.push({ ...r })
    }
    const letters: Record<string, number> = {}
    for (const r of merged) letters[r.lang] = (letters[r.lang] ?? 0) + r.letters
    let lang = 'und'
    let best = 0
    for (const [l, n] of Object.entries(letters)) {
      const weighted = CJK_LANGS.has(l) ? n * CJK_WEIGHT : n
      if (weighted > best) {
        best = weighted
        lang = l
      }
    }
    if (lang === 'und') return { lang, confidence: 0.5, letters: {}, spans: [] }
    let confidence = 0
    for (const r of merged) if (r.lang === lang) confidence = Math.max(confidence, r.confidence)
    const spans = merged.filter((r) => r.lang !== lang).map((r) => ({ ...r, confidence: round(r.confidence) }))
    return { lang, confidence: round(confidence), letters, spans }
  }

  /** Overwrite (or create) piece `k` of the pool: the script pass allocates nothing per word. */
  private setPiece(k: number, script: Script, start: number, end: number, letters: number, viOnly: boolean, viMark: boolean, code: boolean, caps: boolean, name = false): void {
    const p = this.pool[k]
    if (p === undefined) {
      this.pool.push({ script, start, end, letters, viOnly, viMark, code, caps, name })
      return
    }
    p.name = name
    p.script = script
    p.start = start
    p.end = end
    p.letters = letters
    p.viOnly = viOnly
    p.viMark = viMark
    p.code = code
    p.caps = caps
  }

  /** The script pass: letters grouped into words (Latin) or same-script stretches. */
  private scan(text: string, start: number, end: number): number {
    const units = this.fastTables.units
    const table = this.scripts
    const pieces = this.pool
    let n = 0
    // End of the previous Latin word (-1 at the start or after another script).
    let lastWordEnd = -1
    let i = start
    while (i < end) {
      const c = units[i]!
      let script: Script
      let width = 1
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
        script = astralScript(text.codePointAt(i) ?? 0)
        width = 2
      } else script = table[c] as Script
      if (script === NONE) {
        i += width
        continue
      }
      const limit = end
      if (script === LATIN) {
        const w = this.word
        const j = readLatinWord(this.fastTables.units, text, i, start, end, table, this.latinInfo, w)
        const code = w.code
        // A capitalised word that does not start a sentence is a name.
        const name = !code && w.upper >= 1 && !w.innerUpper && w.letters >= 2 && insideSentence(this.fastTables.units, lastWordEnd, i)
        this.setPiece(n++, script, i, j, w.letters, (w.flags & L_VI_ONLY) !== 0, (w.flags & L_VI_MARK) !== 0, code, w.caps, name)
        lastWordEnd = j
        if (w.fileExtension) {
          // A file name (trung-quoc-but-pha-nhanh.jpg): every word of the token is part of it.
          for (let k = n - 1; k >= 0; k--) {
            const p = pieces[k]!
            p.code = true
            const prev = k > 0 ? pieces[k - 1] : undefined
            if (!prev || /\s/.test(text.slice(prev.end, p.start))) break
          }
        }
        i = j
        continue
      }
      let j = i + width
      let letters = 1
      while (j < limit) {
        const d = units[j]!
        let s2: Script
        let w2 = 1
        if (d >= 0xd800 && d < 0xdc00 && j + 1 < limit) {
          s2 = astralScript(text.codePointAt(j) ?? 0)
          w2 = 2
        } else s2 = table[d] as Script
        if (s2 !== script) break
        j += w2
        letters++
      }
      this.setPiece(n++, script, i, j, letters, false, false, false, false)
      lastWordEnd = -1
      i = j
    }
    return n
  }

  /** Consecutive pieces of one family (only spaces, digits and punctuation between them). */
  private group(pieces: readonly Piece[], count: number): Run[] {
    const runs: Run[] = []
    let prev: Run | undefined
    for (let k = 0; k < count; k++) {
      const p = pieces[k]!
      const script = p.script
      const family = script === LATIN ? Family.Latin : script === HAN || script === KANA ? Family.Cjk : Family.Other
      const letters = p.code ? 0 : p.letters
      if (prev !== undefined && prev.family === family && (family !== Family.Other || prev.script === script)) {
        prev.last = k
        prev.letters += letters
      } else {
        prev = { family, script, first: k, last: k, letters, lang: '', confidence: 0 }
        runs.push(prev)
      }
    }
    return runs
  }

  private countWords(pieces: readonly Piece[], r: Run): number {
    let n = 0
    for (let k = r.first; k <= r.last; k++) if (!pieces[k]!.code) n++
    return n
  }

  /** One label for all Han/kana runs of the range: ja, yue, zh-Hant, zh-Hans or zh. */
  private labelCjk(text: string, pieces: readonly Piece[], runs: Run[]): void {
    const counts = this.hanCounts.reset()
    let any = false
    for (const r of runs) {
      if (r.family !== Family.Cjk) continue
      any = true
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.script === Script.Kana) counts.kana += p.letters
        else {
          counts.han += p.letters
          countHan(this.han, this.fastTables.units, p.start, p.end, counts)
        }
      }
    }
    if (!any) return
    const lang = decideHan(counts)
    for (const r of runs) {
      if (r.family !== Family.Cjk) continue
      r.lang = lang
      r.confidence = counts.confidence
    }
  }

  /** Runs of scripts other than Latin/Han/kana: the script's own language, or franc. */
  private labelOther(text: string, pieces: readonly Piece[], runs: Run[]): void {
    if (!runs.some((r) => r.family === Family.Other)) return
    const byScript = new Map<Script, Run[]>()
    for (const r of runs) {
      if (r.family !== Family.Other) continue
      const owner = SCRIPT_LANGUAGE[r.script]
      if (owner) {
        r.lang = owner
        r.confidence = saturate(r.letters, SCRIPT_LETTERS_SCALE)
      } else if (r.script === Script.OtherLetter) {
        r.lang = 'und'
      } else {
        const list = byScript.get(r.script) ?? []
        list.push(r)
        byScript.set(r.script, list)
      }
    }
    // Scripts several languages share (Cyrillic, Arabic, Devanagari, ...): franc decides.
    for (const list of byScript.values()) {
      const letters = list.reduce((n, r) => n + r.letters, 0)
      if (letters < 3) {
        // A stray letter (a symbol-like Cyrillic or Arabic character) tells franc nothing.
        for (const r of list) r.lang = 'und'
        continue
      }
      const sample = list.map((r) => text.slice(pieces[r.first]!.start, pieces[r.last]!.end)).join(' ')
      const code = franc(sample, { minLength: 1 })
      const lang = code === 'und' ? 'und' : (this.iso[code] ?? code)
      for (const r of list) {
        r.lang = lang
        r.confidence = lang === 'und' ? 0 : saturate(letters, SCRIPT_LETTERS_SCALE * 4)
      }
    }
  }

  /** 2: a distinctively Vietnamese syllable, 1: a Vietnamese syllable, 0: not one (diacritics ignored). */
  private syllable(text: string, start: number, end: number): number {
    return syllableClass(this.syllables, this.vi.base, this.lower, this.fastTables.units, start, end)
  }

  /**
   * Label Latin text: Vietnamese letters decide at once; then the Vietnamese syllable grammar
   * (diacritic-free Vietnamese); then the n-gram model over the Latin languages, with franc for
   * text the model does not know.
   */
  private classifyLatin(text: string, pieces: readonly Piece[], runs: readonly Run[], exclude: string | null, askFranc = true): LatinVerdict {
    let words = 0
    let names = 0
    let viOnly = 0
    let viMarked = 0
    for (const r of runs) {
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.code) continue
        if (p.viOnly) viOnly++
        else if (p.viMark) viMarked++
        if (p.name) names++
        else words++
      }
    }
    // Names (capitalised words inside a sentence: "Theo The New York Times", "Apple Inc. và
    // Microsoft") say little about the language around them: they count less, unless the text is
    // nothing but names.
    // Only in Vietnamese-looking text, where the other words are Vietnamese syllables: in
    // English, a capitalised run is as English as the rest ("Kerrisdale Keynotes").
    // Decided on first use (the Vietnamese fast path mostly never needs it).
    let weighNamesMemo: boolean | undefined
    const nonNames = words
    const weighNames = (): boolean => {
      if (weighNamesMemo !== undefined) return weighNamesMemo
      weighNamesMemo = false
      if (nonNames === 0 || names === 0 || exclude === 'vi') return false
      let syllables = 0
      let evidence = 0
      let seen = 0
      // A sample of the first words is enough to tell (and keeps long text linear-cheap).
      const sample = Math.min(nonNames, SAMPLE_WORDS)
      const needed = NAME_CONTEXT_VI * sample
      for (const r of runs) {
        for (let k = r.first; k <= r.last; k++) {
          const p = pieces[k]!
          if (p.code || p.name) continue
          if (++seen > sample) return false
          const v = this.syllable(text, p.start, p.end)
          if (p.viMark || v > 0) syllables++
          if (evidence === 0 && (p.viMark || v === 2 || this.lexiconEntries().contains(this.fastTables.units, p.start, p.end, this.viIndex))) evidence++
          if (evidence >= 1 && syllables >= needed) return (weighNamesMemo = true)
          if (syllables + (sample - seen) < needed) return false
        }
      }
      return false
    }
    if (words === 0) words = names
    const useAll = words === 0
    if (useAll) for (const r of runs) words += r.last - r.first + 1
    const considerVi = exclude !== 'vi'

    // Vietnamese syllables: every word parses as one in Vietnamese text, marked or not.
    let valid = 0
    let distinctiveBare = 0
    const markEvidence = viOnly + viMarked / 2
    const fastVi = considerVi && viOnly >= 1 && markEvidence * 5 >= words
    // Count Vietnamese syllables; stop once too many words fail to parse for diacritic-free
    // Vietnamese (English fails within a few words) unless the count is needed for confidence.
    // Past VI_SATURATED the confidence is 1 at four decimals: the syllables would not change it.
    let counted = !considerVi || (fastVi && markEvidence >= VI_SATURATED)
    const countSyllables = (full: boolean): void => {
      valid = 0
      distinctiveBare = 0
      let invalid = 0
      const maxInvalid = 0.15 * words
      for (const r of runs) {
        for (let k = r.first; k <= r.last; k++) {
          const p = pieces[k]!
          if ((p.code && !useAll) || (p.name && weighNames())) continue
          const v = this.syllable(text, p.start, p.end)
          if (v > 0) valid++
          else if (++invalid > maxInvalid && !full) return
          if (v === 2 && !p.viMark) distinctiveBare++
        }
      }
      counted = true
    }
    // Evidence for Vietnamese: letters only Vietnamese writes, words with shared Vietnamese marks
    // (à, ô, đ), and bare words that are distinctively Vietnamese syllables (nguoi, trong, khong).
    // When the n-gram model picked Vietnamese, its lead counts too, but never above what one
    // Vietnamese-only letter gives, so that a first such letter (the fast path) never lowers it.
    const viConfidence = (ngramLead = 0): number => {
      if (!counted) countSyllables(true)
      const evidence = viOnly + viMarked / 2 + distinctiveBare / 2
      const fromModel = Math.min(saturate(1, VI_WORDS_SCALE), saturate(ngramLead, LATIN_MARGIN_SCALE))
      const value = Math.max(saturate(evidence, VI_WORDS_SCALE), fromModel)
      return viOnly + viMarked > 0 ? value : Math.min(VI_ASCII_MAX, value)
    }
    if (fastVi) return { lang: 'vi', confidence: viConfidence() }
    if (!counted) countSyllables(false)

    const scorer = this.scorer
    const totals = scorer.totals
    scorer.reset()
    let scored = 0
    outer: for (const r of runs) {
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.code && !useAll) continue
        const weight = p.name && weighNames() ? NAME_WEIGHT : 1
        scorer.addWord(this.fastTables.units, p.start, p.end, weight)
        if (scored++ < LEXICON_MAX_WORDS) {
          // The first words also count as frequent words of their languages: short text has few n-grams.
          if (considerVi && this.viIndex >= 0 && this.syllable(text, p.start, p.end) === 2) {
            totals[this.viIndex] = (totals[this.viIndex] ?? 0) + LEXICON_BONUS * VI_SYLLABLE_WEIGHT * weight
          }
          this.lexiconEntries().addTo(totals, this.fastTables.units, p.start, p.end, weight)
        }
        scorer.endWord()
        if (scored > LEXICON_MAX_WORDS && (scored & 3) === 0 && this.margin(exclude) > LATIN_STOP_MARGIN) break outer
      }
    }
    const langs = this.model.languages
    let top = -1
    let second = -1
    for (let l = 0; l < totals.length; l++) {
      if (langs[l] === exclude) continue
      const v = totals[l] ?? 0
      if (top < 0 || v > (totals[top] ?? 0)) {
        second = top
        top = l
      } else if (second < 0 || v > (totals[second] ?? 0)) second = l
    }
    const topScore = top >= 0 ? (totals[top] ?? 0) : 0
    const margin = topScore - (second >= 0 ? (totals[second] ?? 0) : 0)

    if (considerVi && words >= 2 && valid >= 0.85 * words && distinctiveBare + viMarked >= 1) {
      // Diacritic-free Vietnamese: the n-gram model outvotes the grammar only when it is sure.
      if (top === this.viIndex || margin < 4 * LATIN_MARGIN_SCALE || valid === words) return { lang: 'vi', confidence: viConfidence(scorer.bestLead[this.viIndex] ?? 0) }
    }
    if (topScore <= 0) return { lang: 'und', confidence: 0 }
    if (top === this.viIndex) return { lang: 'vi', confidence: viConfidence(scorer.bestLead[top] ?? 0) }

    let lang = langs[top] ?? 'und'
    // The largest lead the label held at any word boundary: more text never lowers it.
    let confidence = saturate(scorer.bestLead[top] ?? 0, LATIN_MARGIN_SCALE)
    if (top === this.enIndex && words >= 5 && this.fewCommonEnglish(text, pieces, runs, weighNames())) {
      // Latin, Welsh or Maori text the model has no profile for can score best as English;
      // English text is mostly common English words (>= 58 % in every dev sentence).
      const second = this.runnerUp(exclude, top)
      const code = askFranc ? franc(this.sampleOf(text, pieces, runs), { minLength: 1 }) : 'und'
      const mapped = code === 'und' ? null : (this.iso[code] ?? code)
      if (mapped && mapped !== 'vi' && mapped !== 'en' && mapped !== exclude) lang = mapped
      else lang = second >= 0 ? (langs[second] ?? 'und') : 'und'
      confidence = Math.min(confidence, saturate(scorer.bestLead[second] ?? 0, LATIN_MARGIN_SCALE))
      return { lang, confidence }
    }
    // The model knows 31 Latin languages; text it fits badly is asked of franc (180+ languages).
    const perNgram = topScore / Math.max(1, scorer.ngrams)
    const scaled = perNgram / (perNgram + 25)
    const expected = this.model.avgScore[top] ?? 0.8
    const fit = scaled / expected
    if (askFranc && scorer.ngrams >= 8 && fit < FRANC_FIT) {
      // franc may name a language the model does not have (Swahili, Javanese, Afrikaans); among
      // the model's own languages the model is the better judge, unless the fit is poor.
      const sample = this.sampleOf(text, pieces, runs)
      const code = franc(sample, { minLength: 1 })
      const mapped = code === 'und' ? null : (this.iso[code] ?? code)
      const known = mapped !== null && this.model.languages.includes(mapped)
      if (mapped && mapped !== exclude && mapped !== 'vi' && mapped !== 'en' && (!known || fit < FRANC_POOR_FIT)) lang = mapped
    } else if (top === this.msIndex) {
      // eld has Malay only; contrastive words tell Indonesian from Malay.
      if (this.isIndonesian(text, pieces, runs)) lang = 'id'
    }
    return { lang, confidence }
  }

  /**
   * Indonesian rather than Malay: standard words that differ between the two (karena/kerana,
   * uang/wang, bisa/boleh, -itas/-iti). Ties stay Malay, eld's label.
   */
  private isIndonesian(text: string, pieces: readonly Piece[], runs: readonly Run[]): boolean {
    let score = 0
    for (const r of runs) {
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.code || p.end - p.start < 3) continue
        const word = text.slice(p.start, p.end).toLowerCase()
        if (INDONESIAN_WORDS.has(word) || (word.length > 6 && word.endsWith('itas'))) score++
        else if (MALAY_WORDS.has(word) || (word.length > 5 && word.endsWith('iti') && !word.endsWith('ksiti'))) score--
      }
    }
    return score > 0
  }

  /**
   * Whether fewer than `EN_MIN_COMMON` of the first SAMPLE_WORDS words (names left out when
   * `skipNames`) are among the 5,000 commonest English words. Stops looking them up once enough are.
   */
  private fewCommonEnglish(text: string, pieces: readonly Piece[], runs: readonly Run[], skipNames: boolean): boolean {
    let words = 0
    count: for (const r of runs) {
      for (let k = r.first; k <= r.last; k++) {
        if (!pieces[k]!.code && !(skipNames && pieces[k]!.name) && ++words === SAMPLE_WORDS) break count
      }
    }
    if (words === 0) return false
    const lexicon = this.lexiconEntries()
    let seen = 0
    let common = 0
    for (const r of runs) {
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.code || (skipNames && p.name)) continue
        if (seen++ === words) return true
        if (lexicon.contains(this.fastTables.units, p.start, p.end, this.enIndex) && ++common / words >= EN_MIN_COMMON) return false
      }
    }
    return true
  }

  /** The best-scoring language other than `top` and `exclude`, or -1. */
  private runnerUp(exclude: string | null, top: number): number {
    const totals = this.scorer.totals
    let best = -1
    for (let l = 0; l < totals.length; l++) {
      if (l === top || this.model.languages[l] === exclude || (totals[l] ?? 0) <= 0) continue
      if (best < 0 || (totals[l] ?? 0) > (totals[best] ?? 0)) best = l
    }
    return best
  }

  private margin(exclude: string | null): number {
    const totals = this.scorer.totals
    let a = 0
    let b = 0
    for (let l = 0; l < totals.length; l++) {
      if (this.model.languages[l] === exclude) continue
      const v = totals[l] ?? 0
      if (v > a) {
        b = a
        a = v
      } else if (v > b) b = v
    }
    return a - b
  }

  /** The text of the runs for franc, at most FRANC_SAMPLE_CHARS (its cost grows with the length). */
  private sampleOf(text: string, pieces: readonly Piece[], runs: readonly Run[]): string {
    const parts: string[] = []
    let length = 0
    for (const r of runs) {
      if (length >= FRANC_SAMPLE_CHARS) break
      const part = text.slice(pieces[r.first]!.start, Math.min(pieces[r.last]!.end, pieces[r.first]!.start + FRANC_SAMPLE_CHARS - length))
      parts.push(part)
      length += part.length + 1
    }
    return parts.join(' ')
  }

  /**
   * Inside a Latin run of the host language, find stretches of another Latin language: English
   * words inside Vietnamese (no Vietnamese letters, mostly not Vietnamese syllables), or
   * Vietnamese words inside another language.
   */
  private splitLatinRun(text: string, pieces: readonly Piece[], r: Run, out: LabelledRun[], settings: AnalyzeSettings): void {
    const host = r.lang
    const segments: { first: number; last: number }[] = []
    // A switch needs minSwitchWords words in a row without (vi host) or with (other hosts)
    // Vietnamese marks; most paragraphs have no such stretch and are done here.
    let streak = 0
    let longest = 0
    for (let k = r.first; k <= r.last; k++) {
      const p = pieces[k]!
      const candidate = host === 'vi' ? !p.viMark : p.viMark
      streak = candidate ? streak + 1 : 0
      if (streak > longest) longest = streak
    }
    if (longest < (host === 'vi' ? settings.minSwitchWords : 1)) {
      out.push({ start: pieces[r.first]!.start, end: pieces[r.last]!.end, lang: host, confidence: r.confidence, letters: r.letters })
      return
    }
    if (host === 'vi') {
      let first = -1
      for (let k = r.first; k <= r.last + 1; k++) {
        const p = k <= r.last ? pieces[k]! : null
        const foreign = p !== null && !p.viMark && (p.code || this.syllable(text, p.start, p.end) !== 2)
        if (foreign && p) {
          if (first < 0) first = k
          continue
        }
        if (first >= 0) segments.push({ first, last: k - 1 })
        first = -1
      }
    } else {
      let first = -1
      for (let k = r.first; k <= r.last + 1; k++) {
        const p = k <= r.last ? pieces[k]! : null
        const vi = p !== null && !p.code && (p.viOnly || (first >= 0 && this.syllable(text, p.start, p.end) > 0))
        if (vi && p) {
          if (first < 0) first = k
          continue
        }
        if (first >= 0) segments.push({ first, last: k - 1 })
        first = -1
      }
    }
    let cursor = r.first
    const emit = (first: number, last: number, lang: string, confidence: number): void => {
      if (last < first) return
      let letters = 0
      for (let k = first; k <= last; k++) if (!pieces[k]!.code) letters += pieces[k]!.letters
      out.push({ start: pieces[first]!.start, end: pieces[last]!.end, lang, confidence, letters })
    }
    if (host === 'vi') {
      // Lower-case Vietnamese syllables at the edges (cho, va) belong to the sentence around.
      const edgeVi = (k: number): boolean => {
        const p = pieces[k]!
        const c = text.charCodeAt(p.start)
        return !p.code && c >= 0x61 && c <= 0x7a && this.syllable(text, p.start, p.end) > 0
      }
      for (const seg of segments) {
        while (seg.first < seg.last && edgeVi(seg.first)) seg.first++
        while (seg.last > seg.first && edgeVi(seg.last)) seg.last--
      }
    }
    for (const seg of segments) {
      let words = 0
      let invalid = 0
      let viWords = 0
      for (let k = seg.first; k <= seg.last; k++) {
        const p = pieces[k]!
        // Inside Vietnamese, a run of names (New York Times) is not a switch of language.
        if (p.code || (host === 'vi' && p.name)) continue
        words++
        if (p.viOnly) viWords++
        if (this.syllable(text, p.start, p.end) === 0) invalid++
      }
      if (words < settings.minSwitchWords) continue
      let lang: string
      let confidence: number
      if (host === 'vi') {
        if (invalid * 2 < words) continue
        const sub: Run = { family: Family.Latin, script: Script.Latin, first: seg.first, last: seg.last, letters: 0, lang: '', confidence: 0 }
        const verdict = this.classifyLatin(text, pieces, [sub], 'vi', false)
        if (verdict.lang === 'und' || verdict.confidence < 0.5) continue
        lang = verdict.lang
        confidence = verdict.confidence
      } else {
        if (viWords === 0) continue
        lang = 'vi'
        confidence = saturate(viWords, VI_WORDS_SCALE)
      }
      emit(cursor, seg.first - 1, host, r.confidence)
      emit(seg.first, seg.last, lang, confidence)
      cursor = seg.last + 1
    }
    emit(cursor, r.last, host, r.confidence)
  }
}
