import { readFileSync } from 'node:fs'
import { SCRIPT_LETTERS_SCALE } from './scripts.js'

/** Per-character flags of Han characters (BMP). */
export const HANT = 1
export const HANT_WEAK = 2
export const HANS = 4
/** Written-Cantonese function characters (嘅 咗 唔 喺 嘢 佢 冇 ...), rare in Mandarin writing. */
export const YUE = 8
/** Mandarin function characters that written Cantonese replaces (的 是 不 在 他 這 沒 ...). */
export const MANDARIN = 16
/** First character of a written-Cantonese word ({@link CANTONESE_WORDS}). */
export const YUE_HEAD = 32
/** 係, the Cantonese copula, unless in 關係 (Mandarin "relation"). */
export const HAI = 64
/** Japanese shinjitai that neither Chinese script writes (駅 県 広 図 挙). */
export const JA = 128
/**
 * Cantonese sentence particles that Mandarin writes only in a few words (喇 outside 喇叭 喇嘛,
 * 咪 outside 咪咪), and 晒 ("all"), which Traditional Mandarin writes 曬: half a marker each.
 */
const YUE_WEAK = '喇咪晒'
/** Flag of the {@link YUE_WEAK} characters. */
export const YUE_WEAK_FLAG = 256

/**
 * Two-character Cantonese words whose characters alone are also Mandarin (邊個 "who", 點解 "why",
 * 屋企 "home", 而家 "now", 返工 "go to work").
 */
export const CANTONESE_WORDS = new Set(
  '邊個 邊度 邊位 點解 點樣 點會 屋企 而家 乜嘢 做咩 返工 返屋 收工 冇錯 做晒 食晒 好攰 好彩 唔該 多謝晒 搞掂 搵食 傾偈 睇下 行街 飲茶 埋單 拍拖 都係 就係 梗係 係咪'.split(' ').filter((w) => w.length === 2),
)

/**
 * Cantonese characters: function words and verbs of written Cantonese that standard written
 * Chinese does not use (or only in rare literary senses). 係 is left out: 關係 is Mandarin.
 */
const CANTONESE = '嘅咗唔喺嘢佢冇嚟啲哋嗰噉乜咩啱畀攞搵揾睇㗎嘞囉吖咁諗谂瞓嘥冚喎啩嚿揸咋嗮哂冧掟攰'
/** Their Mandarin counterparts; a sentence full of these is Mandarin even with one 咪 in it. */
const MANDARIN_CHARS = '的是不在他她這这沒没們们麼么說说了'

/** {@link CANTONESE_WORDS} as `first * 65536 + second` (both BMP characters). */
export const CANTONESE_PAIRS = new Set([...CANTONESE_WORDS].map((w) => w.charCodeAt(0) * 65536 + w.charCodeAt(1)))

interface HanScriptData {
  readonly hantOnly: string
  readonly hantWeak: string
  readonly hansOnly: string
  readonly jaOnly: string
}

/** Build the flag table from the OpenCC-derived character sets in data/han-script.json. */
export function buildHanTable(): Uint16Array {
  const data = JSON.parse(readFileSync(new URL('../../data/han-script.json', import.meta.url), 'utf8')) as HanScriptData
  const table = new Uint16Array(0x10000)
  const mark = (chars: string, flag: number): void => {
    for (const ch of chars) {
      const cp = ch.codePointAt(0) ?? 0
      if (cp < 0x10000) table[cp] = (table[cp] ?? 0) | flag
    }
  }
  mark(data.hantOnly, HANT)
  mark(data.hantWeak, HANT_WEAK)
  mark(data.hansOnly, HANS)
  mark(CANTONESE, YUE)
  mark(MANDARIN_CHARS, MANDARIN)
  mark([...CANTONESE_WORDS].map((w) => w[0]).join(''), YUE_HEAD)
  mark('係', HAI)
  mark(data.jaOnly, JA)
  mark(YUE_WEAK, YUE_WEAK_FLAG)
  return table
}

const saturate = (evidence: number, scale: number): number => (evidence <= 0 ? 0 : 1 - Math.exp(-evidence / scale))
/** Confidence scale of Traditional/Simplified and Cantonese evidence (see the README). */
const HAN_MARGIN_SCALE = 1.5

