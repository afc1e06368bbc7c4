import type { Doc } from './doc.js'
import { fromDocs, pipeline, type RunStats } from './pipeline.js'
import type { QuarantineEntry, Stage } from './stage.js'

/** What {@link runStage} collected: kept documents, quarantine entries, and the run's counts. */
export interface StageRun {
  docs: Doc[]
  quarantined: QuarantineEntry[]
  stats: RunStats
}

/**
 * Run stages over in-memory documents and collect everything. Meant for tests and small
 * library calls: it buffers the whole output, so do not use it on a large corpus.
 *
 * @example
 * const { docs, quarantined } = await runStage(detectLanguage(), [doc])
 */
export async function runStage(stage: Stage | readonly Stage[], input: Iterable<Doc> | AsyncIterable<Doc>): Promise<StageRun> {
  const docs: Doc[] = []
  const quarantined: QuarantineEntry[] = []
  const stages = Array.isArray(stage) ? (stage as readonly Stage[]) : [stage as Stage]
  const stats = await pipeline(
    fromDocs(input),
    stages,
    async (stream) => {
      for await (const doc of stream) docs.push(doc)
    },
    { onQuarantine: (entry) => quarantined.push(entry), maxQuarantineRatio: 1 },
  )
  return { docs, quarantined, stats }
}
