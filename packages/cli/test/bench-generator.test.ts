import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { formatSize, generateCorpus, loadTextPools, parseSize } from '../src/bench/generate.js'

const root = mkdtempSync(join(tmpdir(), 'corpus-gen-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort()
}

function digest(dir: string): string {
  const hash = createHash('sha256')
  for (const file of listFiles(dir)) hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0')
  return hash.digest('hex')
}

const pools = loadTextPools()

describe('generateCorpus', () => {
  test('same seed and size give byte-identical files; another seed gives other files', () => {
    const a = generateCorpus({ dir: join(root, 'a'), bytes: 300_000, seed: 7 }, pools)
    const b = generateCorpus({ dir: join(root, 'b'), bytes: 300_000, seed: 7 }, pools)
    const c = generateCorpus({ dir: join(root, 'c'), bytes: 300_000, seed: 8 }, pools)
    expect(digest(join(root, 'a'))).toBe(digest(join(root, 'b')))
    expect(a).toEqual(b)
    expect(digest(join(root, 'c'))).not.toBe(digest(join(root, 'a')))
    expect(c.sourcesDigest).toBe(a.sourcesDigest)
  })

  test('the manifest matches the files written, and the size is reached without overshooting much', () => {
    const dir = join(root, 'm')
    const manifest = generateCorpus({ dir, bytes: 500_000 }, pools)
    const files = listFiles(dir)
    const total = files.reduce((sum, f) => sum + readFileSync(join(dir, f)).length, 0)
    expect(manifest.files).toBe(files.length)
    expect(manifest.bytes).toBe(total)
    expect(total).toBeGreaterThanOrEqual(500_000)
    expect(total).toBeLessThan(500_000 + 400_000)
    // Folders of at most 1000 files, names sorting in generation order.
    expect(files[0]).toBe('0000/0000000.md')
  })

  test('a tiny corpus still holds every kind: bad files, exact and near duplicates, mixed text, every format', () => {
    const dir = join(root, 'kinds')
    const manifest = generateCorpus({ dir, bytes: 200_000 }, pools)
    for (const kind of ['news', 'single', 'mixed', 'exact-duplicate', 'near-duplicate', 'invalid-utf8', 'binary', 'empty']) {
      expect(manifest.kinds[kind], kind).toBeGreaterThan(0)
    }
    expect(manifest.badFiles.length).toBe((manifest.kinds['invalid-utf8'] ?? 0) + (manifest.kinds.binary ?? 0) + (manifest.kinds.empty ?? 0))

    const strict = new TextDecoder('utf-8', { fatal: true })
    let invalid = 0
    let binary = 0
    let empty = 0
    for (const rel of manifest.badFiles) {
      const bytes = readFileSync(join(dir, rel))
      if (bytes.toString('utf8').trim() === '') empty += 1
      else if (bytes.includes(0)) binary += 1
      else {
        expect(() => strict.decode(bytes), rel).toThrow()
        invalid += 1
      }
    }
    expect({ invalid, binary, empty }).toEqual({
      invalid: manifest.kinds['invalid-utf8'],
      binary: manifest.kinds.binary,
      empty: manifest.kinds.empty,
    })
    // Every other file is well-formed text: UTF-8 (maybe with BOM) or UTF-16 LE with a BOM.
    const bad = new Set(manifest.badFiles)
    for (const rel of listFiles(dir).filter((f) => !bad.has(f))) {
      const bytes = readFileSync(join(dir, rel))
      if (bytes[0] === 0xff && bytes[1] === 0xfe) continue
      expect(() => strict.decode(bytes), rel).not.toThrow()
    }
  })

  test('documents recombine real text: seed-article paragraphs and dev sentences appear verbatim, in several scripts', () => {
    const dir = join(root, 'text')
    generateCorpus({ dir, bytes: 300_000 }, pools)
    const all = listFiles(dir)
      .filter((f) => f.endsWith('.txt') || f.endsWith('.md'))
      .map((f) => readFileSync(join(dir, f)).toString('utf8').normalize('NFC'))
      .join('\n')
    const seedLine = pools.articles.length > 0 ? (pools.sentences.vi ?? []).find((s) => all.includes(s)) : undefined
    expect(seedLine).toBeDefined()
    expect(all).toMatch(/\p{Script=Han}{10}/u)
    expect(all).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u)
    expect(all).toMatch(/\b(the|and|of)\b/)
  })

  test('sizes parse with decimal units and print back', () => {
    expect(parseSize('10MB')).toBe(10_000_000)
    expect(parseSize('1GB')).toBe(1_000_000_000)
    expect(parseSize('500kB')).toBe(500_000)
    expect(parseSize('2.5mb')).toBe(2_500_000)
    expect(parseSize('4096')).toBe(4096)
    expect(() => parseSize('ten')).toThrow(/size must look like/)
    expect(formatSize(100_000_000)).toBe('100MB')
    expect(formatSize(1_000_000_000)).toBe('1GB')
  })
})