/**
 * Evidence counted over the Han and kana text of a range (reused: `reset()` before each range).
 * Half-weight markers are counted as integers and halved when deciding, so the counting loop does
 * integer arithmetic only.
 */
export class HanCounts {
  han = 0
  kana = 0
  /** Traditional-only characters, and those that are Traditional-only in most words (half weight). */
  hant = 0
  hantWeak = 0
  hans = 0
  /** Cantonese markers, 係 outside 關係 (half weight), and the weak particles (half weight). */
  yue = 0
  hai = 0
  weakYue = 0
  mandarin = 0
  shinjitai = 0
  /** Set by {@link decideHan}. Starts as a fraction so that V8 keeps the field a double. */
  confidence = 0.5

  reset(): this {
    this.han = 0
    this.kana = 0
    this.hant = 0
    this.hantWeak = 0
    this.hans = 0
    this.yue = 0
    this.hai = 0
    this.weakYue = 0
    this.mandarin = 0
    this.shinjitai = 0
    return this
  }
}

/**
 * Add the evidence of the Han stretch `[start, end)` of the code units `u` (one run of Han
 * characters; words are looked for inside it only) to `counts`. The caller counts the letters (`counts.han`).
 */
export function countHan(table: Uint16Array, u: Uint16Array, start: number, end: number, counts: HanCounts): void {
  for (let i = start; i < end; i++) {
    const f = table[u[i]!]!
    if (f === 0) continue
    if (f & HANT) counts.hant++
    else if (f & HANT_WEAK) counts.hantWeak++
    if (f & HANS) counts.hans++
    if (f & JA) counts.shinjitai++
    if (f & YUE) counts.yue++
    if (f & MANDARIN) counts.mandarin++
    if (f & YUE_HEAD && i + 1 < end && CANTONESE_PAIRS.has(u[i]! * 65536 + u[i + 1]!)) counts.yue++
    if (f & HAI && (i === start || u[i - 1]! !== 0x95dc)) counts.hai++
    if (f & YUE_WEAK_FLAG) {
      const c = u[i]!
      const next = i + 1 < end ? u[i + 1]! : 0
      const prev = i > start ? u[i - 1]! : 0
      // 喇叭 喇嘛 咪咪 are Mandarin words.
      if (!(c === 0x5587 && (next === 0x53ed || next === 0x561b)) && !(c === 0x54aa && (next === 0x54aa || prev === 0x54aa))) counts.weakYue++
    }
  }
}

/**
 * The label of counted Han/kana text: ja, yue, zh-Hant, zh-Hans or zh (no character that tells
 * the scripts apart, or a tie). Sets `counts.confidence`.
 */
export function decideHan(counts: HanCounts): string {
  const { han, kana, hans, mandarin, shinjitai } = counts
  // Times 0.5 (not / 2): V8 then treats the result as a double from the first call.
  const hant = counts.hant + counts.hantWeak * 0.5
  if (kana >= 5 || (kana >= 1 && kana * 10 >= han + kana) || (shinjitai >= 1 && shinjitai * 4 >= hant + hans)) {
    // Kana, or Japanese-only kanji forms outnumbering the Chinese-only ones (東京都知事選挙).
    counts.confidence = saturate(kana + shinjitai, 2)
    return 'ja'
  }
  const yue = counts.yue + counts.hai * 0.5 + (hans > hant ? 0 : counts.weakYue * 0.5)
  if (yue >= 2 || (yue >= 1 && yue * 2 > mandarin)) {
    counts.confidence = saturate(yue - mandarin / 4, HAN_MARGIN_SCALE)
    return 'yue'
  }
  if (hant > hans) {
    counts.confidence = saturate(hant - hans, HAN_MARGIN_SCALE)
    return 'zh-Hant'
  }
  if (hans > hant) {
    counts.confidence = saturate(hans - hant, HAN_MARGIN_SCALE)
    return 'zh-Hans'
  }
  counts.confidence = saturate(han, SCRIPT_LETTERS_SCALE)
  return 'zh'
}
