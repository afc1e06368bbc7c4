import { createDoc, runStage } from '@corpus/core'
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { stage } from './helpers.js'

// Text from the three scripts and the punctuation the rules look at, mixed at random.
const pieces = fc.constantFrom(
  'Trung Quốc', 'OpenAI', 'ngày 25/6', 'Bộ Tài chính Hoa Kỳ', '中國', '英偉達', '·', '梅加', '2023年10月', '數十億美元', 'Nvidia',
  ' ', '\n', '\n\n', ',', '.', '(', ')', '“', '97%', 'ông', 'Tuy', 'The', 'U.S.', '-', 'x', 'Ý', '華', '公司', '大學', 'Anh', '🙂',
)
const texts = fc.oneof(fc.array(pieces, { maxLength: 30 }).map((a) => a.join('')), fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 80 }))

test.prop([fc.array(texts, { minLength: 1, maxLength: 4 })], { numRuns: 60, seed: 4 })(
  'never throws, keeps every document in order, and offsets re-slice to the text',
  async (inputs) => {
    const docs = inputs.map((text, i) => createDoc({ id: `p${i}`, text, source: { uri: 'prop', index: i } }))
    const run = await runStage(stage, docs)
    expect(run.quarantined).toEqual([])
    expect(run.stats.read).toBe(run.stats.written + run.stats.quarantined)
    expect(run.docs.map((d) => d.id)).toEqual(docs.map((d) => d.id))
    for (const d of run.docs) {
      const list = d.annotations.entities ?? []
      let end = 0
      for (const m of list) {
        expect(d.text.slice(m.start, m.end)).toBe(m.text)
        expect(m.start).toBeGreaterThanOrEqual(end)
        end = m.end
      }
    }
    const again = await runStage(stage, docs)
    expect(JSON.stringify(again.docs)).toBe(JSON.stringify(run.docs))
  },
)
