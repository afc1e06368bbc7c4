import { createDoc, runStage } from '@corpus/core'
import { detectLanguage, identify } from '@corpus/langid'
import { expect, test } from 'vitest'

// Deterministic pseudo-random text mixing every script the stage knows, digits, punctuation,
// surrogate pairs, lone surrogates and combining marks (mulberry32, fixed seed).
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const PIECES = [
  'Trung Quốc ', 'nguoi ', 'the ', 'OpenAI ', '臺灣', '台湾', '嘅', 'の', '한국어 ', 'ไทย ', 'Москва ', 'مرحبا ', '\u0301', '\ud800',
  '😀', '𠮶', '2024 ', '.png ', 'https://x.vn/a ', '\n', '\n\n', '  ', '«', '»', '—', 'e\u0301', 'ẹ́', "don't ", 'ABC ', 'w9x ',
]
function text(next: () => number): string {
  let out = ''
  const n = Math.floor(next() * 40)
  for (let i = 0; i < n; i++) out += PIECES[Math.floor(next() * PIECES.length)]
  return out
}

test('identify never throws and keeps its promises on any text', () => {
  const next = random(20241228)
  for (let i = 0; i < 500; i++) {
    const t = text(next)
    const result = identify(t)
    expect(result.confidence).toBeGreaterThanOrEqual(0)
    expect(result.confidence).toBeLessThanOrEqual(1)
    const total = Object.values(result.shares).reduce((a, b) => a + b, 0)
    if (result.lang === 'und') expect(result.shares).toEqual({})
    else expect(total).toBeCloseTo(1, 3)
    for (const span of result.spans) {
      expect(span.start).toBeGreaterThanOrEqual(0)
      expect(span.end).toBeLessThanOrEqual(t.length)
      expect(span.start).toBeLessThan(span.end)
      expect(span.lang).not.toBe(result.lang)
    }
    expect(identify(t)).toEqual(result)
  }
})

test('the stage keeps every document, in order, and changes nothing but language', async () => {
  const next = random(7)
  const docs = Array.from({ length: 120 }, (_, i) => createDoc({ id: `d${i}`, text: text(next), source: { uri: 'fuzz', index: i } }))
  const { docs: out, quarantined, stats } = await runStage(detectLanguage(), docs)
  expect(quarantined).toEqual([])
  expect(stats.read).toBe(120)
  expect(out.map((d) => d.id)).toEqual(docs.map((d) => d.id))
  out.forEach((doc, i) => {
    const { language, ...rest } = doc.annotations
    expect(rest).toEqual(docs[i]!.annotations)
    expect(doc.text).toBe(docs[i]!.text)
    for (const p of language!.paragraphs) {
      expect(p.start).toBeGreaterThanOrEqual(0)
      expect(p.end).toBeLessThanOrEqual(doc.text.length)
      for (const s of p.spans) {
        expect(s.start).toBeGreaterThanOrEqual(p.start)
        expect(s.end).toBeLessThanOrEqual(p.end)
      }
    }
  })
})
