import type { EntityMention, ExtractEntitiesOptions, KnowledgeBase } from '@corpus/entities'
import { createEntityFinder, extractEntities, loadKnowledgeBase } from '@corpus/entities'
import type { Stage } from '@corpus/core'
import { expectTypeOf, test } from 'vitest'

test('public types', () => {
  expectTypeOf(extractEntities).parameter(0).toEqualTypeOf<ExtractEntitiesOptions | undefined>()
  expectTypeOf(extractEntities()).toEqualTypeOf<Stage>()
  expectTypeOf(createEntityFinder()).returns.toEqualTypeOf<EntityMention[]>()
  expectTypeOf(loadKnowledgeBase).returns.toEqualTypeOf<KnowledgeBase>()
  expectTypeOf<EntityMention['type']>().toEqualTypeOf<'PER' | 'ORG' | 'LOC' | 'PRODUCT' | 'DATE' | 'MONEY' | 'PERCENT'>()
})
