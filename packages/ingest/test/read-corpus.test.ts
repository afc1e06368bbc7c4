import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { isCorpusError } from '@corpus/core'
import { contentId, decodeBytes, readCorpus } from '@corpus/ingest'
import { describe, expect, it } from 'vitest'
import { collect, seedNames, seedPath, seedText, streamOf, tempTree } from './helpers.js'

const VI = 'Tiếng Việt là ngôn ngữ chính thức của Việt Nam. Trung Quốc bứt phá nhanh ở cuộc đua AI.'
const ZH = '新興人工智慧技術控制權的持續地緣政治衝突越來越多地涉及軟體和硬體。'
const utf16le = (text: string): Uint8Array => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
const utf16be = (text: string): Uint8Array => {
  const le = Buffer.from(text, 'utf16le')
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!]
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le])
}

describe('decodeBytes', () => {
  it('decodes UTF-8 with and without BOM, UTF-16 LE/BE with BOM, to the same NFC text', () => {
    const plain = decodeBytes(Buffer.from(VI))
    expect(plain).toEqual({ text: VI })
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VI)]))).toEqual({ text: VI })
    expect(decodeBytes(utf16le(VI))).toEqual({ text: VI })
    expect(decodeBytes(utf16be(ZH))).toEqual({ text: ZH })
  })

  it('turns decomposed Vietnamese into the precomposed form and CRLF/CR into LF', () => {
    const nfd = VI.normalize('NFD')
    expect(nfd).not.toBe(VI)
    expect(decodeBytes(Buffer.from(`${nfd}\r\nDòng hai\rDòng ba`))).toEqual({ text: `${VI}\nDòng hai\nDòng ba` })
  })

  it('names the rule for invalid bytes, binary data and empty text', () => {
    expect(decodeBytes(Buffer.concat([Buffer.from('Xin chào '), Buffer.from([0xc3, 0x28]), Buffer.from(' thế giới')]))).toMatchObject({
      rule: 'invalid-encoding',
      reason: expect.stringMatching(/UTF-8.*offset 1[0-9]/),
    })
    expect(decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toMatchObject({ rule: 'binary' })
    expect(decodeBytes(Buffer.from('\u0001\u0002\u0003\u0004abc\u0005'))).toMatchObject({ rule: 'binary' })
    expect(decodeBytes(new Uint8Array())).toMatchObject({ rule: 'empty' })
    expect(decodeBytes(Buffer.from(' \n\t\u00a0\r\n'))).toMatchObject({ rule: 'empty', reason: expect.stringContaining('whitespace') })
    // An odd number of bytes after a UTF-16 BOM cannot be UTF-16.
    expect(decodeBytes(Buffer.concat([utf16le('Xin'), Buffer.from([0x41])]))).toMatchObject({ rule: 'invalid-encoding' })
  })
})

