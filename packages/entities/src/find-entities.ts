import { CorpusError } from '@corpus/core'
import { loadBundledKnowledgeBase, loadKnowledgeBase, mergeKnowledgeBases, type KnowledgeBase } from './knowledge-base.js'
import { findAll } from './internal/finder.js'
import { Resources } from './internal/resources.js'
import type { EntityMention } from './types.js'

/** Options shared by {@link extractEntities}, {@link createEntityFinder} and {@link findEntities}. */
export interface FindEntitiesOptions {
  /**
   * Extra knowledge base: a path to a JSON file or an object (format in the README). Its entities
   * extend the bundled one; an entry with a bundled id adds aliases to it.
   * @default undefined
   */
  readonly knowledgeBase?: string | KnowledgeBase
  /** Use the bundled knowledge base (`data/kb.json`). @default true */
  readonly bundledKnowledgeBase?: boolean
  /**
   * Keep names that neither the knowledge base, a context cue nor the name's shape types (they get
   * a default type: ORG for Latin names, LOC for Vietnamese ones). @default true
   */
  readonly keepUnknown?: boolean
  /**
   * compromise (people, places, organisations in English) reads only the English sentences where a
   * name is left untyped by the knowledge base and the rules, and at most this many characters of
   * them per document: it runs at about 0.1 MB/s. 0 turns it off.
   * @default 5000
   */
  readonly maxEnglishModelChars?: number
}

/** A stretch of the text (a paragraph) with its language when known (`vi`, `zh-Hant`, `en`, ...). */
export interface TextSegment {
  /** UTF-16 offset into the text, inclusive. */
  readonly start: number
  /** UTF-16 offset into the text, exclusive. */
  readonly end: number
  /** BCP 47 tag; detected from the script when absent. */
  readonly lang?: string
  /** Paragraph kind from @corpus/ingest (`byline` makes its leading name a person). */
  readonly kind?: string
}

/** Finds entities in one text; built by {@link createEntityFinder}. */
export type EntityFinder = (text: string, segments?: readonly TextSegment[]) => EntityMention[]

export function validateFindOptions(options: FindEntitiesOptions, where: string): void {
  if (typeof options !== 'object' || options === null) throw new CorpusError('E_CONFIG', `${where}: options must be an object, got ${String(options)}`)
  const kb = options.knowledgeBase
  if (kb !== undefined && typeof kb !== 'string' && (typeof kb !== 'object' || kb === null)) {
    throw new CorpusError('E_CONFIG', `${where}: knowledgeBase must be a file path or an object, got ${typeof kb}`)
  }
  const max = options.maxEnglishModelChars
  if (max !== undefined && !(Number.isInteger(max) && max >= 0)) {
    throw new CorpusError('E_CONFIG', `${where}: maxEnglishModelChars must be an integer >= 0, got ${JSON.stringify(max)}`)
  }
  for (const key of ['bundledKnowledgeBase', 'keepUnknown'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new CorpusError('E_CONFIG', `${where}: ${key} must be a boolean, got ${JSON.stringify(options[key])}`)
    }
  }
}

/** Build the lookup resources once; the knowledge base file is read here (throws E_CONFIG when bad). */
export function prepareResources(options: FindEntitiesOptions): () => Resources {
  const bases: KnowledgeBase[] = []
  const user = options.knowledgeBase === undefined ? undefined : loadKnowledgeBase(options.knowledgeBase)
  let resources: Resources | undefined
  return () => {
    if (resources) return resources
    if (options.bundledKnowledgeBase !== false) bases.push(loadBundledKnowledgeBase())
    if (user) bases.push(user)
    resources = new Resources(mergeKnowledgeBases(...bases))
    return resources
  }
}

export function finderSettings(options: FindEntitiesOptions): { keepUnknown: boolean; maxEnglishModelChars: number } {
  return { keepUnknown: options.keepUnknown ?? true, maxEnglishModelChars: options.maxEnglishModelChars ?? 5000 }
}

/** Paragraphs of a text without a `paragraphs` annotation: its non-empty lines. */
export function lineSegments(text: string): TextSegment[] {
  const out: TextSegment[] = []
  let start = 0
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ start, end: start + line.length })
    start += line.length + 1
  }
  return out
}

/**
 * Create a reusable entity finder. Dictionaries and the knowledge base load on the first call,
 * once; later calls only do the work of their text.
 *
 * @example
 * const find = createEntityFinder()
 * find('Nvidia và AMD bị Mỹ hạn chế xuất khẩu chip sang Trung Quốc từ tháng 10/2023.')
 */
export function createEntityFinder(options: FindEntitiesOptions = {}): EntityFinder {
  validateFindOptions(options, 'createEntityFinder')
  const resources = prepareResources(options)
  const settings = finderSettings(options)
  return (text, segments) => findAll(resources(), text, segments ?? lineSegments(text), settings)
}

/**
 * Find the entities of one text (the `corpus entities` command). Loads the dictionaries on every
 * call: use {@link createEntityFinder} for many texts.
 *
 * @example
 * findEntities('英偉達與輝達是同一家公司。')
 * // [{ start: 0, end: 3, text: '英偉達', type: 'ORG', id: 'org:nvidia', lang: 'zh-Hant' }, ...]
 */
export function findEntities(text: string, options: FindEntitiesOptions = {}): EntityMention[] {
  return createEntityFinder(options)(text)
}


