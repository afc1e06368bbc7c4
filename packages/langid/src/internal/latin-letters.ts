import { Script } from './scripts.js'
import type { VietnameseLetters } from './vietnamese.js'

// Per-character flags of U+0000-1FFF for the word loop of the script pass.
export const L_LETTER = 1
export const L_MARK = 2
/** A letter with a Vietnamese diacritic (à é ô ă đ ..., shared with other languages or not). */
export const L_VI_MARK = 4
/** A letter only Vietnamese writes (ơ ư ạ ả ế ...). */
export const L_VI_ONLY = 8
export const L_UPPER = 16

/** Flags of every Latin code unit of the BMP (0 for the others; above U+1FFF only L_LETTER). */
export function buildLatinInfo(scripts: Uint8Array, vi: VietnameseLetters): Uint8Array {
  const info = new Uint8Array(0x10000)
  for (let c = 0; c < 0x10000; c++) {
    if (scripts[c] !== Script.Latin) continue
    if (c >= 0x2000) {
      info[c] = L_LETTER
      continue
    }
    let f = c >= 0x0300 && c <= 0x036f ? L_MARK : L_LETTER
    const m = vi.mark[c] ?? 0
    if (m !== 0) f |= L_VI_MARK
    if (m === 2) f |= L_VI_ONLY
    if (c >= 0x41 && c <= 0x5a) f |= L_UPPER
    info[c] = f
  }
  return info
}

/** Extensions after which the words of a dotted token are a file name, not text. */
export const FILE_EXTENSIONS = new Set(
  'png jpg jpeg gif webp svg bmp tif tiff pdf doc docx xls xlsx ppt pptx txt csv zip rar mp3 mp4 mov avi htm html php aspx json xml'.split(' '),
)

/** Characters after which a capitalised word starts a sentence rather than being a name. */
export const SENTENCE_BREAK = new Set([...'.!?:;"“”«»()[]{}\n|•·–—'].map((c) => c.charCodeAt(0)))

export const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x3000
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
export const isAlnum = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
