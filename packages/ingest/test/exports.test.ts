import * as ingest from '@corpus/ingest'
import { expect, it } from 'vitest'

it('exports exactly the public API', () => {
  expect(Object.keys(ingest).sort()).toMatchInlineSnapshot(`
    [
      "cleanText",
      "contentId",
      "decodeBytes",
      "listInputs",
      "markDuplicates",
      "readCorpus",
    ]
  `)
})
