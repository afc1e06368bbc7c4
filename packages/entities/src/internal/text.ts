/** Character classes, normalised keys and Vietnamese syllable shape. Pure functions, no state. */

export const HAN_RE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
export const HAN_G = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g

export function isHan(ch: string): boolean {
  const c = ch.charCodeAt(0)
  return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)
}

/** Letters that only Vietnamese uses among the three languages (tone marks and đ, ơ, ư, ă, â, ê, ô). */
const VI_LETTER = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]/
export function hasVietnameseLetter(s: string): boolean {
  return VI_LETTER.test(s)
}
const VI_TABLE = (() => {
  const t = new Uint8Array(0x1f00)
  for (let c = 0xc0; c < 0x1f00; c++) if (VI_LETTER.test(String.fromCharCode(c))) t[c] = 1
  return t
})()
/** {@link hasVietnameseLetter} for one UTF-16 code unit. */
export function isVietnameseLetterCode(c: number): boolean {
  return c < 0x1f00 && VI_TABLE[c] === 1
}

export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
}

/** ASCII slug: `Tập Cận Bình` -> `tap-can-binh`. */
export function slugify(s: string): string {
  return stripDiacritics(s)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.(?![0-9])/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
}

/** True for an uppercase letter (any script with case). */
export function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase()
}
export function isLower(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toUpperCase() && ch === ch.toLowerCase()
}

// Vietnamese syllable: onset + rhyme, written in the modern orthography. Used to tell a Vietnamese
// word from a foreign name ("Sora", "Huawei", "Shi") at the start of a sentence.
const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?'
const VOWELS = '[aăâeêioôơuưy]'
const CODA = '(?:ng|nh|ch|c|m|n|p|t|i|y|o|u)?'
const SYLLABLE_RE = new RegExp(`^${ONSET}${VOWELS}{1,3}${CODA}$`)
const VALID_NUCLEI = new Set([
  'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'iêu',
  'oa', 'oă', 'oe', 'oi', 'ôi', 'ơi', 'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'uy', 'ưa', 'ươ', 'ưi', 'ưu', 'uôi', 'ươi', 'ươu', 'uya', 'uyê',
  'yê', 'yêu', 'oai', 'oay', 'uây', 'oao', 'oeo', 'uyu', 'ưo',
])
/** True when `word` has the shape of one Vietnamese syllable (tone marks ignored). */
export function isVietnameseSyllable(word: string): boolean {
  const base = word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
    .normalize('NFC')
  if (!SYLLABLE_RE.test(base)) return false
  const m = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?(.*?)(?:ng|nh|ch|c|m|n|p|t)?$/.exec(base)
  let nucleus = m?.[1] ?? base
  if (!VALID_NUCLEI.has(nucleus)) {
    // A final -i/-y/-o/-u glide belongs to the nucleus group already listed; try without it.
    nucleus = nucleus.replace(/[iyou]$/, '')
    if (nucleus && !VALID_NUCLEI.has(nucleus)) return false
  }
  return true
}
