/** Entity types. */
export type EntityType = 'PER' | 'ORG' | 'LOC' | 'PRODUCT' | 'DATE' | 'MONEY' | 'PERCENT'

/** One entity mention. Offsets index `doc.text`, end exclusive. */
export interface EntityMention {
  readonly start: number
  readonly end: number
  readonly text: string
  readonly type: EntityType
  /** Canonical id, the same for one real-world entity in every language (`loc:china`). */
  readonly id: string
  /** Language of the mention's surface form (`vi`, `zh-Hant`, `en`, ...). */
  readonly lang: string
  /** Normalised value for DATE (`2024-12-28`, `--06-25`), MONEY (`11000000000 USD`), PERCENT (`97`). */
  readonly value?: string
}

declare module '@corpus/core' {
  interface Annotations {
    /** Assigned by entities. */
    entities: readonly EntityMention[]
  }
}
