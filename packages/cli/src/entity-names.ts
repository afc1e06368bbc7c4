import { loadBundledKnowledgeBase, loadKnowledgeBase, mergeKnowledgeBases, type KnowledgeBase } from '@corpus/entities'

/**
 * Canonical English names for the report's entity rows, from the knowledge base the entities stage
 * used (the bundled one, plus the user's `--knowledge-base` file). The report takes a lookup rather
 * than importing the entities stage, so the CLI builds it. Ids the knowledge base does not know
 * keep the name the report derives from their surface forms.
 */
export function entityNames(knowledgeBase?: string | KnowledgeBase): (id: string) => string | undefined {
  let byId: Map<string, string> | undefined
  return (id) => {
    if (!byId) {
      const base: KnowledgeBase = knowledgeBase === undefined ? loadBundledKnowledgeBase() : mergeKnowledgeBases(loadBundledKnowledgeBase(), loadKnowledgeBase(knowledgeBase))
      byId = new Map()
      for (const entity of base.entities) {
        const name = entity.names.en?.[0]
        if (name !== undefined) byId.set(entity.id, name)
      }
    }
    return byId.get(id)
  }
}
