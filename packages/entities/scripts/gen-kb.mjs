// Generates data/kb.json, the bundled knowledge base:
//   node scripts/gen-kb.mjs
// - countries and territories from CLDR through Node's Intl.DisplayNames (long and short names in
//   vi, zh-Hant, zh-Hans, en), plus a few common extra aliases listed below;
// - the hand-written entities of scripts/kb-source.tsv.
// Chinese aliases get their other script from OpenCC (Traditional <-> Simplified, also with the
// Taiwan/mainland phrase tables), so both scripts are listed explicitly in the data file.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as OpenCC from 'opencc-js'

const toHans = [OpenCC.Converter({ from: 'tw', to: 'cn' }), OpenCC.Converter({ from: 'twp', to: 'cn' })]
const toHant = [OpenCC.Converter({ from: 'cn', to: 'tw' }), OpenCC.Converter({ from: 'cn', to: 'twp' })]
const LANGS = ['en', 'vi', 'zh-Hant', 'zh-Hans']
const slug = (s) =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase()
    .replace(/&/g, ' and ').replace(/['’.]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')

const NOT_PLACES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB', 'AA', 'QM', 'QN', 'QP', 'QQ', 'QR', 'QS', 'QT', 'QU', 'QV', 'QW', 'QX', 'QY', 'QZ', 'XC', 'XD', 'XE', 'XF', 'XG', 'XH', 'XI', 'XJ', 'XL', 'XM', 'XN', 'XO', 'XP', 'XQ', 'XR', 'XS', 'XT', 'XU', 'XV', 'XW', 'XX', 'XY', 'XZ'])
// Common names CLDR does not give (general usage in news of each language).
const EXTRA = {
  US: { en: ['U.S.', 'USA', 'America', 'the United States'], 'zh-Hant': ['美利堅合眾國'] },
  GB: { en: ['Britain', 'Great Britain', 'U.K.'], vi: ['Anh Quốc'] },
  CN: { en: ['PRC', "People's Republic of China", 'mainland China'], vi: ['Trung Hoa', 'Trung Quốc đại lục', 'đại lục'], 'zh-Hant': ['中國大陸', '中華人民共和國', '大陸', '內地'] },
  TW: { 'zh-Hant': ['臺灣', '中華民國'], en: ['Republic of China'] },
  KR: { 'zh-Hant': ['韓國'], en: ['Korea', 'Republic of Korea'], vi: ['Nam Hàn'] },
  KP: { en: ['DPRK'], vi: ['Bắc Hàn'], 'zh-Hant': ['朝鮮', '北韓'] },
  RU: { en: ['Russian Federation'], 'zh-Hant': ['俄國'] },
  VN: { en: ['Viet Nam'] },
  HK: { en: ['Hong Kong'], vi: ['Hồng Kông', 'Hong Kong'], 'zh-Hant': ['香港'] },
  MO: { en: ['Macau', 'Macao'], vi: ['Ma Cao'], 'zh-Hant': ['澳門'] },
  NL: { en: ['Holland'] },
  AE: { en: ['UAE'] },
}
// Short Vietnamese names that are also ordinary words: the extractor only takes them mid-sentence.
const SHORT_AMBIGUOUS = new Set(['Anh', 'Ý', 'Đức', 'Nam', 'Úc', 'Lào', 'Nga', 'Pháp', 'Nhật', 'Hàn'])

function addBothScripts(names) {
  const hant = new Set(names['zh-Hant'] ?? [])
  const hans = new Set(names['zh-Hans'] ?? [])
  for (const a of [...hant]) for (const c of toHans) hans.add(c(a))
  for (const a of [...hans]) for (const c of toHant) hant.add(c(a))
  names['zh-Hant'] = [...hant]
  names['zh-Hans'] = [...hans]
  return names
}
function clean(names) {
  const out = {}
  for (const lang of LANGS) {
    const list = [...new Set((names[lang] ?? []).map((s) => s.normalize('NFC').trim()).filter((s) => s && s !== '-'))]
    if (list.length) out[lang] = list
  }
  return out
}

const entities = []
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const dn = Object.fromEntries(LANGS.map((l) => [l, new Intl.DisplayNames([l], { type: 'region', fallback: 'none' })]))
const dnShort = Object.fromEntries(LANGS.map((l) => [l, new Intl.DisplayNames([l], { type: 'region', style: 'short', fallback: 'none' })]))
for (const a of letters) for (const b of letters) {
  const code = a + b
  if (NOT_PLACES.has(code)) continue
  const en = dn.en.of(code)
  if (!en) continue
  const names = {}
  for (const l of LANGS) names[l] = [dn[l].of(code), dnShort[l].of(code)].filter(Boolean)
  for (const [l, extra] of Object.entries(EXTRA[code] ?? {})) names[l].push(...extra)
  const enName = en.replace(/ SAR China$/, '')
  const id = `loc:${slug(enName)}`
  const ambiguous = names.vi.filter((n) => SHORT_AMBIGUOUS.has(n))
  entities.push({ id, type: 'LOC', names: clean(addBothScripts(names)), country: code, ...(ambiguous.length ? { ambiguous } : {}) })
}

const source = readFileSync(fileURLToPath(new URL('./kb-source.tsv', import.meta.url)), 'utf8')
const seen = new Set(entities.map((e) => e.id))
for (const line of source.split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue
  const [id, type, ...cols] = line.split('\t')
  if (!/^[a-z]+:[a-z0-9.-]+$/.test(id) || !['PER', 'ORG', 'LOC', 'PRODUCT'].includes(type)) throw new Error(`bad line: ${line}`)
  if (seen.has(id)) throw new Error(`duplicate id ${id}`)
  seen.add(id)
  const names = {}
  LANGS.forEach((l, i) => (names[l] = (cols[i] ?? '-').split('|')))
  // "... Company" is also written "... Co." (and Corporation "Corp.") in English news
  if (type === 'ORG') {
    for (const a of [...names.en]) {
      if (/ Company$/.test(a)) names.en.push(a.replace(/ Company$/, ' Co.'), a.replace(/ Company$/, ' Co'))
      if (/ Corporation$/.test(a)) names.en.push(a.replace(/ Corporation$/, ' Corp.'), a.replace(/ Corporation$/, ' Corp'))
    }
  }
  entities.push({ id, type, names: clean(addBothScripts(names)) })
}
entities.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
const out = {
  version: 1,
  source: 'countries and territories: Unicode CLDR via Intl.DisplayNames (Node ' + process.versions.node + ', ICU ' + process.versions.icu + '); others: scripts/kb-source.tsv; generated by scripts/gen-kb.mjs',
  entities,
}
const target = fileURLToPath(new URL('../data/kb.json', import.meta.url))
writeFileSync(target, JSON.stringify(out, null, 0).replace(/\},\{"id"/g, '},\n{"id"') + '\n')
console.log(`wrote ${target}: ${entities.length} entities`)
