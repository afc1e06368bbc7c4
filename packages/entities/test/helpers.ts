import { createEntityFinder, type EntityMention } from '@corpus/entities'

/** One finder for a test file: the dictionaries load once. */
export const find = createEntityFinder()

/** The mention whose text is `surface` (the n-th one), or undefined. */
export function mention(list: readonly EntityMention[], surface: string, nth = 0): EntityMention | undefined {
  return list.filter((m) => m.text === surface)[nth]
}

/** `text -> type id` lines, for compact assertions. */
export function summary(list: readonly EntityMention[]): string[] {
  return list.map((m) => `${m.text} ${m.type} ${m.id}`)
}
