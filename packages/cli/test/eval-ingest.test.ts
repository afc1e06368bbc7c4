import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from '../src/eval/ingest.js'
import { repoRoot } from './helpers.js'

const goldDir = `${repoRoot}../shared/data/seed-gold`

function captureStdout(): { text: () => string } {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  return { text: () => out }
}

describe.runIf(existsSync(goldDir))('corpus eval ingest', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('scores the cleaner on the seed gold and meets the target', async () => {
    const out = captureStdout()
    const code = await main(['--json', '--check', '--gold-dir', goldDir])
    const result = JSON.parse(out.text()) as {
      total: { lines: number; bodyRecall: number; boilerplateRecall: number }
      metaAccuracy: Record<string, number>
      documents: { doc: string; found: boolean }[]
      quarantined: unknown[]
    }
    expect(code).toBe(0)
    expect(result.documents.map((d) => d.found)).toEqual([true, true, true, true, true])
    expect(result.quarantined).toEqual([])
    expect(result.total.lines).toBe(186)
    expect(result.total.boilerplateRecall).toBeGreaterThanOrEqual(0.95)
    expect(result.total.bodyRecall).toBeGreaterThanOrEqual(0.99)
    expect(result.metaAccuracy).toMatchObject({ title: 1, date: 1, sources: 1 })
  })

  it('prints a table per document and a total', async () => {
    const out = captureStdout()
    expect(await main(['--gold-dir', goldDir])).toBe(0)
    expect(out.text()).toMatch(/^001_23935d7d7433ec8e\s+\d+\s+[01]\.\d{3}/m)
    expect(out.text()).toMatch(/^total\s+186\s/m)
    expect(out.text()).toMatch(/metadata accuracy: title 1\.000/)
  })

  it('fails with a config error when the gold folder is missing', async () => {
    await expect(main(['--gold-dir', '/nonexistent/gold'])).rejects.toMatchObject({ code: 'E_CONFIG' })
  })
})
