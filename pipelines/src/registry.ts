import { CorpusError } from '@corpus/core'
import { newsBatch, type NamedPipeline, type NewsBatchOptions } from './news-batch.js'

const registry = {
  'news-batch': newsBatch,
} as const satisfies Record<string, (paths: readonly string[], options?: NewsBatchOptions) => NamedPipeline>

/** Names accepted by `corpus run --pipeline`. */
export const pipelineNames: readonly string[] = Object.keys(registry).sort()

/** Build a named pipeline; an unknown name is a config error listing the known ones. */
export function resolvePipeline(name: string, paths: readonly string[], options: NewsBatchOptions = {}): NamedPipeline {
  const build = (registry as Record<string, typeof newsBatch>)[name]
  if (!build) throw new CorpusError('E_CONFIG', `unknown pipeline "${name}"; known: ${pipelineNames.join(', ')}`)
  return build(paths, options)
}
