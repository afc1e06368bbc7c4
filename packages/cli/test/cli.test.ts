import { mkdtemp, mkdir, readFile, readdir, writeFile, copyFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, seedCorpus } from './helpers.js'

const readJsonl = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, any>)

let inputDir: string
let seedNames: string[]

// A folder a user would really point the tool at: the five seed articles plus the bad inputs
// every batch eventually meets.
beforeAll(async () => {
  inputDir = await mkdtemp(join(tmpdir(), 'corpus-cli-'))
  seedNames = (await readdir(seedCorpus)).filter((f) => f.endsWith('.txt')).sort()
  await mkdir(join(inputDir, 'seed'))
  for (const name of seedNames) await copyFile(join(seedCorpus, name), join(inputDir, 'seed', name))
  await mkdir(join(inputDir, 'bad'))
  await writeFile(join(inputDir, 'bad', 'latin1.txt'), Buffer.from('Tin t\xf4i \xe0 H\xe0 N\xf4i', 'latin1'))
  await writeFile(join(inputDir, 'bad', 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))
  await writeFile(join(inputDir, 'bad', 'blank.md'), ' \n\t\n')
})

describe('corpus run', () => {
  it('writes the four outputs; every input ends up in exactly one place; exit 0 with quarantined inputs', async () => {
    const out = join(inputDir, 'out')
    const result = await runCli(['run', join(inputDir, 'seed'), join(inputDir, 'bad'), '--out', out])
    expect(result.stderr).not.toMatch(/E_INTERNAL|at .*\.js/)
    expect(result.code).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['documents.jsonl', 'quarantine.jsonl', 'report.json', 'report.md'])

    const documents = await readJsonl(join(out, 'documents.jsonl'))
    const quarantine = await readJsonl(join(out, 'quarantine.jsonl'))
    expect(documents).toHaveLength(seedNames.length)
    expect(quarantine.map((q) => [q.source.uri.split('/').pop(), q.stage, q.rule]).sort()).toEqual([
      ['blank.md', 'ingest', 'empty'],
      ['image.txt', 'ingest', 'binary'],
      ['latin1.txt', 'ingest', 'invalid-encoding'],
    ])
    for (const entry of quarantine) expect(entry.reason).toEqual(expect.any(String))
    // read = written + quarantined, as the report states it.
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))
    expect(report.run.stats.read).toBe(8)
    expect(report.run.stats.written + report.run.stats.quarantined).toBe(8)

    const chinese = documents.find((d) => d.text.includes('人工智慧熱潮與中國的恐懼'))!
    expect(chinese.annotations.language.lang).toBe('zh-Hant')
    expect(chinese.annotations.meta.title).toBe('【蘇和仲專欄】人工智慧熱潮與中國的恐懼')
    expect(chinese.annotations.entities.some((e: { id: string; text: string }) => e.text === '中國')).toBe(true)
    const vietnamese = documents.find((d) => d.text.startsWith('OpenAI chọc thủng'))!
    expect(vietnamese.annotations.language.lang).toBe('vi')
    expect(vietnamese.text).not.toContain('1719589951308.png')

    // Entity rows carry the knowledge base's English name, not one derived from a surface form.
    const names = new Map<string, string>(report.content.entities.map((e: { id: string; name: string }) => [e.id, e.name]))
    expect(names.get('loc:china')).toBe('China')
    expect([...names.values()]).not.toContain('Washington Dc')

    const markdown = await readFile(join(out, 'report.md'), 'utf8')
    expect(markdown).toContain('人工智慧熱潮與中國的恐懼')
    expect(markdown).toContain('invalid-encoding')
  })

  it('gives byte-identical documents and report content on a second run', async () => {
    const a = join(inputDir, 'det-a')
    const b = join(inputDir, 'det-b')
    expect((await runCli(['run', join(inputDir, 'seed'), '--out', a, '--quiet'])).code).toBe(0)
    expect((await runCli(['run', join(inputDir, 'seed'), '--out', b, '--quiet'])).code).toBe(0)
    expect(await readFile(join(b, 'documents.jsonl'), 'utf8')).toBe(await readFile(join(a, 'documents.jsonl'), 'utf8'))
    expect(await readFile(join(b, 'report.md'), 'utf8')).toBe(await readFile(join(a, 'report.md'), 'utf8'))
    const content = async (dir: string) => {
      const { run: _run, ...rest } = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))
      return rest
    }
    expect(await content(b)).toEqual(await content(a))
  })

  it('fails with one line on stderr and a non-zero code when the run itself cannot happen', async () => {
    const missingOut = await runCli(['run', join(inputDir, 'seed')])
    expect(missingOut.code).not.toBe(0)
    expect(missingOut.stderr.trim().split('\n')).toHaveLength(1)
    expect(missingOut.stderr).toMatch(/--out/)

    const blocker = join(inputDir, 'a-file')
    await writeFile(blocker, 'not a directory')
    const unwritable = await runCli(['run', join(inputDir, 'seed'), '--out', join(blocker, 'out'), '--quiet'])
    expect(unwritable.code).not.toBe(0)
    expect(unwritable.stderr.trim().split('\n')).toHaveLength(1)
    expect(unwritable.stderr).toMatch(/E_OUTPUT/)

    const missingInput = await runCli(['run', join(inputDir, 'does-not-exist'), '--out', join(inputDir, 'o2'), '--quiet'])
    expect(missingInput.code).not.toBe(0)
    expect(missingInput.stderr.trim().split('\n')).toHaveLength(1)

    const badFlag = await runCli(['run', join(inputDir, 'seed'), '--out', join(inputDir, 'o3'), '--near-duplicate-threshold', 'high'])
    expect(badFlag.code).toBe(2)
    expect(badFlag.stderr).toMatch(/near-duplicate-threshold must be a number/)

    // A worker heap limit too small to hold the models is refused before anything is read.
    const tinyHeap = await runCli(['run', join(inputDir, 'seed'), '--out', join(inputDir, 'o4'), '--worker-heap-mb', '16'])
    expect(tinyHeap.code).toBe(2)
    expect(tinyHeap.stderr).toMatch(/--worker-heap-mb must be 0 or at least 64, got 16/)
  })

  it('prints progress on stderr as plain lines when not a TTY, and nothing with --quiet', async () => {
    const loud = await runCli(['run', join(inputDir, 'seed'), '--out', join(inputDir, 'loud')])
    expect(loud.stderr).toMatch(/5 read, 5 written, 0 quarantined/)
    const quiet = await runCli(['run', join(inputDir, 'seed'), '--out', join(inputDir, 'quiet'), '--quiet'])
    expect(quiet.stderr).toBe('')
  })
})

