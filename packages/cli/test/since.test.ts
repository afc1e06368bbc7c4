import { copyFile, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, seedCorpus } from './helpers.js'

// The daily batch: yesterday's report is the baseline of today's "what changed" section.
describe('corpus run --since', () => {
  it('reports new documents and languages against a previous report, and nothing on a re-run', async () => {
    const work = await mkdtemp(join(tmpdir(), 'corpus-since-'))
    const names = (await readdir(seedCorpus)).filter((f) => f.endsWith('.txt')).sort()
    await mkdir(join(work, 'day1'))
    await mkdir(join(work, 'day2'))
    // Day 1: the Vietnamese articles only; day 2 adds the Traditional Chinese one.
    for (const name of names) {
      const target = name.startsWith('004') ? ['day2'] : ['day1', 'day2']
      for (const dir of target) await copyFile(join(seedCorpus, name), join(work, dir, name))
    }
    const first = await runCli(['run', join(work, 'day1'), '--out', join(work, 'out1'), '--quiet'])
    expect(first.code).toBe(0)
    const second = await runCli(['run', join(work, 'day2'), '--out', join(work, 'out2'), '--quiet', '--since', join(work, 'out1', 'report.json')])
    expect(second.code).toBe(0)
    const markdown = await readFile(join(work, 'out2', 'report.md'), 'utf8')
    expect(markdown).toContain('## What changed')
    expect(markdown).toContain('zh-Hant')
    expect(markdown).toContain('人工智慧熱潮與中國的恐懼')

    const again = await runCli(['run', join(work, 'day2'), '--out', join(work, 'out3'), '--quiet', '--since', join(work, 'out2', 'report.json')])
    expect(again.code).toBe(0)
    expect(await readFile(join(work, 'out3', 'report.md'), 'utf8')).toContain('Nothing changed since the previous report')

    await writeFile(join(work, 'not-a-report.json'), JSON.stringify({ hello: 'world' }))
    const bad = await runCli(['run', join(work, 'day2'), '--out', join(work, 'out4'), '--quiet', '--since', join(work, 'not-a-report.json')])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/--since: .*not a report\.json/)
  }, 240_000)
})
