import { readFileSync } from 'node:fs'

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