describe('corpus ingest', () => {
  it('writes cleaned documents as JSONL on stdout and reads - from stdin', async () => {
    const result = await runCli(['ingest', join(inputDir, 'seed'), '--quiet'])
    expect(result.code).toBe(0)
    const docs = result.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(docs).toHaveLength(seedNames.length)
    expect(docs.every((d) => typeof d.id === 'string' && d.annotations.paragraphs.length > 0)).toBe(true)

    const fromStdin = await runCli(['ingest', '-', '--quiet'], { input: 'Hà Nội mở rộng thử nghiệm AI.\n\nBộ Tài chính Hoa Kỳ ban hành dự thảo quy định.' })
    expect(fromStdin.code).toBe(0)
    const [doc] = fromStdin.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(doc.text).toContain('Bộ Tài chính Hoa Kỳ')
  })
})

describe('corpus langid / entities on stdin', () => {
  const lines = [
    JSON.stringify({ id: 1, text: 'Trung Quốc bứt phá nhanh ở cuộc đua AI, nhưng có thể lại bị Mỹ bỏ xa do thiếu chip tiên tiến' }),
    '{not json',
    JSON.stringify({ id: 3, text: '中國在訓練人工智慧模型方面面臨嚴峻的挑戰' }),
    JSON.stringify({ id: 4, body: 'no text field' }),
    JSON.stringify({ id: 5, text: 'The Generative AI Rush and China’s Fear of Missing Out' }),
  ].join('\n')

  it('langid adds lang and confidence, one line per input line, errors in place', async () => {
    const result = await runCli(['langid', '--quiet'], { input: `${lines}\n` })
    expect(result.code).toBe(0)
    const out = result.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(out).toHaveLength(5)
    expect(out[0]).toMatchObject({ id: 1, lang: 'vi' })
    expect(out[1]).toEqual({ error: expect.stringMatching(/line 2/) })
    expect(out[2]).toMatchObject({ id: 3, lang: 'zh-Hant' })
    expect(out[3]).toEqual({ error: expect.stringMatching(/text/) })
    expect(out[4]).toMatchObject({ id: 5, lang: 'en' })
    for (const i of [0, 2, 4]) expect(out[i].confidence).toBeGreaterThan(0.5)
  })

  it('entities adds entities with canonical ids shared across languages', async () => {
    const result = await runCli(['entities', '--quiet'], { input: `${lines}\n` })
    expect(result.code).toBe(0)
    const out = result.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(out).toHaveLength(5)
    expect(out[1]).toEqual({ error: expect.any(String) })
    const idOf = (i: number, text: string) => out[i].entities.find((e: { text: string }) => e.text === text)?.id
    expect(idOf(0, 'Trung Quốc')).toBeDefined()
    expect(idOf(0, 'Trung Quốc')).toBe(idOf(2, '中國'))
    expect(idOf(0, 'Trung Quốc')).toBe(idOf(4, 'China'))
  })
})
