import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { CorpusError } from '@corpus/core'
import { listInputs, type ReadCorpusOptions } from '@corpus/ingest'
import type { ShardInput } from './protocol.js'

/** Options of {@link planShards}. */
export interface PlanShardsOptions {
  /** A shard is closed once its files hold this many bytes. */
  readonly shardBytes: number
  /** ... or this many inputs. */
  readonly shardFiles: number
  readonly include?: ReadCorpusOptions['include']
  readonly exclude?: ReadCorpusOptions['exclude']
  /** Relative paths are made absolute against this folder for the workers. @default process.cwd() */
  readonly cwd?: string
}

/** A shard before it is queued. */
export interface PlannedShard {
  readonly index: number
  readonly bytes: number
  readonly inputs: ShardInput[]
}

const STAT_CONCURRENCY = 16

/**
 * Split the inputs of a run into shards of whole files, in the order a local run reads them
 * (`listInputs`), so that concatenating the shards' outcomes in shard order gives the local order.
 * A shard ends once it holds `shardBytes` bytes or `shardFiles` inputs. A JSONL file is never
 * split: it is one input. stdin (`-`) cannot be read by remote workers and is refused.
 */
export async function planShards(paths: readonly string[], options: PlanShardsOptions): Promise<PlannedShard[]> {
  if (paths.includes('-')) throw new CorpusError('E_CONFIG', 'corpus run --queue: stdin ("-") cannot be read by remote workers; write it to a file on the shared path')
  const cwd = options.cwd ?? process.cwd()
  const listed: ShardInput[] = []
  const pending: { input: { path: string; local: string; uri: string }; at: number }[] = []
  const sizes: number[] = []
  const flush = async (): Promise<void> => {
    const batch = pending.splice(0)
    const results = await Promise.all(
      batch.map(async ({ input }) => {
        try {
          return (await stat(input.path)).size
        } catch (error) {
          // Gone between listing and stat: the shard's worker reports it when it checks its inputs.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
          throw new CorpusError('E_INPUT', `cannot read input "${input.local}": ${(error as Error).message}`, { cause: error })
        }
      }),
    )
    batch.forEach(({ at }, i) => {
      sizes[at] = results[i] ?? 0
    })
  }
  for await (const entry of listInputs([...paths], { ...(options.include ? { include: options.include } : {}), ...(options.exclude ? { exclude: options.exclude } : {}) })) {
    if (entry.kind === 'stdin') continue
    if (entry.kind === 'unreadable') {
      listed.push({ kind: 'unreadable', uri: entry.uri, reason: entry.reason })
      continue
    }
    const input = { path: resolve(cwd, entry.path), local: entry.path, uri: entry.uri }
    pending.push({ input, at: listed.length })
    listed.push({ kind: 'file', ...input, bytes: 0 })
    if (pending.length >= STAT_CONCURRENCY) await flush()
  }
  await flush()

  const shards: PlannedShard[] = []
  let current: ShardInput[] = []
  let bytes = 0
  const close = (): void => {
    shards.push({ index: shards.length, bytes, inputs: current })
    current = []
    bytes = 0
  }
  listed.forEach((input, i) => {
    const size = sizes[i] ?? 0
    current.push(input.kind === 'file' ? { ...input, bytes: size } : input)
    bytes += size
    if (bytes >= options.shardBytes || current.length >= options.shardFiles) close()
  })
  if (current.length > 0) close()
  return shards
}
