import { PairTable } from './pair-table.js'

/**
 * Vietnamese orthography: which letters only Vietnamese writes, and a syllable grammar
 * (onset + rhyme, with the spelling rules c/k/q, g/gh, ng/ngh) that recognises Vietnamese words
 * typed without diacritics ("Trung Quoc cam OpenAI"). Every Vietnamese word is one syllable, so a
 * text whose words nearly all parse is Vietnamese-shaped; English, Malay, Tagalog or Yoruba words
 * mostly do not parse (final -s/-l/-r/-d, clusters, w/f/j/z, several syllables in a word).
 */

/** Letters that, in practice, only Vietnamese uses: ơ ư and the tone-marked vowels of U+1EA0-1EF9. */
export function isVietnameseOnlyLetter(c: number): boolean {
  if (c === 0x01a0 || c === 0x01a1 || c === 0x01af || c === 0x01b0) return true
  if (c < 0x1ea0 || c > 0x1ef9) return false
  // ẹ ọ (Yoruba), ị ụ (Igbo), ẽ ĩ ũ ỹ (Guarani, Kikuyu) are Vietnamese too but not only Vietnamese.
  switch (c | 1) {
    case 0x1eb9: // Ẹ ẹ
    case 0x1ecd: // Ọ ọ
    case 0x1ecb: // Ị ị
    case 0x1ee5: // Ụ ụ
    case 0x1ebd: // Ẽ ẽ
    case 0x1ef9: // Ỹ ỹ
      return false
    default:
      return true
  }
}

const BASE: Record<string, string> = {}
{
  // Vietnamese letters with their diacritic-free base letter.
  const groups: Record<string, string> = {
    a: 'aàáảãạăằắẳẵặâầấẩẫậ',
    e: 'eèéẻẽẹêềếểễệ',
    i: 'iìíỉĩị',
    o: 'oòóỏõọôồốổỗộơờớởỡợ',
    u: 'uùúủũụưừứửữự',
    y: 'yỳýỷỹỵ',
    d: 'dđ',
  }
  for (const [base, letters] of Object.entries(groups)) for (const ch of letters) BASE[ch] = base
  for (const ch of 'bcghklmnpqrstvx') BASE[ch] = ch
}

/** Vietnamese letter tables over U+0000-1FFF (lower case): base letter and marks. */
export interface VietnameseLetters {
  /** Base letter of a Vietnamese letter as 1..26 (a..z), 0 when not in the Vietnamese alphabet. */
  readonly base: Uint8Array
  /** 1 when the letter carries a Vietnamese diacritic (à é ô ă đ ...), 2 when only Vietnamese has it. */
  readonly mark: Uint8Array
}

export function buildVietnameseLetters(): VietnameseLetters {
  const base = new Uint8Array(0x2000)
  const mark = new Uint8Array(0x2000)
  for (const [ch, b] of Object.entries(BASE)) {
    for (const form of [ch, ch.toUpperCase()]) {
      const cp = form.codePointAt(0) ?? 0
      if (cp >= 0x2000) continue
      base[cp] = b.charCodeAt(0) - 0x60
      if (ch !== b) mark[cp] = isVietnameseOnlyLetter(cp) ? 2 : 1
    }
  }
  return { base, mark }
}

/**
 * Key of a diacritic-free syllable (at most 7 letters, a = 1): 5 bits per letter, the first six
 * in the low 30 bits and the seventh above 2^32, so the runtime can build it from two integers.
 */
export function syllableKey(stripped: string): number {
  let lo = 0
  for (let i = Math.min(stripped.length, 6) - 1; i >= 0; i--) lo = lo * 32 + (stripped.charCodeAt(i) - 0x60)
  const hi = stripped.length > 6 ? stripped.charCodeAt(6) - 0x60 : 0
  return hi * 4294967296 + lo
}

