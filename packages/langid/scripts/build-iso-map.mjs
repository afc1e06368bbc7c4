// Builds data/iso639.json: ISO 639-3 -> ISO 639-1 for every language franc can return (from the
// `iso-639-3` package, MIT). franc answers in 639-3; the stage reports BCP 47, which prefers the
// two-letter code when one exists. Macrolanguage members franc returns (cmn, zsm, pes, ...) map to
// the macrolanguage's two-letter code. Run: node scripts/build-iso-map.mjs
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const { iso6393 } = await import(join(here, '../node_modules/iso-639-3/index.js'))
const francData = (await import(join(here, '../node_modules/franc/data.js'))).data
const francCodes = new Set()
for (const script of Object.values(francData)) for (const code of Object.keys(script)) francCodes.add(code)

// Individual languages inside a macrolanguage that has a 639-1 code (not in iso-639-3's records).
const MACRO = { zlm: 'ms', cmn: 'zh', yue: 'yue', zsm: 'ms', pes: 'fa', prs: 'fa', uzn: 'uz', azj: 'az', ekk: 'et', lvs: 'lv',
  khk: 'mn', npi: 'ne', ory: 'or', swh: 'sw', plt: 'mg', gaz: 'om', als: 'sq', arb: 'ar', ydd: 'yi', nob: 'nb',
  quy: 'qu', quz: 'qu', ckb: 'ckb', kmr: 'ku', pbu: 'ps', hms: 'hms', knc: 'kr', uig: 'ug', fuv: 'ff', fuf: 'ff' }
const map = {}
for (const record of iso6393) {
  if (francCodes.has(record.iso6393) && record.iso6391) map[record.iso6393] = record.iso6391
}
for (const [code, tag] of Object.entries(MACRO)) if (francCodes.has(code) && !map[code]) map[code] = tag
const sorted = Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)))
writeFileSync(join(here, '../data/iso639.json'), JSON.stringify({
  source: 'iso-639-3 (MIT) restricted to the languages of franc 6; codes without a 639-1 code stay 639-3',
  generatedBy: 'packages/langid/scripts/build-iso-map.mjs',
  map: sorted,
}, null, 1) + '\n')
console.log(`${francCodes.size} franc languages, ${Object.keys(sorted).length} mapped`)
