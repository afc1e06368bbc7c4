import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { isCorpusError } from '@corpus/core'
import { listInputs, readCorpus, type ListedInput } from '@corpus/ingest'
import { describe, expect, it } from 'vitest'
import { collect, tempTree } from './helpers.js'

async function list(paths: string[], options: Parameters<typeof listInputs>[1] = {}): Promise<ListedInput[]> {
  const out: ListedInput[] = []
  for await (const input of listInputs(paths, options)) out.push(input)
  return out
}

describe('listInputs', () => {
  it('lists what readCorpus reads, in its order, with the uris its documents get', async () => {
    const root = tempTree({
      'b/z.txt': 'Tin thứ hai về kinh tế Việt Nam trong năm nay.',
      'a.md': '# Tiêu đề\n\nNội dung bài viết bằng tiếng Việt.',
      'a/x.html': '<html><body><p>新興人工智慧技術控制權的持續地緣政治衝突。</p></body></html>',
      'c.jsonl': '{"text":"English line one about the economy."}\n{"text":"Second English record."}\n',
      '.hidden/skip.txt': 'hidden',
      'skip.bin': 'not included',
      'drafts/d.txt': 'excluded draft',
    })
    symlinkSync(join(root, 'missing-target.txt'), join(root, 'broken.txt'))
    const listed = await list([root, join(root, 'a.md')], { exclude: ['drafts/**'] })
    // A broken link is reported while its folder is listed, before the folder's files.
    expect(listed.map((i) => (i.kind === 'file' ? `${i.format} ${i.uri}` : i.kind === 'unreadable' ? `unreadable ${i.uri}` : i.kind))).toEqual([
      `unreadable ${root}/broken.txt`,
      `md ${root}/a.md`,
      `html ${root}/a/x.html`,
      `txt ${root}/b/z.txt`,
      `jsonl ${root}/c.jsonl`,
      `md ${root}/a.md`,
    ])
    const { docs, quarantined } = await collect(readCorpus([root, join(root, 'a.md')], { exclude: ['drafts/**'] }))
    const readUris = [...docs.map((d) => d.source.uri), ...quarantined.map((q) => q.source.uri)]
    const listedUris = listed.map((i) => (i.kind === 'stdin' ? 'stdin' : i.uri))
    expect(new Set(readUris)).toEqual(new Set(listedUris))
    expect(docs.map((d) => d.source.uri)).toEqual([`${root}/a.md`, `${root}/a/x.html`, `${root}/b/z.txt`, `${root}/c.jsonl`, `${root}/c.jsonl`, `${root}/a.md`])
    expect(quarantined.map((q) => [q.rule, q.source.uri])).toEqual([['unreadable', `${root}/broken.txt`]])
  })

  it('lists "-" as stdin and fails on a missing path before listing anything', async () => {
    const root = tempTree({ 'a.txt': 'Một văn bản ngắn.' })
    expect(await list(['-', join(root, 'a.txt')])).toEqual([{ kind: 'stdin' }, { kind: 'file', path: join(root, 'a.txt'), uri: join(root, 'a.txt'), format: 'txt' }])
    const error = await list([join(root, 'a.txt'), join(root, 'nope')]).catch((e: unknown) => e)
    expect(isCorpusError(error) && error.code).toBe('E_INPUT')
    expect((error as Error).message).toMatch(/cannot read input ".*nope": no such file or folder/)
  })
})
