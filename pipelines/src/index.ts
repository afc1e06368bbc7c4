export { newsBatch, newsBatchStages } from './news-batch.js'
export type { NamedPipeline, NewsBatchOptions } from './news-batch.js'
export { pipelineNames, resolvePipeline } from './registry.js'
