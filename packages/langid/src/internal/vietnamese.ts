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

/** Letters carrying a Vietnamese diacritic (tone or vowel mark), shared with other languages or not. */
export function buildVietnameseMarkTable(): Uint8Array {
  const table = new Uint8Array(0x2000)
  for (const [ch, base] of Object.entries(BASE)) {
    if (ch === base) continue
    for (const form of [ch, ch.toUpperCase()]) {
      const cp = form.codePointAt(0) ?? 0
      if (cp < 0x2000) table[cp] = 1
    }
  }
  return table
}

/**
 * The word without tone and vowel marks (`quốc` -> `quoc`), or null when a letter is not in the
 * Vietnamese alphabet (f, j, w, z, ç, ñ, ...). Expects lower case.
 */
export function stripVietnamese(word: string): string | null {
  let out = ''
  for (const ch of word) {
    const base = BASE[ch]
    if (base === undefined) return null
    out += base
  }
  return out
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

/** Stripped syllable -> 1 (valid) or 2 (valid and distinctively Vietnamese). */
export function buildSyllableTable(): Map<string, number> {
  const rhymes: string[] = [...OPEN_RHYMES]
  for (const [nucleus, finals] of Object.entries(CLOSED)) for (const f of finals.split(' ')) rhymes.push(nucleus + f)
  const table = new Map<string, number>()
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
      table.set(onset + rhyme, distinctive ? 2 : 1)
    }
  }
  // gi + i... is written with one i (gìn, gịt).
  for (const rhyme of rhymes) if (rhyme[0] === 'i') table.set(`g${rhyme}`, 2)
  return table
}