describe('readCorpus: files', () => {
  it('quarantines each bad input with its own rule and reads the good ones, in path order', async () => {
    const root = tempTree({
      'a-utf8.txt': VI,
      'b-bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VI)]),
      'c-utf16le.txt': utf16le(ZH),
      'd-utf16be.txt': utf16be(ZH),
      'e-invalid.txt': Buffer.concat([Buffer.from(VI), Buffer.from([0xff, 0xfe, 0x80])]),
      'f-binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      'g-empty.txt': '',
      'h-blank.md': ' \n\n\t \n',
      'i-large.txt': `${VI}\n`.repeat(50),
      'j-crlf.txt': `${VI.normalize('NFD')}\r\n\r\n${ZH}\r\n`,
    })
    const { docs, quarantined, stats } = await collect(readCorpus([root], { maxBytes: 2000 }))
    expect(docs.map((d) => d.source.uri.slice(root.length + 1))).toEqual(['a-utf8.txt', 'b-bom.txt', 'c-utf16le.txt', 'd-utf16be.txt', 'j-crlf.txt'])
    expect(docs.map((d) => d.text)).toEqual([VI, VI, ZH, ZH, `${VI}\n\n${ZH}\n`])
    expect(docs[0]?.id).toBe(contentId(VI))
    expect(docs[1]?.id).toBe(docs[0]?.id)
    expect(docs[0]?.annotations.input).toMatchObject({ format: 'txt', name: 'a-utf8', bytes: Buffer.byteLength(VI), externalId: null })
    expect(quarantined.map((q) => [q.source.uri.slice(root.length + 1), q.stage, q.rule, q.kind])).toEqual([
      ['e-invalid.txt', 'ingest', 'invalid-encoding', 'invalid'],
      ['f-binary.txt', 'ingest', 'binary', 'invalid'],
      ['g-empty.txt', 'ingest', 'empty', 'skipped'],
      ['h-blank.md', 'ingest', 'empty', 'skipped'],
      ['i-large.txt', 'ingest', 'too-large', 'skipped'],
    ])
    expect(quarantined.find((q) => q.rule === 'too-large')?.reason).toMatch(/bytes > maxBytes 2000/)
    expect(stats).toMatchObject({ read: 10, written: 5, quarantined: 5 })
  })

  it('reads a seed article as given: uri as given, name without extension, NFC text unchanged', async () => {
    const path = seedPath(seedNames[1])
    const { docs, quarantined } = await collect(readCorpus([path]))
    expect(quarantined).toEqual([])
    expect(docs).toHaveLength(1)
    expect(docs[0]).toMatchObject({ text: seedText(seedNames[1]), source: { uri: path, index: 0 }, id: contentId(seedText(seedNames[1])) })
    expect(docs[0]?.annotations.input?.name).toBe('001_23935d7d7433ec8e')
  })

  it('fails the run with E_INPUT and a one-line message when a given path does not exist', async () => {
    const root = tempTree({ 'a.txt': VI })
    const missing = join(root, 'nope', 'missing.txt')
    const error = await collect(readCorpus([join(root, 'a.txt'), missing])).catch((e: unknown) => e)
    expect(isCorpusError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'E_INPUT' })
    expect((error as Error).message).toContain(missing)
    expect((error as Error).message).not.toContain('\n')
  })

  it('checks its options when called', () => {
    expect(() => readCorpus([])).toThrow(/paths/)
    expect(() => readCorpus(['x'], { maxBytes: -1 })).toThrow(/maxBytes/)
    expect(() => readCorpus(['x'], { concurrency: 0 })).toThrow(/concurrency/)
    expect(() => readCorpus(['-', '-'])).toThrow(/once/)
    expect(() => readCorpus(['x'], { include: [''] })).toThrow(/include/)
  })
})

