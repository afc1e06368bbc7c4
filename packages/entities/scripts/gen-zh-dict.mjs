// Generates data/zh-dict.json.gz, the Chinese data the segmenter needs besides jieba's own dictionary:
//   node scripts/gen-zh-dict.mjs
// - fold: the Traditional -> Simplified character table (OpenCC tw -> cn, one character each, so
//   folding never changes a length), as a string of pairs "繁简繁简...";
// - words: extra dictionary lines ("word freq tag") for Traditional and Taiwan wording. The extractor
//   folds Chinese text to Simplified characters before segmenting it, so the segmenter only ever sees
//   folded text: each word of @node-rs/jieba's dict.txt is converted with OpenCC (cn -> tw and
//   cn -> twp, the Taiwan phrase table: 软件 -> 軟體), folded back character by character (軟體 ->
//   软体), and kept when that folded form is a new word.
// Run again after upgrading opencc-js or @node-rs/jieba; the runtime needs neither OpenCC nor a
// conversion (it used to convert the 350k-word dictionary in every worker thread).
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import * as OpenCC from 'opencc-js'

const require = createRequire(import.meta.url)

// Traditional -> Simplified, characters only (the same ranges the extractor treats as Han).
const fold = new Map()
{
  const convert = OpenCC.Converter({ from: 'tw', to: 'cn' })
  const chars = []
  for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c))
  for (let c = 0xf900; c <= 0xfaff; c++) chars.push(String.fromCharCode(c))
  const out = convert(chars.join('\n')).split('\n')
  if (out.length !== chars.length) throw new Error('OpenCC changed the number of lines')
  chars.forEach((ch, i) => {
    const to = out[i]
    if (to && to.length === 1 && to !== ch) fold.set(ch, to)
  })
  // Variants OpenCC keeps as they are, but that name the same thing.
  fold.set('臺', '台')
}
const foldHan = (s) => [...s].map((c) => fold.get(c) ?? c).join('')

const dictPath = require.resolve('@node-rs/jieba/dict.txt')
const jiebaVersion = JSON.parse(readFileSync(require.resolve('@node-rs/jieba/package.json'), 'utf8')).version
const lines = readFileSync(dictPath, 'utf8').split('\n').filter((l) => l.trim())
const words = lines.map((l) => l.slice(0, l.indexOf(' ')))
const known = new Set(words)
const toHant = OpenCC.Converter({ from: 'cn', to: 'tw' })
const toHantPhrases = OpenCC.Converter({ from: 'cn', to: 'twp' })
const plain = toHant(words.join('\n')).split('\n')
const phrased = toHantPhrases(words.join('\n')).split('\n')
if (plain.length !== words.length || phrased.length !== words.length) throw new Error('OpenCC changed the number of lines')

const extra = new Map()
lines.forEach((line, i) => {
  const rest = line.slice(line.indexOf(' ') + 1)
  for (const hant of [plain[i], phrased[i]]) {
    if (!hant || hant === words[i]) continue
    const folded = foldHan(hant)
    if (folded.length !== hant.length || known.has(folded) || extra.has(folded)) continue
    extra.set(folded, rest)
  }
})

const data = {
  source: `@node-rs/jieba ${jiebaVersion} dict.txt (${lines.length} words), opencc-js ${JSON.parse(readFileSync(new URL('../node_modules/opencc-js/package.json', import.meta.url), 'utf8')).version}`,
  fold: [...fold].map(([t, s]) => t + s).join(''),
  words: [...extra].map(([w, rest]) => `${w} ${rest}`).join('\n'),
}
const out = fileURLToPath(new URL('../data/zh-dict.json.gz', import.meta.url))
const gz = gzipSync(JSON.stringify(data), { level: 9 })
writeFileSync(out, gz)
console.log(`${out}: ${fold.size} folded characters, ${extra.size} extra words, ${gz.length} bytes`)
