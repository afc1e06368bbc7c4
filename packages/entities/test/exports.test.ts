import * as entities from '@corpus/entities'
import { expect, it } from 'vitest'

it('exports exactly the public API', () => {
  expect(Object.keys(entities).sort()).toMatchInlineSnapshot(`
    [
      "createEntityFinder",
      "extractEntities",
      "findEntities",
      "loadBundledKnowledgeBase",
      "loadKnowledgeBase",
      "mergeKnowledgeBases",
      "parseKnowledgeBase",
    ]
  `)
})