describe('readCorpus: folders', () => {
  const tree = {
    'b/z.txt': `Bài b/z. ${VI}`,
    'b/a.md': `# Tiêu đề\n\nBài b/a với **chữ đậm** và [liên kết](https://example.com). ${VI}`,
    'a.txt': `Bài a. ${VI}`,
    'a-b.txt': `Bài a-b. ${VI}`,
    'drafts/x.txt': `Bản nháp. ${VI}`,
    'notes.csv': 'không,phải,văn,bản',
    '.hidden/y.txt': `Ẩn. ${VI}`,
    'c/d/e/deep.html': `<html><body><article><h1>Sâu</h1><p>Bài sâu. ${VI}</p></article></body></html>`,
  }

  it('recurses in full-path order, reading only known extensions and skipping hidden folders', async () => {
    const root = tempTree(tree)
    const { docs, quarantined } = await collect(readCorpus([root]))
    expect(quarantined).toEqual([])
    expect(docs.map((d) => d.source.uri.slice(root.length + 1))).toEqual(['a-b.txt', 'a.txt', 'b/a.md', 'b/z.txt', 'c/d/e/deep.html', 'drafts/x.txt'])
    expect(docs.find((d) => d.source.uri.endsWith('a.md'))?.text).toBe(`Tiêu đề\n\nBài b/a với chữ đậm và liên kết. ${VI}`)
    expect(docs.find((d) => d.source.uri.endsWith('deep.html'))?.text).toBe(`Sâu\n\nBài sâu. ${VI}`)
  })

  it('applies include and exclude globs (a pattern without / matches file names at any depth)', async () => {
    const root = tempTree(tree)
    const onlyTxt = await collect(readCorpus([root], { include: ['*.txt'], exclude: ['drafts/**'] }))
    expect(onlyTxt.quarantined).toEqual([])
    expect(onlyTxt.docs.map((d) => d.source.uri.slice(root.length + 1))).toEqual(['a-b.txt', 'a.txt', 'b/z.txt'])
    const csvToo = await collect(readCorpus([root], { include: ['**/*.csv', 'b/**'], exclude: ['*.md'] }))
    expect(csvToo.quarantined).toEqual([])
    expect(csvToo.docs.map((d) => d.source.uri.slice(root.length + 1))).toEqual(['b/z.txt', 'notes.csv'])
  })

  it('keeps the given folder path in uris and reads files named explicitly whatever their extension', async () => {
    const root = tempTree(tree)
    const { docs, quarantined } = await collect(readCorpus([join(root, 'notes.csv'), join(root, 'b')], { concurrency: 1 }))
    expect(quarantined).toEqual([])
    expect(docs.map((d) => d.source.uri)).toEqual([join(root, 'notes.csv'), join(root, 'b/a.md'), join(root, 'b/z.txt')])
    expect(docs[0]?.annotations.input?.format).toBe('txt')
  })

  it('reads a named pipe given as a path to its end (fstat size 0: read as a stream)', async () => {
    const root = tempTree({ 'a.txt': VI })
    const fifo = join(root, 'pipe.txt')
    execFileSync('mkfifo', [fifo])
    // The writer opens the pipe only after the reader has started and writes less than a pipe holds.
    const writer = spawn('sh', ['-c', `sleep 0.2; printf '%s' "$0" > "$1"`, ZH, fifo])
    const exited = once(writer, 'exit')
    const { docs, quarantined } = await collect(readCorpus([join(root, 'a.txt'), fifo]))
    expect(await exited).toEqual([0, null])
    expect(quarantined).toEqual([])
    expect(docs.map((d) => [d.source.uri, d.text])).toEqual([[join(root, 'a.txt'), VI], [fifo, ZH]])
  })

  it('quarantines a broken link inside a folder as unreadable and reads the rest', async () => {
    const root = tempTree({ 'a.txt': VI, 'c.txt': ZH })
    symlinkSync(join(root, 'missing-target.txt'), join(root, 'b.txt'))
    const { docs, quarantined, stats } = await collect(readCorpus([root]))
    expect(docs.map((d) => d.text)).toEqual([VI, ZH])
    expect(quarantined.map((q) => [q.source.uri.slice(root.length + 1), q.stage, q.rule, q.kind])).toEqual([['b.txt', 'ingest', 'unreadable', 'failed']])
    expect(quarantined[0]?.reason).toMatch(/broken link/)
    expect(stats).toMatchObject({ read: 3, written: 2, quarantined: 1 })
  })

  it('reads the seed corpus folder: five documents, nothing quarantined', async () => {
    const { docs, quarantined, stats } = await collect(readCorpus([seedPath(seedNames[0]).replace(/[^/]+$/, '')]))
    expect(quarantined).toEqual([])
    expect(docs.map((d) => d.annotations.input?.name)).toEqual([...seedNames])
    expect(stats).toMatchObject({ read: 5, written: 5, quarantined: 0 })
  })
})

