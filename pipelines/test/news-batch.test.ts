import { fileURLToPath } from 'node:url'
import { pipeline, type Doc, type QuarantineEntry } from '@corpus/core'
import { newsBatch, pipelineNames, resolvePipeline } from '@corpus/pipelines'
import { describe, expect, it } from 'vitest'

const seed = fileURLToPath(new URL('../../corpus/004_ee66aee5bb630a0e.txt', import.meta.url))

describe('news-batch', () => {
  it('runs every stage over a seed article: cleaned text, language, entities', async () => {
    const { source, stages } = newsBatch([seed])
    const docs: Doc[] = []
    const quarantined: QuarantineEntry[] = []
    const stats = await pipeline(source, stages, async (stream) => {
      for await (const doc of stream) docs.push(doc)
    }, { onQuarantine: (entry) => quarantined.push(entry) })
    expect(quarantined).toEqual([])
    expect(stats).toMatchObject({ read: 1, written: 1, quarantined: 0 })
    const [doc] = docs
    expect(Object.keys(doc!.annotations).sort()).toEqual(['cleaning', 'duplicate', 'entities', 'input', 'language', 'meta', 'paragraphs'])
    expect(doc!.annotations.language?.lang).toBe('zh-Hant')
    expect(doc!.annotations.meta?.author).toBe('蘇和仲')
    const china = doc!.annotations.entities?.find((e) => e.text === '中國')
    expect(china?.type).toBe('LOC')
  }, 120_000)

  it('is the only named pipeline, and an unknown name is a config error', () => {
    expect(pipelineNames).toEqual(['news-batch'])
    expect(() => resolvePipeline('nightly', [seed])).toThrow(/unknown pipeline "nightly"; known: news-batch/)
  })
})
