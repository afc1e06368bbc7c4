import type { Source, Stage } from '@corpus/core'
import { cleanText, markDuplicates, readCorpus, type ReadCorpusOptions } from '@corpus/ingest'
import { detectLanguage, type DetectLanguageOptions } from '@corpus/langid'
import { extractEntities, type ExtractEntitiesOptions } from '@corpus/entities'

/** Options of the `news-batch` pipeline; each group is passed to its stage unchanged. */
export interface NewsBatchOptions {
  readonly read?: ReadCorpusOptions
  readonly clean?: Parameters<typeof cleanText>[0]
  readonly dedup?: Parameters<typeof markDuplicates>[0]
  readonly langid?: DetectLanguageOptions
  readonly entities?: ExtractEntitiesOptions
}

/** A named pipeline: a source over the inputs and the stages that run on every document. */
export interface NamedPipeline {
  readonly source: Source
  readonly stages: readonly Stage[]
}

/**
 * The daily news batch: read + decode + clean + dedup, language labels, entities. The report is
 * the sink, built by the caller from the annotated stream.
 *
 * @example
 * const { source, stages } = newsBatch(['corpus/'])
 * await pipeline(source, stages, sink)
 */
export function newsBatch(paths: readonly string[], options: NewsBatchOptions = {}): NamedPipeline {
  return {
    source: readCorpus([...paths], options.read),
    stages: newsBatchStages(options),
  }
}

/** The per-document stages of `news-batch`, without the reader (for workers and shards). */
export function newsBatchStages(options: Omit<NewsBatchOptions, 'read'> = {}): Stage[] {
  return [
    cleanText(options.clean),
    markDuplicates(options.dedup),
    detectLanguage(options.langid),
    extractEntities(options.entities),
  ]
}
