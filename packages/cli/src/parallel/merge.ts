import { createAggregate, mergeAggregates, type ReportAggregate } from '@corpus/report'

/**
 * Merges many report aggregates (one per batch) into one. `mergeAggregates` copies both sides, so
 * folding batch after batch into a running total would copy the total once per batch; merging
 * equal-sized partial results first (like a binary counter) copies each record O(log batches)
 * times instead.
 */
export class AggregateMerger {
  private readonly stack: { aggregate: ReportAggregate; weight: number }[] = []

  constructor(private readonly nearDuplicateThreshold: number) {}

  add(aggregate: ReportAggregate): void {
    let item = { aggregate, weight: 1 }
    for (;;) {
      const top = this.stack[this.stack.length - 1]
      if (!top || top.weight !== item.weight) break
      this.stack.pop()
      item = { aggregate: mergeAggregates(top.aggregate, item.aggregate), weight: top.weight * 2 }
    }
    this.stack.push(item)
  }

  /** Everything added so far, merged. */
  result(): ReportAggregate {
    let total = createAggregate({ nearDuplicateThreshold: this.nearDuplicateThreshold })
    for (const { aggregate } of this.stack) total = mergeAggregates(total, aggregate)
    return total
  }
}
