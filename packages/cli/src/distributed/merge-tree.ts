import { createAggregate, mergeAggregates, type ReportAggregate } from '@corpus/report'

/**
 * Merge aggregates pairwise like a binary counter (equal-sized groups first), so each document
 * row is copied O(log n) times instead of once per aggregate, and at most log2(n) merged
 * aggregates are held at once. Loaded one at a time, in order.
 */
export async function mergeInTree(load: readonly (() => Promise<ReportAggregate>)[], nearDuplicateThreshold: number): Promise<ReportAggregate> {
  const stack: { aggregate: ReportAggregate; size: number }[] = []
  for (const next of load) {
    let item = { aggregate: await next(), size: 1 }
    for (let top = stack.at(-1); top && top.size === item.size; top = stack.at(-1)) {
      stack.pop()
      item = { aggregate: mergeAggregates(top.aggregate, item.aggregate), size: top.size + item.size }
    }
    stack.push(item)
  }
  let merged = createAggregate({ nearDuplicateThreshold })
  for (const item of stack) merged = mergeAggregates(merged, item.aggregate)
  return merged
}
