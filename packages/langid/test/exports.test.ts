import * as langid from '@corpus/langid'
import { expect, it } from 'vitest'

it('exports exactly the public API', () => {
  expect(Object.keys(langid).sort()).toMatchInlineSnapshot(`
    [
      "detectLanguage",
      "identify",
      "identifySpans",
    ]
  `)
})
