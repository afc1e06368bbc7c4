/** Writing systems the script pass tells apart. `None` is everything that is not a letter. */
export enum Script {
  None = 0,
  Latin,
  Han,
  Kana,
  Hangul,
  Thai,
  Cyrillic,
  Arabic,
  Devanagari,
  Greek,
  Hebrew,
  Bengali,
  Gurmukhi,
  Gujarati,
  Oriya,
  Tamil,
  Telugu,
  Kannada,
  Malayalam,
  Sinhala,
  Lao,
  Tibetan,
  Myanmar,
  Georgian,
  Ethiopic,
  Khmer,
  Armenian,
  Mongolian,
  /** A letter of a script not listed above. */
  OtherLetter,
}

export const SCRIPT_COUNT = Script.OtherLetter + 1

/** Confidence scale of a label decided by letters of a script alone: 1 - e^(-letters / 4). */
export const SCRIPT_LETTERS_SCALE = 4

/**
 * Languages that own a script outright: a run in that script gets this label without a model.
 * Scripts shared by several languages (Latin, Cyrillic, Arabic, Devanagari, Ethiopic, Hebrew,
 * Myanmar) are left to the Latin model or franc.
 */
export const SCRIPT_LANGUAGE: Partial<Record<Script, string>> = {
  [Script.Kana]: 'ja',
  [Script.Hangul]: 'ko',
  [Script.Thai]: 'th',
  [Script.Greek]: 'el',
  [Script.Bengali]: 'bn',
  [Script.Gurmukhi]: 'pa',
  [Script.Gujarati]: 'gu',
  [Script.Oriya]: 'or',
  [Script.Tamil]: 'ta',
  [Script.Telugu]: 'te',
  [Script.Kannada]: 'kn',
  [Script.Malayalam]: 'ml',
  [Script.Sinhala]: 'si',
  [Script.Lao]: 'lo',
  [Script.Tibetan]: 'bo',
  [Script.Georgian]: 'ka',
  [Script.Khmer]: 'km',
  [Script.Armenian]: 'hy',
  [Script.Mongolian]: 'mn',
}

// [start, end] inclusive BMP ranges per script, from the Unicode block chart.
const RANGES: readonly (readonly [number, number, Script])[] = [
  [0x0041, 0x005a, Script.Latin],
  [0x0061, 0x007a, Script.Latin],
  [0x00aa, 0x00aa, Script.Latin],
  [0x00ba, 0x00ba, Script.Latin],
  [0x00c0, 0x00d6, Script.Latin],
  [0x00d8, 0x00f6, Script.Latin],
  [0x00f8, 0x024f, Script.Latin],
  [0x0250, 0x02af, Script.Latin],
  // Combining diacritics (left after NFC only in languages without precomposed letters, e.g. Yoruba ẹ́)
  [0x0300, 0x036f, Script.Latin],
  [0x0370, 0x03ff, Script.Greek],
  [0x0400, 0x052f, Script.Cyrillic],
  [0x0531, 0x058f, Script.Armenian],
  [0x0591, 0x05ff, Script.Hebrew],
  [0x0600, 0x06ff, Script.Arabic],
  [0x0750, 0x077f, Script.Arabic],
  [0x08a0, 0x08ff, Script.Arabic],
  [0x0900, 0x097f, Script.Devanagari],
  [0x0980, 0x09ff, Script.Bengali],
  [0x0a00, 0x0a7f, Script.Gurmukhi],
  [0x0a80, 0x0aff, Script.Gujarati],
  [0x0b00, 0x0b7f, Script.Oriya],
  [0x0b80, 0x0bff, Script.Tamil],
  [0x0c00, 0x0c7f, Script.Telugu],
  [0x0c80, 0x0cff, Script.Kannada],
  [0x0d00, 0x0d7f, Script.Malayalam],
  [0x0d80, 0x0dff, Script.Sinhala],
  [0x0e01, 0x0e3a, Script.Thai],
  [0x0e40, 0x0e4e, Script.Thai],
  [0x0e80, 0x0eff, Script.Lao],
  [0x0f00, 0x0fff, Script.Tibetan],
  [0x1000, 0x109f, Script.Myanmar],
  [0x10a0, 0x10ff, Script.Georgian],
  [0x1100, 0x11ff, Script.Hangul],
  [0x1200, 0x139f, Script.Ethiopic],
  [0x1780, 0x17ff, Script.Khmer],
  [0x1800, 0x18af, Script.Mongolian],
  [0x1c90, 0x1cbf, Script.Georgian],
  [0x1d00, 0x1dbf, Script.Latin],
  [0x1dc0, 0x1dff, Script.Latin],
  [0x1e00, 0x1eff, Script.Latin],
  [0x1f00, 0x1fff, Script.Greek],
  [0x2c60, 0x2c7f, Script.Latin],
  [0x2d00, 0x2d2f, Script.Georgian],
  [0x2e80, 0x2fdf, Script.Han],
  [0x3005, 0x3007, Script.Han],
  [0x3021, 0x3029, Script.Han],
  [0x3038, 0x303b, Script.Han],
  [0x3041, 0x309f, Script.Kana],
  [0x30a0, 0x30ff, Script.Kana],
  [0x3130, 0x318f, Script.Hangul],
  [0x31f0, 0x31ff, Script.Kana],
  [0x3400, 0x4dbf, Script.Han],
  [0x4e00, 0x9fff, Script.Han],
  [0xa720, 0xa7ff, Script.Latin],
  [0xa960, 0xa97f, Script.Hangul],
  [0xab30, 0xab6f, Script.Latin],
  [0xac00, 0xd7af, Script.Hangul],
  [0xd7b0, 0xd7ff, Script.Hangul],
  [0xf900, 0xfaff, Script.Han],
  [0xfb00, 0xfb06, Script.Latin],
  [0xfb1d, 0xfb4f, Script.Hebrew],
  [0xfb50, 0xfdff, Script.Arabic],
  [0xfe70, 0xfeff, Script.Arabic],
  [0xff21, 0xff3a, Script.Latin],
  [0xff41, 0xff5a, Script.Latin],
  [0xff66, 0xff9f, Script.Kana],
  [0xffa0, 0xffdc, Script.Hangul],
]

/** A 64 K table: script of every BMP code unit (surrogates are `None`, see {@link astralScript}). */
export function buildScriptTable(): Uint8Array {
  const table = new Uint8Array(0x10000)
  for (const [start, end, script] of RANGES) table.fill(script, start, end + 1)
  // Letters of other scripts: anything Unicode calls a letter that no range above claimed.
  const letter = /\p{L}/u
  for (let c = 0x0250; c < 0xd800; c++) {
    if (table[c] === Script.None && letter.test(String.fromCharCode(c))) table[c] = Script.OtherLetter
  }
  // Modifier letters and marks inside the Latin block that are not letters of a word.
  for (const c of [0x02b9, 0x02ba, 0x02bb, 0x02bc, 0x02c6, 0x02c7, 0x02c8, 0x02cc]) table[c] = Script.None
  // The katakana middle dot separates words (and transliterated names in Chinese too).
  table[0x30fb] = Script.None
  table[0xff65] = Script.None
  return table
}

/** Script of a code point above U+FFFF (CJK extensions B-H are Han; the rest are symbols here). */
export function astralScript(cp: number): Script {
  if (cp >= 0x20000 && cp <= 0x3134f) return Script.Han
  if (cp >= 0x1b000 && cp <= 0x1b16f) return Script.Kana
  return Script.None
}
