import { franc } from 'franc'
import { readFileSync } from 'node:fs'
import { HANS, HANT, HANT_WEAK, MANDARIN, YUE, buildHanTable } from './han.js'
import { LatinScorer, loadLatinModel, type LatinModel } from './latin-model.js'
import { SCRIPT_LANGUAGE, Script, astralScript, buildScriptTable } from './scripts.js'
import { buildSyllableTable, buildVietnameseMarkTable, isVietnameseOnlyLetter, stripVietnamese } from './vietnamese.js'

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
const SCRIPT_LETTERS_SCALE = 4
const HAN_MARGIN_SCALE = 1.5
const VI_WORDS_SCALE = 1.5
const LATIN_MARGIN_SCALE = 250
/** Diacritic-free Vietnamese is never more certain than this. */
const VI_ASCII_MAX = 0.8
/** Stop scoring a long Latin run once the margin is this large (confidence > 0.9999). */
const LATIN_STOP_MARGIN = 2500

const saturate = (evidence: number, scale: number): number => (evidence <= 0 ? 0 : 1 - Math.exp(-evidence / scale))
const round = (x: number): number => Math.round(x * 1e4) / 1e4

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

const NON_TEXT = /(?:https?:\/\/|www\.)[^\s]+|[\w.+-]+@[\w-]+\.[\w.]+|[\p{L}\p{N}_.-]*[\p{L}\p{N}]\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?|pdf|docx?|xlsx?|pptx?|txt|csv|zip|rar|7z|mp[34]|mov|avi|html?|php|aspx?|js|css|json|xml)(?![\p{L}\p{N}])/giu

/** Everything loaded once: tables, the Latin model, the franc code map. Immutable after build. */
export class Analyzer {
  private readonly scripts = buildScriptTable()
  private readonly han = buildHanTable()
  private readonly syllables = buildSyllableTable()
  private readonly viMarks = buildVietnameseMarkTable()
  private readonly model: LatinModel = loadLatinModel()
  private readonly scorer: LatinScorer
  private readonly iso: Readonly<Record<string, string>>
  private readonly viIndex: number
  private readonly msIndex: number

  constructor() {
    this.scorer = new LatinScorer(this.model)
    this.viIndex = this.model.languages.indexOf('vi')
    this.msIndex = this.model.languages.indexOf('ms')
    const isoData = JSON.parse(readFileSync(new URL('../../data/iso639.json', import.meta.url), 'utf8')) as { map: Record<string, string> }
    this.iso = isoData.map
  }

