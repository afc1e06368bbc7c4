import { createDoc, runStage, type Doc } from '@corpus/core'
import { cleanText, contentId, markDuplicates, readCorpus } from '@corpus/ingest'
import { describe, expect, it } from 'vitest'
import { collect, seedNames, seedText, tempTree } from './helpers.js'

const doc = (uri: string, text: string): Doc => createDoc({ id: contentId(text), text, source: { uri, index: 0 }, annotations: {} })

/** A copy of a seed article with a few small edits: a changed number, a dropped word, an added sentence. */
function edited(text: string): string {
  return text
    .replace('190 quốc gia', '191 quốc gia')
    .replace('ngày 9/7', 'ngày 10/7')
    .replace(' hoàn toàn ', ' ')
    .replace('Chỉ có thời gian mới trả lời.', 'Chỉ có thời gian mới trả lời được câu hỏi này.')
}

describe('markDuplicates', () => {
  it('marks an exact copy and a lightly edited copy of a seed; unrelated seeds stay unmarked', async () => {
    const base = seedText(seedNames[0])
    const near = edited(base)
    expect(near).not.toBe(base)
    const root = tempTree({
      '1-original.txt': base,
      '2-other.txt': seedText(seedNames[2]),
      '3-copy.txt': base,
      '4-edited.txt': near,
      '5-chinese.txt': seedText(seedNames[4]),
      // Same article body, different page chrome around it: an exact duplicate after cleaning.
      '6-rewrapped.txt': `Checker\n\n${base}\n\nTop\n\nfbytzltw`,
    })
    const { docs, quarantined } = await collect(readCorpus([root]), [cleanText(), markDuplicates()])
    expect(quarantined).toEqual([])
    const dup = Object.fromEntries(docs.map((d) => [d.source.uri.slice(root.length + 1), d.annotations.duplicate!]))
    const original = docs[0]!
    expect(dup['1-original.txt']).toMatchObject({ exactOf: null, nearOf: null, similarity: 0, ofSource: null })
    expect(dup['2-other.txt']).toMatchObject({ exactOf: null, nearOf: null })
    expect(dup['5-chinese.txt']).toMatchObject({ exactOf: null, nearOf: null })
    expect(dup['3-copy.txt']).toMatchObject({ exactOf: original.id, nearOf: null, similarity: 1, ofSource: original.source })
    expect(dup['6-rewrapped.txt']).toMatchObject({ exactOf: original.id, nearOf: null, similarity: 1 })
    expect(dup['4-edited.txt']).toMatchObject({ exactOf: null, nearOf: original.id, ofSource: original.source })
    expect(dup['4-edited.txt']?.similarity).toBeGreaterThanOrEqual(0.8)
    expect(dup['4-edited.txt']?.similarity).toBeLessThan(1)
    expect(docs.every((d) => d.annotations.duplicate?.minhash.length === 128)).toBe(true)
  })

  it('is deterministic and follows the threshold', async () => {
    const a = seedText(seedNames[1])
    // Keep the first half of the article: roughly half the shingles are shared.
    const half = a.slice(0, Math.floor(a.length / 2))
    const input = [doc('a', a), doc('half', half)]
    const strict = await runStage(markDuplicates(), input)
    const loose = await runStage(markDuplicates({ threshold: 0.3 }), input)
    const again = await runStage(markDuplicates({ threshold: 0.3 }), input)
    expect(strict.quarantined).toEqual([])
    expect(loose.quarantined).toEqual([])
    expect(strict.docs[1]?.annotations.duplicate).toMatchObject({ nearOf: null, exactOf: null })
    expect(loose.docs[1]?.annotations.duplicate).toMatchObject({ nearOf: contentId(a) })
    expect(loose.docs[1]?.annotations.duplicate?.similarity).toBeGreaterThan(0.3)
    expect(loose.docs[1]?.annotations.duplicate?.similarity).toBeLessThan(0.8)
    expect(JSON.stringify(again.docs)).toBe(JSON.stringify(loose.docs))
  })

  it('starts each run with an empty index', async () => {
    const stage = markDuplicates()
    const text = seedText(seedNames[3])
    const first = await runStage(stage, [doc('a', text)])
    const second = await runStage(stage, [doc('b', text)])
    expect(first.quarantined).toEqual([])
    expect(second.quarantined).toEqual([])
    expect(second.docs[0]?.annotations.duplicate).toMatchObject({ exactOf: null, nearOf: null })
  })

  it('marks near-duplicates among many short documents without mixing them up', async () => {
    // 300 distinct sentences from the seeds, each followed by a copy with one word changed.
    const sentences = [...new Set(seedNames.flatMap((n) => seedText(n).split(/(?<=[.。])\s*/)).filter((s) => s.length > 120))].slice(0, 300)
    expect(sentences.length).toBeGreaterThan(100)
    const docs = sentences.flatMap((s, i) => [doc(`s${i}`, s), doc(`s${i}-edit`, s.replace(/\s\S+\s/, ' '))])
    const { docs: out, quarantined } = await runStage(markDuplicates({ threshold: 0.7 }), docs)
    expect(quarantined).toEqual([])
    for (let i = 0; i < out.length; i += 2) {
      expect(out[i]?.annotations.duplicate?.nearOf).toBeNull()
      const edit = out[i + 1]!.annotations.duplicate!
      if (edit.exactOf === null) expect(edit.nearOf).toBe(out[i]!.id)
    }
    const found = out.filter((d, i) => i % 2 === 1 && d.annotations.duplicate?.nearOf).length
    expect(found).toBeGreaterThan(sentences.length * 0.9)
  })

  it('issue 6: many copies of one article (more than a bucket holds) all point at the first, with its id and source', async () => {
    const base = seedText(seedNames[0])
    const words = base.split(' ')
    // 60 copies with one different word each: they share band keys far past the 32 a bucket keeps.
    const copies = Array.from({ length: 60 }, (_, i) => {
      const edited = [...words]
      edited[(i * 37) % words.length] = `từ${i}`
      return createDoc({ id: `copy-${i}`, text: edited.join(' '), source: { uri: `thư mục/bản-${i}.jsonl`, index: i } })
    })
    const input = [createDoc({ id: 'gốc', text: base, source: { uri: 'thư mục/gốc.txt', index: 0 } }), ...copies, createDoc({ id: 'again', text: base, source: { uri: 'b.txt', index: 0 } })]
    const { docs, quarantined } = await runStage(markDuplicates(), input)
    expect(quarantined).toEqual([])
    const signature = docs[0]!.annotations.duplicate!.minhash
    for (const d of docs.slice(1, -1)) {
      const info = d.annotations.duplicate!
      expect(info).toMatchObject({ exactOf: null, nearOf: 'gốc', ofSource: { uri: 'thư mục/gốc.txt', index: 0 } })
      // The similarity is the share of equal slots of the two signatures the documents carry.
      expect(info.similarity).toBe(info.minhash.filter((v, i) => v === signature[i]).length / signature.length)
    }
    expect(docs.at(-1)!.annotations.duplicate).toMatchObject({ exactOf: 'gốc', nearOf: null, similarity: 1, ofSource: { uri: 'thư mục/gốc.txt', index: 0 } })
  })

  it('checks its options when called', () => {
    expect(() => markDuplicates({ threshold: 0 })).toThrow(/threshold/)
    expect(() => markDuplicates({ threshold: 1.5 })).toThrow(/threshold/)
    expect(() => markDuplicates({ shingleSize: 0 })).toThrow(/shingleSize/)
    expect(() => markDuplicates({ numHashes: 3 })).toThrow(/numHashes/)
    expect(markDuplicates({ threshold: 0.9 }).assigns).toEqual(['duplicate'])
  })
})
