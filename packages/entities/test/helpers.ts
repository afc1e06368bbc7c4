import { createDoc, runStage } from '@corpus/core'
import { extractEntities, type EntityMention } from '@corpus/entities'
import { expect } from 'vitest'

/** One stage for a test file: the dictionaries load once. */
export const stage = extractEntities()

let counter = 0
/**
 * Run the entities stage on one document made of `text` and return its mentions. Asserts on both
 * outputs of the stage: the document comes out (offsets re-slice to the mention text) and the
 * quarantine is empty.
 */
export async function annotate(text: string): Promise<EntityMention[]> {
  const id = `t${++counter}`
  const { docs, quarantined, stats } = await runStage(stage, [createDoc({ id, text, source: { uri: `${id}.txt`, index: 0 } })])
  expect(quarantined).toEqual([])
  expect(stats.read).toBe(1)
  expect(docs.map((d) => d.id)).toEqual([id])
  const list = docs[0]?.annotations.entities ?? []
  for (const m of list) expect(text.slice(m.start, m.end)).toBe(m.text)
  return [...list]
}

/** The mention whose text is `surface` (the n-th one), or undefined. */
export function mention(list: readonly EntityMention[], surface: string, nth = 0): EntityMention | undefined {
  return list.filter((m) => m.text === surface)[nth]
}

/** `text -> type id` lines, for compact assertions. */
export function summary(list: readonly EntityMention[]): string[] {
  return list.map((m) => `${m.text} ${m.type} ${m.id}`)
}