  /** Label `text.slice(start, end)`; run offsets are indices into `text`. */
  analyze(text: string, start: number, end: number, settings: AnalyzeSettings): RangeResult {
    const pieces = this.scan(text, start, end)
    if (pieces.length === 0) return { lang: 'und', confidence: 1, letters: {}, spans: [] }
    let total = 0
    for (const p of pieces) if (!p.code) total += p.letters
    if (total < settings.minLetters) {
      // Text all in capitals (POWERED BY ONECMS): its words count after all.
      for (const p of pieces) {
        if (p.caps) {
          p.code = false
          total += p.letters
        }
      }
    }
    if (total < settings.minLetters) return { lang: 'und', confidence: round(1 - total / settings.minLetters / 2), letters: {}, spans: [] }

    const runs = this.group(pieces)
    // The family holding most letters hosts the paragraph; short runs of another family inside
    // it (brand names in Chinese) take the host's label.
    let latinLetters = 0
    let cjkLetters = 0
    let otherLetters = 0
    for (const r of runs) {
      if (r.family === Family.Latin) latinLetters += r.letters
      else if (r.family === Family.Cjk) cjkLetters += r.letters
      else otherLetters += r.letters
    }
    const host = latinLetters >= cjkLetters && latinLetters >= otherLetters ? Family.Latin : cjkLetters >= otherLetters ? Family.Cjk : Family.Other

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
      if (n > best) {
        best = n
        lang = l
      }
    }
    if (lang === 'und') return { lang, confidence: 0.5, letters: {}, spans: [] }
    let confidence = 0
    for (const r of merged) if (r.lang === lang) confidence = Math.max(confidence, r.confidence)
    const spans = merged.filter((r) => r.lang !== lang).map((r) => ({ ...r, confidence: round(r.confidence) }))
    return { lang, confidence: round(confidence), letters, spans }
  }

  /** The script pass: letters grouped into words (Latin) or same-script stretches. */
  private scan(text: string, start: number, end: number): Piece[] {
    const table = this.scripts
    const pieces: Piece[] = []
    // Characters inside URLs, e-mail addresses and file names are not language evidence.
    let skipFrom = end
    let skipTo = end
    let nonText: RegExpExecArray | null = null
    const hasNonText = /[./@]/.test(text.slice(start, end))
    const re = hasNonText ? new RegExp(NON_TEXT.source, NON_TEXT.flags) : null
    if (re) {
      re.lastIndex = start
      nonText = re.exec(text)
      if (nonText && nonText.index < end) {
        skipFrom = nonText.index
        skipTo = nonText.index + nonText[0].length
      }
    }
    let i = start
    while (i < end) {
      if (i >= skipFrom) {
        i = Math.max(i, skipTo)
        skipFrom = end
        skipTo = end
        if (re) {
          re.lastIndex = i
          nonText = re.exec(text)
          if (nonText && nonText.index < end) {
            skipFrom = nonText.index
            skipTo = nonText.index + nonText[0].length
          }
        }
        continue
      }
      const c = text.charCodeAt(i)
      let script: Script
      let width = 1
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
        script = astralScript(text.codePointAt(i) ?? 0)
        width = 2
      } else script = table[c] as Script
      if (script === Script.None) {
        i += width
        continue
      }
      const limit = Math.min(end, skipFrom)
      if (script === Script.Latin) {
        let j = i
        let viOnly = false
        let viMark = false
        let upper = 0
        let lowerAfterUpper = false
        let letters = 0
        for (; j < limit; j++) {
          const d = text.charCodeAt(j)
          if (table[d] === Script.Latin) {
            if (d < 0x0300 || d > 0x036f) letters++
            if (d >= 0xc0 && d < 0x2000 && this.viMarks[d] === 1) {
              viMark = true
              if (!viOnly && isVietnameseOnlyLetter(d)) viOnly = true
            }
            if (d >= 0x41 && d <= 0x5a) {
              upper++
              if (j > i) lowerAfterUpper = true
            }
            continue
          }
          // Apostrophes inside a word (don't, l'homme) belong to it.
          if ((d === 0x27 || d === 0x2019) && j + 1 < limit && table[text.charCodeAt(j + 1)] === Script.Latin && j > i) continue
          break
        }
        const before = i > start ? text.charCodeAt(i - 1) : 0x20
        const after = j < end ? text.charCodeAt(j) : 0x20
        const glued = (before >= 0x30 && before <= 0x39) || (after >= 0x30 && after <= 0x39) || before === 0x5f || after === 0x5f
        // Acronyms (AI, LLM) and inner capitals (OpenAI, ChatGPT) are names, not words of a language.
        const camel = upper >= 2 && upper < letters && lowerAfterUpper
        const caps = upper >= 2 && upper === letters
        const code = glued || camel || caps || letters === 0
        pieces.push({ script, start: i, end: j, letters, viOnly, viMark, code, caps: caps && !glued && !camel })
        i = j
        continue
      }
      let j = i + width
      let letters = 1
      while (j < limit) {
        const d = text.charCodeAt(j)
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
      pieces.push({ script, start: i, end: j, letters, viOnly: false, viMark: false, code: false, caps: false })
      i = j
    }
    return pieces
  }

  private familyOf(script: Script): Family {
    if (script === Script.Latin) return Family.Latin
    if (script === Script.Han || script === Script.Kana) return Family.Cjk
    return Family.Other
  }

  /** Consecutive pieces of one family (only spaces, digits and punctuation between them). */
  private group(pieces: readonly Piece[]): Run[] {
    const runs: Run[] = []
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k]!
      const family = this.familyOf(p.script)
      const prev = runs[runs.length - 1]
      const letters = p.code ? 0 : p.letters
      if (prev && prev.family === family && (family !== Family.Other || prev.script === p.script)) {
        prev.last = k
        prev.letters += letters
      } else runs.push({ family, script: p.script, first: k, last: k, letters, lang: '', confidence: 0 })
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
    let han = 0
    let kana = 0
    let hant = 0
    let hans = 0
    let yue = 0
    let mandarin = 0
    let any = false
    for (const r of runs) {
      if (r.family !== Family.Cjk) continue
      any = true
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.script === Script.Kana) {
          kana += p.letters
          continue
        }
        han += p.letters
        for (let i = p.start; i < p.end; i++) {
          const f = this.han[text.charCodeAt(i)] ?? 0
          if (f === 0) continue
          if (f & HANT) hant += 1
          else if (f & HANT_WEAK) hant += 0.5
          if (f & HANS) hans += 1
          if (f & YUE) yue += 1
          if (f & MANDARIN) mandarin += 1
        }
      }
    }
    if (!any) return
    let lang: string
    let confidence: number
    if (kana >= 5 || (kana >= 1 && kana * 10 >= han + kana)) {
      lang = 'ja'
      confidence = saturate(kana, 2)
    } else if (yue >= 2 || (yue >= 1 && yue > mandarin)) {
      lang = 'yue'
      confidence = saturate(yue - mandarin / 4, HAN_MARGIN_SCALE)
    } else if (hant > hans) {
      lang = 'zh-Hant'
      confidence = saturate(hant - hans, HAN_MARGIN_SCALE)
    } else if (hans > hant) {
      lang = 'zh-Hans'
      confidence = saturate(hans - hant, HAN_MARGIN_SCALE)
    } else {
      // Chinese without a character that tells the scripts apart (or a tie).
      lang = 'zh'
      confidence = saturate(han, SCRIPT_LETTERS_SCALE)
    }
    for (const r of runs) {
      if (r.family !== Family.Cjk) continue
      r.lang = lang
      r.confidence = confidence
    }
  }

  /** Runs of scripts other than Latin/Han/kana: the script's own language, or franc. */
  private labelOther(text: string, pieces: readonly Piece[], runs: Run[]): void {
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
      const sample = list.map((r) => text.slice(pieces[r.first]!.start, pieces[r.last]!.end)).join(' ')
      const letters = list.reduce((n, r) => n + r.letters, 0)
      const code = franc(sample, { minLength: 1 })
      const lang = code === 'und' ? 'und' : (this.iso[code] ?? code)
      for (const r of list) {
        r.lang = lang
        r.confidence = lang === 'und' ? 0 : saturate(letters, SCRIPT_LETTERS_SCALE * 4)
      }
    }
  }

  private isValidSyllable(word: string): 0 | 1 | 2 {
    const stripped = stripVietnamese(word)
    if (stripped === null) return 0
    return (this.syllables.get(stripped) ?? 0) as 0 | 1 | 2
  }

  /**
   * Label Latin text: Vietnamese letters decide at once; then the Vietnamese syllable grammar
   * (diacritic-free Vietnamese); then the n-gram model over the Latin languages, with franc for
   * text the model does not know.
   */
  private classifyLatin(text: string, pieces: readonly Piece[], runs: readonly Run[], exclude: string | null): LatinVerdict {
    let words = 0
    let viOnly = 0
    let viMarked = 0
    for (const r of runs) {
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.code) continue
        words++
        if (p.viOnly) viOnly++
        else if (p.viMark && this.isValidSyllable(text.slice(p.start, p.end).toLowerCase()) > 0) viMarked++
      }
    }
    const useAll = words === 0
    if (useAll) for (const r of runs) words += r.last - r.first + 1

    // Letters only Vietnamese writes decide; other marked Vietnamese syllables (à, ô, đ) back them up.
    const viEvidence = viOnly + viMarked / 2
    if (exclude !== 'vi' && viOnly >= 1 && viEvidence * 5 >= words) {
      return { lang: 'vi', confidence: saturate(viEvidence, VI_WORDS_SCALE) }
    }

    // Diacritic-free Vietnamese: nearly every word a Vietnamese syllable, some distinctively so.
    let valid = 0
    let distinctive = 0
    if (exclude !== 'vi' && words >= 2) {
      for (const r of runs) {
        for (let k = r.first; k <= r.last; k++) {
          const p = pieces[k]!
          if (p.code && !useAll) continue
          const v = this.isValidSyllable(text.slice(p.start, p.end).toLowerCase())
          if (v > 0) valid++
          if (v === 2) distinctive++
        }
      }
    }

    const scorer = this.scorer
    scorer.reset()
    outer: for (const r of runs) {
      for (let k = r.first; k <= r.last; k++) {
        const p = pieces[k]!
        if (p.code && !useAll) continue
        scorer.addWord(text.slice(p.start, p.end).toLowerCase())
        if ((k & 7) === 0 && scorer.ngrams > 60 && this.margin(exclude) > LATIN_STOP_MARGIN) break outer
      }
    }
    const totals = scorer.totals
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

    if (exclude !== 'vi' && words >= 2 && valid >= 0.85 * words && distinctive >= 1) {
      // The n-gram model outvotes the grammar only when it is sure of another language.
      if (top === this.viIndex || margin < 4 * LATIN_MARGIN_SCALE || valid === words) {
        return { lang: 'vi', confidence: Math.min(VI_ASCII_MAX, saturate(distinctive + valid / 4, VI_WORDS_SCALE * 2)) }
      }
    }
    if (topScore <= 0) return { lang: 'und', confidence: 0 }

    let lang = langs[top] ?? 'und'
    const confidence = saturate(margin, LATIN_MARGIN_SCALE)
    // The model knows 31 Latin languages; text it fits badly is asked of franc (180+ languages).
    const perNgram = topScore / Math.max(1, scorer.ngrams)
    const scaled = perNgram / (perNgram + 25)
    const expected = this.model.avgScore[top] ?? 0.8
    if (scorer.ngrams >= 8 && scaled < expected * 0.75) {
      const sample = this.sampleOf(text, pieces, runs)
      const code = franc(sample, { minLength: 1 })
      const mapped = code === 'und' ? null : (this.iso[code] ?? code)
      if (mapped && mapped !== exclude && mapped !== 'vi' && mapped !== 'en') lang = mapped
    } else if (top === this.msIndex) {
      // eld has Malay only; franc tells Indonesian from Malay.
      const code = franc(this.sampleOf(text, pieces, runs), { minLength: 1, only: ['ind', 'zlm'] })
      if (code === 'ind') lang = 'id'
    }
    return { lang, confidence }
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

  private sampleOf(text: string, pieces: readonly Piece[], runs: readonly Run[]): string {
    const parts: string[] = []
    for (const r of runs) parts.push(text.slice(pieces[r.first]!.start, pieces[r.last]!.end))
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
    if (host === 'vi') {
      let first = -1
      for (let k = r.first; k <= r.last + 1; k++) {
        const p = k <= r.last ? pieces[k]! : null
        const foreign = p !== null && !p.viMark && (p.code || this.isValidSyllable(text.slice(p.start, p.end).toLowerCase()) !== 2)
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
        const vi = p !== null && !p.code && (p.viOnly || (first >= 0 && this.isValidSyllable(text.slice(p.start, p.end).toLowerCase()) > 0))
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
    for (const seg of segments) {
      let words = 0
      let invalid = 0
      let viWords = 0
      for (let k = seg.first; k <= seg.last; k++) {
        const p = pieces[k]!
        if (p.code) continue
        words++
        if (p.viOnly) viWords++
        if (this.isValidSyllable(text.slice(p.start, p.end).toLowerCase()) === 0) invalid++
      }
      if (words < settings.minSwitchWords) continue
      let lang: string
      let confidence: number
      if (host === 'vi') {
        if (invalid * 2 < words) continue
        const sub: Run = { family: Family.Latin, script: Script.Latin, first: seg.first, last: seg.last, letters: 0, lang: '', confidence: 0 }
        const verdict = this.classifyLatin(text, pieces, [sub], 'vi')
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
