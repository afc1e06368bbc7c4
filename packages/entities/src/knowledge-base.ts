import { readFileSync } from 'node:fs'
import { CorpusError } from '@corpus/core'
import type { EntityType } from './types.js'

/** Languages a knowledge-base entry can list names in. Latin names are used in every language. */
export type KnowledgeBaseLanguage = 'en' | 'vi' | 'zh-Hant' | 'zh-Hans'

/** One real-world entity of a knowledge base. */
export interface KnowledgeBaseEntity {
  /** Canonical id, `<type>:<english-slug>` by convention (`org:nvidia`). */
  readonly id: string
  readonly type: Exclude<EntityType, 'DATE' | 'MONEY' | 'PERCENT'>
  /** Names (aliases) by language. Chinese names match both scripts. */
  readonly names: Readonly<Partial<Record<KnowledgeBaseLanguage, readonly string[]>>>
  /** Names that are also ordinary words (Vietnamese `Anh`, `Ý`): taken only in the middle of a sentence. */
  readonly ambiguous?: readonly string[]
}

/** A knowledge base: the JSON shape of a user file and of the bundled `data/kb.json`. */
export interface KnowledgeBase {
  readonly entities: readonly KnowledgeBaseEntity[]
}

const TYPES = new Set(['PER', 'ORG', 'LOC', 'PRODUCT'])
const LANGS = new Set<string>(['en', 'vi', 'zh-Hant', 'zh-Hans'])

function fail(where: string, expected: string, found: unknown): never {
  throw new CorpusError('E_CONFIG', `knowledge base ${where}: expected ${expected}, found ${JSON.stringify(found)?.slice(0, 80)}`)
}

/** Validate parsed JSON as a {@link KnowledgeBase}; throws `CorpusError('E_CONFIG')` naming the bad field. */
export function parseKnowledgeBase(value: unknown, where = 'object'): KnowledgeBase {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { entities?: unknown }).entities)) {
    fail(where, 'an object with an "entities" array', value)
  }
  const entities: KnowledgeBaseEntity[] = []
  ;(value as { entities: unknown[] }).entities.forEach((raw, i) => {
    const at = `${where} entities[${i}]`
    if (typeof raw !== 'object' || raw === null) fail(at, 'an object', raw)
    const e = raw as Record<string, unknown>
    if (typeof e.id !== 'string' || !/^[a-z]+:[^\s]+$/.test(e.id)) fail(`${at}.id`, 'a string like "org:acme"', e.id)
    if (typeof e.type !== 'string' || !TYPES.has(e.type)) fail(`${at}.type`, 'one of PER, ORG, LOC, PRODUCT', e.type)
    if (typeof e.names !== 'object' || e.names === null) fail(`${at}.names`, 'an object of name lists by language', e.names)
    const names: Partial<Record<KnowledgeBaseLanguage, string[]>> = {}
    for (const [lang, list] of Object.entries(e.names as Record<string, unknown>)) {
      if (!LANGS.has(lang)) fail(`${at}.names`, 'keys en, vi, zh-Hant, zh-Hans', lang)
      if (!Array.isArray(list) || list.some((n) => typeof n !== 'string' || n.trim() === '')) {
        fail(`${at}.names.${lang}`, 'an array of non-empty strings', list)
      }
      names[lang as KnowledgeBaseLanguage] = (list as string[]).map((n) => n.normalize('NFC').trim())
    }
    let ambiguous: string[] | undefined
    if (e.ambiguous !== undefined) {
      if (!Array.isArray(e.ambiguous) || e.ambiguous.some((n) => typeof n !== 'string')) fail(`${at}.ambiguous`, 'an array of strings', e.ambiguous)
      ambiguous = e.ambiguous as string[]
    }
    entities.push({ id: e.id, type: e.type as KnowledgeBaseEntity['type'], names, ...(ambiguous ? { ambiguous } : {}) })
  })
  return { entities }
}

/**
 * Read and validate a knowledge-base JSON file (see the package README for the format), or
 * validate an object already in memory.
 *
 * @example
 * const kb = loadKnowledgeBase('my-entities.json')
 * const stage = extractEntities({ knowledgeBase: kb })
 */
export function loadKnowledgeBase(source: string | KnowledgeBase): KnowledgeBase {
  if (typeof source !== 'string') return parseKnowledgeBase(source)
  let text: string
  try {
    text = readFileSync(source, 'utf8')
  } catch (error) {
    throw new CorpusError('E_CONFIG', `knowledge base file ${source}: cannot be read (${(error as Error).message})`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new CorpusError('E_CONFIG', `knowledge base file ${source}: expected JSON, ${(error as Error).message}`, { cause: error })
  }
  return parseKnowledgeBase(json, `file ${source}`)
}

/** The knowledge base shipped with the package (`data/kb.json`): CLDR countries plus hand-written entities. */
export function loadBundledKnowledgeBase(): KnowledgeBase {
  const json: unknown = JSON.parse(readFileSync(new URL('../data/kb.json', import.meta.url), 'utf8'))
  return parseKnowledgeBase(json, 'data/kb.json')
}

/** Merge knowledge bases: entries with the same id pool their names; later bases win on type. */
export function mergeKnowledgeBases(...bases: readonly KnowledgeBase[]): KnowledgeBase {
  const byId = new Map<string, { id: string; type: KnowledgeBaseEntity['type']; names: Partial<Record<KnowledgeBaseLanguage, string[]>>; ambiguous: string[] }>()
  for (const base of bases) {
    for (const e of base.entities) {
      const cur = byId.get(e.id) ?? { id: e.id, type: e.type, names: {}, ambiguous: [] }
      cur.type = e.type
      for (const [lang, list] of Object.entries(e.names) as [KnowledgeBaseLanguage, readonly string[]][]) {
        cur.names[lang] = [...new Set([...(cur.names[lang] ?? []), ...list])]
      }
      cur.ambiguous.push(...(e.ambiguous ?? []))
      byId.set(e.id, cur)
    }
  }
  return {
    entities: [...byId.values()].map((e) => ({ id: e.id, type: e.type, names: e.names, ...(e.ambiguous.length ? { ambiguous: e.ambiguous } : {}) })),
  }
}