const ONSETS = ['', 'b', 'c', 'ch', 'd', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'p', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x']

const OPEN_RHYMES = ['a', 'e', 'i', 'o', 'u', 'y', 'ai', 'ao', 'au', 'ay', 'eo', 'eu', 'ia', 'iu', 'oa', 'oe', 'oi', 'ua', 'ue', 'ui', 'uu', 'uy',
  'ieu', 'yeu', 'oai', 'oay', 'oao', 'oeo', 'uai', 'uay', 'uau', 'uoi', 'uou', 'uya', 'uyu', 'ya']
const CLOSED: Record<string, string> = {
  a: 'c ch m n ng nh p t', e: 'c ch m n ng nh p t', i: 'ch m n nh p t', o: 'c m n ng p t', u: 'c m n ng p t',
  y: 'ch n nh t', ie: 'c m n ng p t', ye: 'm n t', uo: 'c m n ng p t', oa: 'c ch m n ng nh p t', oe: 'm n t',
  ue: 'ch n nh t', ua: 'c n ng t', uy: 'ch n nh p t', uye: 'n t', oo: 'c ng',
}

/** Vietnamese-looking parts that English, Malay or Tagalog rarely produce in a one-syllable word. */
const DISTINCTIVE_ONSETS = new Set(['ng', 'ngh', 'nh', 'tr', 'kh', 'gh', 'gi', 'qu', 'ph'])
const DISTINCTIVE_RHYME = /^(?:uo|ie|ye|uy|oa|oe|ue|uu|ao|eu|iu|anh|inh|enh|ach|ich|ech|uoi|ieu|yeu|ay)/

/** Stripped syllable -> 1 (valid) or 2 (valid and distinctively Vietnamese), keyed by {@link syllableKey}. */
export function buildSyllableTable(): PairTable {
  const rhymes: string[] = [...OPEN_RHYMES]
  for (const [nucleus, finals] of Object.entries(CLOSED)) for (const f of finals.split(' ')) rhymes.push(nucleus + f)
  const entries = new Map<string, number>()
  const front = (r: string): boolean => r[0] === 'e' || r[0] === 'i' || (r[0] === 'y' && r !== 'y' && r[1] === 'e')
  for (const onset of ONSETS) {
    for (const rhyme of rhymes) {
      const isFront = front(rhyme) || rhyme === 'y' || rhyme.startsWith('ynh') || rhyme.startsWith('ych')
      // Spelling rules: k/gh/ngh only before e, ê, i, y; c/g/ng never there; q only as qu.
      if ((onset === 'k' || onset === 'gh' || onset === 'ngh') && !isFront) continue
      if ((onset === 'c' || onset === 'g' || onset === 'ng') && (rhyme[0] === 'e' || rhyme[0] === 'i')) continue
      if (onset === 'qu' && (rhyme[0] === 'u' || rhyme.startsWith('oa') || rhyme.startsWith('oe'))) continue
      if (onset === 'gi' && rhyme[0] === 'i') continue
      const distinctive = DISTINCTIVE_ONSETS.has(onset) || DISTINCTIVE_RHYME.test(rhyme)
      entries.set(onset + rhyme, distinctive ? 2 : 1)
    }
  }
  // gi + i... is written with one i (gìn, gịt).
  for (const rhyme of rhymes) if (rhyme[0] === 'i') entries.set(`g${rhyme}`, 2)
  const table = new PairTable(entries.size)
  for (const [syllable, cls] of entries) if (syllable.length <= 7) table.set(syllableKey(syllable), cls)
  return table
}

/**
 * 2: the code units `u[start, end)` are a distinctively Vietnamese syllable, 1: a Vietnamese
 * syllable, 0: not one (diacritics ignored). `base` is {@link VietnameseLetters.base}, `lower` a lower-case table of
 * U+0000-1FFF, `syllables` the table of {@link buildSyllableTable}.
 */
export function syllableClass(syllables: PairTable, base: Uint8Array, lower: Uint16Array, u: Uint16Array, start: number, end: number): number {
  const n = end - start
  if (n > 7) return 0
  let lo = 0
  let hi = 0
  for (let i = n - 1; i >= 0; i--) {
    let c = u[start + i]!
    if (c >= 0x2000) return 0
    c = lower[c] ?? c
    const b = base[c] ?? 0
    if (b === 0) return 0
    if (i === 6) hi = b
    else lo = lo * 32 + b
  }
  const slot = syllables.slotOfPair(hi, lo)
  return slot < 0 ? 0 : syllables.valueAt(slot)
}
