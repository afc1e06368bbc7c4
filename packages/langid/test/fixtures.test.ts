import { readdirSync, readFileSync } from 'node:fs'
import { createDoc, runStage } from '@corpus/core'
import { detectLanguage } from '@corpus/langid'
import { expect, test } from 'vitest'

// Each test/fixtures/<case>/ holds input.jsonl ({id, text} per line) and expected.json: the stage's
// `language` annotation per document and the quarantine. Regenerate with `vitest -u`, review the diff.
const root = new URL('./fixtures/', import.meta.url)
const cases = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()

test.each(cases)('%s', async (name) => {
  const lines = readFileSync(new URL(`${name}/input.jsonl`, root), 'utf8').split('\n').filter((l) => l.trim() !== '')
  const docs = lines.map((line, index) => {
    const record = JSON.parse(line) as { id: string; text: string }
    return createDoc({ id: record.id, text: record.text, source: { uri: `fixtures/${name}`, index } })
  })
  const { docs: out, quarantined } = await runStage(detectLanguage(), docs)
  const result = { documents: out.map((d) => ({ id: d.id, language: d.annotations.language })), quarantined }
  await expect(`${JSON.stringify(result, null, 2)}\n`).toMatchFileSnapshot(`./fixtures/${name}/expected.json`)
})