describe('readCorpus: JSONL', () => {
  it('reads one document per line; a bad line is quarantined with its own rule and the rest continue', async () => {
    const lines = [
      JSON.stringify({ id: 'vn-1', title: 'Tiêu đề một', url: 'https://vnexpress.net/a', date: '28/12/2024 13:12', text: VI }),
      '{"id": "broken", "text": "unterminated',
      '',
      JSON.stringify({ text: ZH, author: '蘇和仲' }),
      JSON.stringify(['not', 'an', 'object']),
      JSON.stringify({ id: 7, text: 42 }),
      JSON.stringify({ id: 8, text: '   ' }),
      JSON.stringify({ id: 9, text: VI.normalize('NFD'), title: 5 }),
    ]
    const root = tempTree({ 'news.jsonl': `${lines.join('\r\n')}\n` })
    const bad = Buffer.concat([Buffer.from('{"text": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')])
    const root2 = tempTree({ 'x.jsonl': Buffer.concat([Buffer.from(`${JSON.stringify({ text: ZH })}\n`), bad]) })
    const { docs, quarantined, stats } = await collect(readCorpus([join(root, 'news.jsonl'), join(root2, 'x.jsonl')]))
    expect(docs.map((d) => [d.source.index, d.text])).toEqual([
      [0, VI],
      [3, ZH],
      [7, VI],
      [0, ZH],
    ])
    expect(docs[0]?.id).toBe(contentId(VI))
    expect(docs[0]?.annotations.input).toMatchObject({
      format: 'jsonl',
      name: 'vn-1',
      externalId: 'vn-1',
      title: 'Tiêu đề một',
      url: 'https://vnexpress.net/a',
      date: '2024-12-28',
      datetime: '2024-12-28T13:12',
    })
    expect(docs[1]?.annotations.input).toMatchObject({ name: 'news:4', externalId: null, author: '蘇和仲' })
    expect(docs[2]?.annotations.input).toMatchObject({ externalId: '9', title: null })
    expect(docs[2]?.notes).toEqual([{ stage: 'ingest', rule: 'ignored-field', reason: 'line 8: field "title" must be a string, got number' }])
    expect(quarantined.map((q) => [q.source.index, q.rule])).toEqual([
      [1, 'invalid-jsonl-record'],
      [4, 'invalid-jsonl-record'],
      [5, 'invalid-jsonl-record'],
      [6, 'empty'],
      [1, 'invalid-encoding'],
    ])
    expect(quarantined[0]?.reason).toMatch(/^line 2: not JSON/)
    expect(quarantined[2]?.reason).toBe('line 6: field "text" must be a string, got number')
    expect(stats).toMatchObject({ read: 9, written: 4, quarantined: 5 })
    expect(stats.counters['ingest/jsonl-blank-lines']).toBe(1)
  })

  it('applies maxBytes per line and quarantines a JSONL file without records as empty', async () => {
    const long = JSON.stringify({ text: `${VI} `.repeat(40) })
    const root = tempTree({ 'a.jsonl': `${JSON.stringify({ text: VI })}\n${long}\n${JSON.stringify({ text: ZH })}`, 'b.jsonl': '\n\n' })
    const { docs, quarantined } = await collect(readCorpus([root], { maxBytes: 1000 }))
    expect(docs.map((d) => d.text)).toEqual([VI, ZH])
    expect(quarantined.map((q) => [q.source.uri.slice(root.length + 1), q.source.index, q.rule])).toEqual([
      ['a.jsonl', 1, 'too-large'],
      ['b.jsonl', 0, 'empty'],
    ])
  })

  it('reads a UTF-16 JSONL file with BOM', async () => {
    const root = tempTree({ 'u.jsonl': utf16le(`${JSON.stringify({ id: 'a', text: ZH })}\n${JSON.stringify({ id: 'b', text: VI })}\n`) })
    const { docs, quarantined } = await collect(readCorpus([root]))
    expect(quarantined).toEqual([])
    expect(docs.map((d) => [d.annotations.input?.externalId, d.text])).toEqual([
      ['a', ZH],
      ['b', VI],
    ])
  })
})

describe('readCorpus: stdin', () => {
  it('reads "-" from the injected stream, between the other inputs, in order', async () => {
    const root = tempTree({ 'a.txt': ZH })
    const { docs, quarantined } = await collect(readCorpus(['-', join(root, 'a.txt')], { stdin: streamOf(Buffer.from(VI.slice(0, 10)), Buffer.from(VI.slice(10))) }))
    expect(quarantined).toEqual([])
    expect(docs.map((d) => [d.source.uri, d.text, d.annotations.input?.format])).toEqual([
      ['stdin', VI, 'stdin'],
      [join(root, 'a.txt'), ZH, 'txt'],
    ])
  })

  it('decodes stdin bytes split inside a character, and quarantines a too-large or invalid stdin', async () => {
    const bytes = Buffer.from(ZH)
    const split = await collect(readCorpus(['-'], { stdin: streamOf(bytes.subarray(0, 4), bytes.subarray(4)) }))
    expect(split.docs.map((d) => d.text)).toEqual([ZH])
    expect(split.quarantined).toEqual([])
    const large = await collect(readCorpus(['-'], { stdin: streamOf(VI, VI), maxBytes: 150 }))
    expect(large.docs).toEqual([])
    expect(large.quarantined.map((q) => [q.source.uri, q.rule])).toEqual([['stdin', 'too-large']])
    const invalid = await collect(readCorpus(['-'], { stdin: streamOf(Buffer.from([0x61, 0xff, 0x62])) }))
    expect(invalid.docs).toEqual([])
    expect(invalid.quarantined.map((q) => q.rule)).toEqual(['invalid-encoding'])
  })

  it('streams JSONL from stdin when stdinFormat is jsonl', async () => {
    const input = `${JSON.stringify({ id: 'x', text: VI })}\nnot json\n${JSON.stringify({ text: ZH })}\n`
    const { docs, quarantined } = await collect(readCorpus(['-'], { stdin: streamOf(input.slice(0, 30), input.slice(30)), stdinFormat: 'jsonl' }))
    expect(docs.map((d) => [d.source.index, d.annotations.input?.name, d.text])).toEqual([
      [0, 'x', VI],
      [2, 'stdin:3', ZH],
    ])
    expect(quarantined.map((q) => [q.source.uri, q.source.index, q.rule])).toEqual([['stdin', 1, 'invalid-jsonl-record']])
  })
})

