import { fc, test } from '@fast-check/vitest'
import { createDoc, withAnnotation, type Doc } from '@corpus/core'
import { addDocument, buildReport, createAggregate, mergeAggregates, renderMarkdown, stringifyJson } from '@corpus/report'
import { describe, expect } from 'vitest'
import { duplicateDocs, runHeader, seedDocs } from './helpers.js'

const hostileChars = fc.constantFrom('|', '`', '<', '>', '&', '[', ']', '(', ')', '\n', '\r\n', '\\', '*', '_', '#', '$', '@', ':', '/', '"', '\u202e', '\u2028', '!', ' ', 'Đ', '國')
const hostileText = fc.oneof(fc.string({ unit: 'grapheme' }), fc.array(fc.oneof(hostileChars, fc.string({ maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join('')))

function docTitled(title: string, name: string): Doc {
  const text = `${title}\n\nHà Nội, ngày 28/12/2024.`
  let doc = createDoc({ id: 'p1', text, source: { uri: `${name}.txt`, index: 0 } })
  doc = withAnnotation(doc, 'meta', { title, byline: name, author: null, date: null, datetime: null, sources: [name], url: null, format: 'txt', bytes: text.length })
  return withAnnotation(doc, 'entities', [{ start: 0, end: Math.min(1, text.length), text: name, type: 'ORG', id: `org:${name}`, lang: 'vi' }])
}

describe('properties', () => {
  test.prop([hostileText, hostileText], { numRuns: 150, seed: 5 })('no article text breaks a table or leaves raw HTML', (title, name) => {
    const aggregate = createAggregate()
    addDocument(aggregate, docTitled(title, name))
    const md = renderMarkdown(buildReport(aggregate, runHeader()))
    const lines = md.split('\n')
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string
      if (!line.startsWith('|')) continue
      // Every row of a table has as many separators as the row above it.
      if ((lines[i - 1] ?? '').startsWith('|')) expect((line.match(/\|/g) ?? []).length).toBe(((lines[i - 1] as string).match(/\|/g) ?? []).length)
    }
    // Only the tags the renderer writes itself.
    const prose = md.replace(/```mermaid\n[\s\S]*?```/g, '').replace(/<\/?(sub|br)>/g, '')
    expect(prose).not.toMatch(/[<>]/)
    expect(md).not.toMatch(/[\u202e\u2028]/)
    const axis = lines.find((l) => l.startsWith('  x-axis'))
    expect(axis).toMatch(/^ {2}x-axis \["[\p{L}\p{M}\p{N} .,'()+?-]*"\]$/u)
    expect(md).not.toMatch(/(?<!\\)\]\(/)
  })

  test.prop([fc.array(fc.boolean(), { minLength: 6, maxLength: 6 })], { numRuns: 30, seed: 11 })(
    'any split of the corpus into two shards merges into the whole',
    (inFirst) => {
      const docs = [...seedDocs(), ...duplicateDocs()]
      const whole = createAggregate()
      const first = createAggregate()
      const second = createAggregate()
      docs.forEach((doc, i) => {
        addDocument(whole, doc)
        addDocument(inFirst[i] ? first : second, doc)
      })
      const content = (a: typeof whole): string => stringifyJson(buildReport(a, runHeader()).content)
      expect(content(mergeAggregates(first, second))).toBe(content(whole))
    },
  )
})
