import { fc, test } from '@fast-check/vitest'
import { cleanText, markDuplicates, readCorpus } from '@corpus/ingest'
import { describe, expect } from 'vitest'
import { collect, seedNames, seedText, tempTree } from './helpers.js'

// Real lines of the seed articles (body and boilerplate alike) to build documents from.
const seedLines = seedNames.flatMap((n) => seedText(n).split('\n'))

const textContent = fc.oneof(
  fc.array(fc.constantFrom(...seedLines), { maxLength: 12 }).map((lines) => lines.join('\n')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
)
const content = fc.oneof(
  textContent.map((t) => Buffer.from(t.normalize('NFD'))),
  textContent.map((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
)
const jsonlContent = fc
  .array(
    fc.oneof(
      textContent.map((text) => JSON.stringify({ text })),
      fc.record({ id: fc.oneof(fc.string(), fc.integer()), text: textContent, title: fc.option(fc.string()) }).map((r) => JSON.stringify(r)),
      fc.string({ maxLength: 40 }),
    ),
    { maxLength: 6 },
  )
  .map((lines) => Buffer.from(lines.join('\n')))

const tree = fc.uniqueArray(
  fc.record({
    name: fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?$/),
    ext: fc.constantFrom('txt', 'md', 'html', 'jsonl'),
    content: fc.oneof(content, jsonlContent),
  }),
  { minLength: 1, maxLength: 8, selector: (f) => f.name.split('/')[0] },
)

describe('ingest invariants', () => {
  test.prop([tree], { numRuns: 40, seed: 20241228 })('every input ends up written or quarantined, in order, and runs are identical', async (files) => {
    const root = tempTree(Object.fromEntries(files.map((f) => [`${f.name}.${f.ext}`, f.content])))
    const stages = () => [cleanText(), markDuplicates()]
    const first = await collect(readCorpus([root], { maxBytes: 2000 }), stages())
    const second = await collect(readCorpus([root], { maxBytes: 2000, concurrency: 1 }), stages())

    expect(first.stats.read).toBe(first.stats.written + first.stats.quarantined)
    expect(first.docs.length).toBe(first.stats.written)
    expect(first.quarantined.length).toBe(first.stats.quarantined)
    // Each non-JSONL file is one input; a JSONL file yields at least one item.
    for (const f of files) {
      const uri = `${root}/${f.name}.${f.ext}`
      const items = first.docs.filter((d) => d.source.uri === uri).length + first.quarantined.filter((q) => q.source.uri === uri).length
      if (f.ext === 'jsonl') expect(items).toBeGreaterThanOrEqual(1)
      else expect(items).toBe(1)
    }
    // Documents come out in path order, and within a JSONL file in line order.
    const keys = first.docs.map((d) => `${d.source.uri}\u0000${String(d.source.index).padStart(6, '0')}`)
    expect(keys).toEqual([...keys].sort())
    for (const d of first.docs) {
      expect(d.text.length).toBeGreaterThan(0)
      expect(d.text).toBe(d.text.normalize('NFC'))
      expect(d.text).not.toMatch(/\r/)
      expect(d.annotations.paragraphs?.length).toBeGreaterThan(0)
    }
    expect(JSON.stringify(second.docs)).toBe(JSON.stringify(first.docs))
    expect(JSON.stringify(second.quarantined)).toBe(JSON.stringify(first.quarantined))
  })
})
