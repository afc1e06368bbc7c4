import { parentPort, workerData } from 'node:worker_threads'
import { emptyStats, type QuarantineEntry } from '@corpus/core'
import { addQuarantine, buildReport } from '@corpus/report'
import { entityNames } from '../entity-names.js'
import { writeFileAtomic } from '../output.js'
import { readShardAggregate } from '../state/shard-files.js'
import { mergeInTree } from './merge-tree.js'

/** What the merge thread is given (plain JSON, as `workerData`). */
export interface MergeTask {
  /** Committed shard folders, in shard order. */
  readonly shardDirs: readonly string[]
  readonly nearDuplicateThreshold: number
  /** Quarantine rows for the inputs of failed shards. */
  readonly failedEntries: readonly QuarantineEntry[]
  /** Where the report content goes. */
  readonly contentPath: string
  /** The user's knowledge-base file, for entity names. */
  readonly knowledgeBase?: string
}

// The merge is long, synchronous work: it runs in its own thread so that the job's event loop
// keeps renewing the job lock (a blocked loop would look like a dead worker).
const task = workerData as MergeTask
const aggregate = await mergeInTree(
  task.shardDirs.map((dir) => () => readShardAggregate(dir)),
  task.nearDuplicateThreshold,
)
for (const entry of task.failedEntries) addQuarantine(aggregate, entry)
// The content depends on the aggregate alone; the submitter adds the run header.
const { content } = buildReport(aggregate, { tool: { name: '@corpus/cli', version: '0' }, inputs: [], options: {}, stats: emptyStats(), durationMs: 0 }, { names: entityNames(task.knowledgeBase) })
await writeFileAtomic(task.contentPath, JSON.stringify(content))
parentPort?.postMessage({ done: true })
