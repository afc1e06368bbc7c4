import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isCorrect, main } from '../src/eval/langid.js'
import { repoRoot } from './helpers.js'

function captureStdout(): { text: () => string } {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  return { text: () => out }
}

/** The row of `system` in the table that follows the line `heading`. */
function row(output: string, heading: string, system: string): string[] {
  const lines = output.split('\n')
  const at = lines.indexOf(heading)
  expect(at, heading).toBeGreaterThanOrEqual(0)
  const line = lines.slice(at + 1).find((l) => l.startsWith(`${system} `))
  expect(line, `${heading} / ${system}`).toBeDefined()
  return line!.trim().split(/\s+/).slice(1)
}

describe('corpus eval langid', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('scores the stage and a baseline on the same lines, per label and length bucket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-eval-langid-'))
    const file = join(dir, 'lines.jsonl')
    const lines = [
      { text: 'Các doanh nghiệp công nghệ của Việt Nam đang đầu tư mạnh vào trí tuệ nhân tạo.', lang: 'vi' },
      { text: 'Trung Quoc cam OpenAI', lang: 'vi' },
      { text: '此法既能解決運費高昂的問題，又可調節物價。', lang: 'zh-Hant', pair_id: 'p1' },
      { text: '此法既能解决运费高昂的问题，又可调节物价。', lang: 'zh-Hans', pair_id: 'p1' },
      { text: 'The government said the new rules would take effect next year.', lang: 'en' },
      { text: 'Le gouvernement a annoncé de nouvelles mesures pour soutenir les entreprises.', lang: 'fr' },
      { text: '1719589951308.png', lang: 'und' },
      { text: '你哋成日都唔幫我錄㗎啦。', lang: 'yue-Hant' },
    ]
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const out = captureStdout()
    const code = await main([file, '--only', 'corpus,franc'])
    expect(code).toBe(0)
    const text = out.text()
    expect(text).toMatch(/^8 lines, /)
    // gold vi: one line of 21-50 characters, one of 51-200.
    expect(row(text, 'gold vi', 'n')).toEqual(['0', '1', '1', '0', '2'])
    expect(row(text, 'gold vi', 'corpus')).toEqual(['-', '100.0', '100.0', '-', '100.0'])
    expect(row(text, 'gold zh-Hant', 'corpus').at(-1)).toBe('100.0')
    // franc cannot tell the scripts apart.
    expect(row(text, 'gold zh-Hant', 'franc').at(-1)).toBe('0.0')
    const summary = row(text, 'summary', 'corpus')
    expect(summary.slice(0, 5)).toEqual(['100.0', '100.0', '100.0', '100.0', '100.0'])
    expect(Number(summary[5])).toBeGreaterThan(0)
    expect(text).toContain('confusion: corpus')
    expect(text).toContain('confusion: franc')
  })

  it('applies the scoring rules of the data README', () => {
    expect(isCorrect('zh', { lang: 'zh-Hans' })).toBe(true)
    expect(isCorrect('zh', { lang: 'yue' })).toBe(true)
    expect(isCorrect('zh-Hant', { lang: 'zh' })).toBe(false)
    expect(isCorrect('yue-Hant', { lang: 'yue' })).toBe(true)
    expect(isCorrect('yue-Hant', { lang: 'zh-Hant' })).toBe(false)
    expect(isCorrect('mixed', { lang: 'zh-Hant', spans: [{}] })).toBe(true)
    expect(isCorrect('mixed', { lang: 'zh-Hant' })).toBe(false)
  })

  const seedGold = `${repoRoot}../shared/data/seed-gold/lines.jsonl`
  it.runIf(existsSync(seedGold))('evaluates the seed articles line labels', async () => {
    const out = captureStdout()
    const code = await main(['--seed-gold', seedGold, '--corpus', `${repoRoot}corpus`, '--only', 'corpus'])
    expect(code).toBe(0)
    const text = out.text()
    expect(text).toMatch(/^186 lines, /)
    expect(Number(row(text, 'gold zh-Hant', 'corpus').at(-1))).toBe(100)
    expect(Number(row(text, 'gold vi', 'corpus').at(-1))).toBeGreaterThanOrEqual(99)
    expect(Number(row(text, 'gold und', 'corpus').at(-1))).toBe(100)
    expect(Number(row(text, 'gold mixed', 'corpus').at(-1))).toBe(100)
  })

  it('needs at least one input', async () => {
    await expect(main([])).rejects.toMatchObject({ code: 'E_CONFIG' })
  })
})
