import { CorpusError, type Doc, type QuarantineEntry } from '@corpus/core'
import { AggregateState, NAMED_TYPES, type AggregateJson } from './internal/state.js'

export type { AggregateJson, DocumentRecord } from './internal/state.js'

/** Entity types that name something (co-occurrence and timeline use only these). */
export const NAMED_ENTITY_TYPES: readonly string[] = [...NAMED_TYPES]

/**
 * A mergeable report aggregate: counts that add up exactly across shards and batches, so merging
 * in any order gives the same report.
 *
 * Treat it as opaque: read it with {@link buildReport}, combine it with {@link mergeAggregates} /
 * {@link mergeAggregateInto}. `JSON.stringify(aggregate)` gives its serialised form
 * ({@link AggregateJson}: plain JSON, canonical order, so equal aggregates give equal text), and
 * `JSON.parse` of that text is again an aggregate every function here accepts (it is converted to
 * the working form in place on first use). `structuredClone` does not copy the working form; send
 * aggregates between threads and processes as JSON text.
 *
 * Memory, per document: the report row as UTF-8 JSON (~300 bytes) and the MinHash signature (4
 * bytes per hash). Per distinct entity pair, keyword bigram or unigram: about 20 bytes plus the
 * word. Nothing is pruned (pruning a shard could drop counts a later shard would have added); caps
 * are applied by {@link buildReport} only.
 */
export interface ReportAggregate {
  readonly version: 2
  /** MinHash Jaccard estimate at or above which two documents are near-duplicates. */
  readonly nearDuplicateThreshold: number
}

/** Options of {@link createAggregate}. */
export interface CreateAggregateOptions {
  /**
   * Near-duplicate threshold for the duplicate groups; use the same value as the dedup stage.
   * @default 0.8
   */
  readonly nearDuplicateThreshold?: number
}

const STATE = Symbol('report-aggregate')

type Handle = ReportAggregate & { [STATE]?: AggregateState }

function attach(target: object, state: AggregateState): void {
  const t = target as Record<string, unknown>
  for (const key of Object.keys(t)) if (key !== 'nearDuplicateThreshold') delete t[key]
  Object.defineProperty(t, 'version', { value: 2, enumerable: true, writable: false, configurable: true })
  t.nearDuplicateThreshold = state.nearDuplicateThreshold
  Object.defineProperty(t, STATE, { value: state, enumerable: false, configurable: true })
  Object.defineProperty(t, 'toJSON', { value: () => state.toJSON(), enumerable: false, configurable: true })
}

function checkVersion(aggregate: ReportAggregate): void {
  const version = (aggregate as { version?: unknown }).version
  if (version !== 1 && version !== 2) {
    throw new CorpusError('E_CONFIG', `not a report aggregate: version ${String(version)}, expected 2 (or 1, read back from an older state directory)`)
  }
}

/**
 * The working state of `aggregate`. An aggregate read back from JSON is converted: in place when
 * `writable` (it is about to be changed anyway), else into a temporary state.
 */
export function stateOf(aggregate: ReportAggregate, writable: boolean): AggregateState {
  const own = (aggregate as Handle)[STATE]
  if (own) return own
  checkVersion(aggregate)
  const state = AggregateState.fromJSON(aggregate)
  if (writable) attach(aggregate, state)
  return state
}

/**
 * An empty aggregate. Feed it with {@link addDocument} / {@link addQuarantine}, combine shards with
 * {@link mergeAggregates}, turn it into a report with {@link buildReport}.
 *
 * @example
 * const aggregate = createAggregate()
 * for (const doc of docs) addDocument(aggregate, doc)
 * const report = buildReport(aggregate, run)
 */
export function createAggregate(options: CreateAggregateOptions = {}): ReportAggregate {
  const threshold = options.nearDuplicateThreshold ?? 0.8
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
    throw new CorpusError('E_CONFIG', `nearDuplicateThreshold must be a number in (0, 1], got ${String(threshold)}`)
  }
  const aggregate = {}
  attach(aggregate, new AggregateState(threshold))
  return aggregate as ReportAggregate
}

/**
 * Add one kept document to `aggregate`, **mutating it in place** (one aggregate per run or shard;
 * copying it per document would be quadratic). Reads the `meta`, `paragraphs`, `duplicate`,
 * `language` and `entities` annotations when present; a document without them still counts.
 * Adding the same input (`source.uri` + `source.index`) twice is a harness bug and throws
 * `E_INVARIANT`.
 */
export function addDocument(aggregate: ReportAggregate, doc: Doc): void {
  stateOf(aggregate, true).addDocument(doc)
}

/**
 * Add one quarantined input to `aggregate`, **mutating it in place**. The `cause` (with its stack
 * trace) and any document snapshot are left out: the report lists source, stage, rule and reason.
 */
export function addQuarantine(aggregate: ReportAggregate, entry: QuarantineEntry): void {
  stateOf(aggregate, true).addQuarantine({
    docId: entry.docId,
    source: { uri: entry.source.uri, index: entry.source.index },
    stage: entry.stage,
    rule: entry.rule,
    reason: entry.reason,
    kind: entry.kind,
  })
}

function checkMergeable(a: ReportAggregate, b: ReportAggregate): void {
  checkVersion(a)
  checkVersion(b)
  if (a.nearDuplicateThreshold !== b.nearDuplicateThreshold) {
    throw new CorpusError(
      'E_CONFIG',
      `cannot merge aggregates built with nearDuplicateThreshold ${a.nearDuplicateThreshold} and ${b.nearDuplicateThreshold}`,
    )
  }
}

/**
 * Add `source` into `target`, **mutating `target` in place** (and returning it); `source` is not
 * changed and shares nothing with `target` afterwards. The in-place form of
 * {@link mergeAggregates}, for a coordinator folding many shards into one aggregate without
 * copying the growing total each time. Checks everything (version, threshold, no input in both)
 * before it changes anything, so a refused merge leaves `target` as it was.
 *
 * @example
 * const total = createAggregate()
 * for (const shard of shards) mergeAggregateInto(total, shard)
 */
export function mergeAggregateInto(target: ReportAggregate, source: ReportAggregate): ReportAggregate {
  checkMergeable(target, source)
  if (target === source) throw new CorpusError('E_INVARIANT', 'cannot merge an aggregate into itself')
  const into = stateOf(target, true)
  const from = stateOf(source, false)
  for (const { uri, index } of from.sources()) {
    if (into.hasSource(uri, index)) throw new CorpusError('E_INVARIANT', `document from ${uri}#${index} is in both aggregates`)
  }
  into.merge(from)
  return target
}

/**
 * Combine two aggregates into a new one (neither input is changed). Counts add up, so the merge of
 * two half-corpus aggregates equals the aggregate of the whole corpus, in either order and any
 * grouping. Both must use the same `nearDuplicateThreshold`, and no input may be in both.
 */
export function mergeAggregates(a: ReportAggregate, b: ReportAggregate): ReportAggregate {
  checkMergeable(a, b)
  const out = createAggregate({ nearDuplicateThreshold: a.nearDuplicateThreshold })
  mergeAggregateInto(out, a)
  return mergeAggregateInto(out, b)
}
