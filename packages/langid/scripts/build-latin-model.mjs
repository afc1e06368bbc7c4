// Builds data/latin-ngrams.bin + data/latin-ngrams.json: byte n-gram scores of the Latin-script
// languages, taken from the n-gram database that ships inside the `eld` npm package (Nito-ELD,
// Apache-2.0, "large" database). Run: node scripts/build-latin-model.mjs
//
// eld keys are UTF-8 byte strings written through its own byte->char dictionary; we decode them
// back to bytes and pack each n-gram (at most 6 bytes: optional word-start space, 4 bytes,
// optional word-end space) into one integer, so the runtime needs neither eld nor string keys.
//
// Binary layout (little endian): u32 magic 0x4c4e4731, u32 languages, u32 keys, u32 postings,
// f64 keys[keys] (ascending), u32 offsets[keys + 1], u8 lang[postings], u8 score[postings].
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const eldSrc = join(here, '../node_modules/eld/src')
const { ngramsData } = await import(join(eldSrc, 'ngrams/large.js'))
const { dictionary } = await import(join(eldSrc, 'dictionary.js'))
const { avgScore } = await import(join(eldSrc, 'avgScore.js'))

// Latin-script languages of eld's 60. (Azerbaijani and Malay are the Latin forms.)
const LATIN = ['az', 'ca', 'cs', 'da', 'de', 'en', 'es', 'et', 'eu', 'fi', 'fr', 'hr', 'hu', 'is', 'it', 'lt', 'lv',
  'ms', 'nl', 'no', 'pl', 'pt', 'ro', 'sk', 'sl', 'sq', 'sv', 'tl', 'tr', 'vi', 'yo']

const byteOf = new Map()
dictionary.forEach((ch, byte) => {
  if (ch !== ' ' && !byteOf.has(ch)) byteOf.set(ch, byte)
})
byteOf.set(' ', 0x20)

const eldIndex = new Map(Object.entries(ngramsData.languages).map(([i, code]) => [code, Number(i)]))
const ours = new Map(LATIN.map((code, i) => [eldIndex.get(code), i]))

const entries = []
for (const [key, scores] of Object.entries(ngramsData.ngrams)) {
  const postings = []
  for (const [lang, score] of Object.entries(scores)) {
    const mine = ours.get(Number(lang))
    if (mine !== undefined) postings.push([mine, score])
  }
  if (postings.length === 0) continue
  let packed = 0
  const chars = [...key]
  if (chars.length > 6) throw new Error(`n-gram longer than 6 bytes: ${JSON.stringify(key)}`)
  for (const ch of chars) {
    const byte = byteOf.get(ch)
    if (byte === undefined) throw new Error(`unknown byte char ${JSON.stringify(ch)} in ${JSON.stringify(key)}`)
    packed = packed * 256 + byte
  }
  // A length marker keeps "ab" and "\0ab" apart.
  packed += chars.length * 2 ** 48
  postings.sort((a, b) => a[0] - b[0])
  entries.push([packed, postings])
}
entries.sort((a, b) => a[0] - b[0])
for (let i = 1; i < entries.length; i++) if (entries[i][0] === entries[i - 1][0]) throw new Error('duplicate key')

const nPost = entries.reduce((n, [, p]) => n + p.length, 0)
const header = 16
const size = header + entries.length * 8 + (entries.length + 1) * 4 + nPost * 2
const buf = Buffer.alloc(size)
buf.writeUInt32LE(0x4c4e4731, 0)
buf.writeUInt32LE(LATIN.length, 4)
buf.writeUInt32LE(entries.length, 8)
buf.writeUInt32LE(nPost, 12)
let off = header
for (const [k] of entries) { buf.writeDoubleLE(k, off); off += 8 }
let p = 0
for (const [, postings] of entries) { buf.writeUInt32LE(p, off); off += 4; p += postings.length }
buf.writeUInt32LE(p, off); off += 4
for (const [, postings] of entries) for (const [lang] of postings) buf.writeUInt8(lang, off++)
for (const [, postings] of entries) for (const [, score] of postings) {
  if (score < 0 || score > 255) throw new Error(`score out of range ${score}`)
  buf.writeUInt8(score, off++)
}
writeFileSync(join(here, '../data/latin-ngrams.bin'), buf)
writeFileSync(join(here, '../data/latin-ngrams.json'), JSON.stringify({
  source: 'eld 2.1.0 (Nito-ELD) ngrams/large.js, Apache-2.0, Copyright 2023 Nito T.M.; see data/NOTICE.md',
  generatedBy: 'packages/langid/scripts/build-latin-model.mjs',
  baseScore: 53,
  languages: LATIN,
  avgScore: Object.fromEntries(LATIN.map((c) => [c, avgScore[c]])),
}, null, 1) + '\n')
console.log(`${LATIN.length} languages, ${entries.length} n-grams, ${nPost} postings, ${size} bytes`)