describe('readCorpus: HTML main text', () => {
  const page = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Trung Quốc bứt phá nhanh ở cuộc đua AI - Báo Mẫu</title>
<meta property="og:title" content="Trung Quốc bứt phá nhanh ở cuộc đua AI">
<meta property="article:published_time" content="2024-12-28T13:12:00+07:00">
<meta name="author" content="Sơn Vân">
<link rel="canonical" href="https://example.vn/trung-quoc-but-pha">
<style>.x { color: red }</style><script>var tracking = "Đăng nhập";</script></head>
<body>
<header class="site-header"><a href="/">Trang chủ</a></header>
<nav><ul><li>Thời sự</li><li>Công nghệ</li></ul></nav>
<main>
<article>
  <h1>Trung Quốc bứt phá nhanh ở cuộc đua AI</h1>
  <p class="sapo">Đầu tư mạnh mẽ &amp; cách tiếp cận <b>mã nguồn mở</b> đã đưa Trung Quốc lên vị trí hàng đầu.</p>
  <figure><img src="ai.jpg" alt="AI"><figcaption>Cuộc triển lãm tại Thượng Hải - Ảnh: AFP</figcaption></figure>
  <p>Shi Yuxiang háo hức muốn tìm hiểu<br>công nghệ AI mới nhất.</p>
  <div class="share-buttons"><a>Facebook</a><a>Zalo</a></div>
  <aside><h3>Bài liên quan</h3><p>OpenAI giới thiệu mô hình o3</p></aside>
  <p hidden>Nội dung ẩn</p>
</article>
</main>
<footer>POWERED BY ONECMS</footer>
</body></html>`

  it('keeps the article text block by block and drops markup, scripts, navigation, asides and footers', async () => {
    const root = tempTree({ 'page.html': page })
    const { docs, quarantined } = await collect(readCorpus([root]))
    expect(quarantined).toEqual([])
    expect(docs[0]?.text).toBe(
      [
        'Trung Quốc bứt phá nhanh ở cuộc đua AI',
        'Đầu tư mạnh mẽ & cách tiếp cận mã nguồn mở đã đưa Trung Quốc lên vị trí hàng đầu.',
        'Cuộc triển lãm tại Thượng Hải - Ảnh: AFP',
        'Shi Yuxiang háo hức muốn tìm hiểu',
        'công nghệ AI mới nhất.',
      ].join('\n\n'),
    )
    expect(docs[0]?.annotations.input).toMatchObject({
      format: 'html',
      title: 'Trung Quốc bứt phá nhanh ở cuộc đua AI',
      author: 'Sơn Vân',
      date: '2024-12-28',
      datetime: '2024-12-28T13:12',
      url: 'https://example.vn/trung-quoc-but-pha',
    })
  })

  it('without an article element keeps all visible blocks, and quarantines a page with no text', async () => {
    const root = tempTree({
      'plain.htm': `<html><body><div><p>${VI}</p><script>alert(1)</script><p>${ZH}</p></div></body></html>`,
      'blank.html': '<html><head><title>Trống</title></head><body><script>x()</script></body></html>',
    })
    const { docs, quarantined } = await collect(readCorpus([root]))
    expect(docs.map((d) => d.text)).toEqual([`${VI}\n\n${ZH}`])
    expect(quarantined.map((q) => [q.source.uri.slice(root.length + 1), q.rule, q.reason])).toEqual([['blank.html', 'empty', 'no text after removing HTML markup']])
  })

  it('decodes a page in the charset it declares', async () => {
    // 中文 in Big5 is A4 A4 A4 E5: not valid UTF-8.
    const big5 = Buffer.concat([Buffer.from('<html><head><meta charset="big5"></head><body><p>'), Buffer.from([0xa4, 0xa4, 0xa4, 0xe5]), Buffer.from('</p></body></html>')])
    // A page that is valid UTF-8 is read as UTF-8 whatever it declares.
    const mislabelled = `<html><head><meta charset="big5"></head><body><p>${ZH}</p></body></html>`
    const root = tempTree({ 'big5.html': big5, 'mislabelled.html': mislabelled })
    const { docs, quarantined } = await collect(readCorpus([root]))
    expect(quarantined).toEqual([])
    expect(docs.map((d) => d.text)).toEqual(['中文', ZH])
  })
})
