import type { DocumentRecord } from './state.js'

/** Share of equal positions of two MinHash signatures: the Jaccard estimate. */
export function minhashSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0
  let equal = 0
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++
  return equal / a.length
}

/** Whether `minhashSimilarity(a, b) >= threshold`, stopping once the rest cannot reach it. */
function reaches(a: ArrayLike<number>, b: ArrayLike<number>, threshold: number): boolean {
  const n = a.length
  if (n !== b.length || n === 0) return 0 >= threshold
  let equal = 0
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) equal++
    // Division is monotonic, so an upper bound below the threshold settles it.
    else if ((equal + (n - i - 1)) / n < threshold) return false
  }
  return equal / n >= threshold
}

export interface DuplicateMemberOut {
  readonly doc: DocumentRecord
  readonly kind: 'representative' | 'exact' | 'near'
  readonly similarity: number
}

/** Rows per LSH band: many small bands, so pairs well below the threshold are still compared. */
function rowsPerBand(length: number): number {
  return length >= 64 ? 4 : length >= 16 ? 2 : 1
}

/** Hash of one band of a signature (with its length, so signatures of other lengths rarely collide). */
function bandHash(sig: Uint16Array, from: number, to: number): number {
  let h = Math.imul(sig.length ^ 0x9747b28c, 0x01000193)
  for (let i = from; i < to; i++) {
    h = Math.imul(h ^ (sig[i] as number), 0x5bd1e995)
    h ^= h >>> 13
  }
  return h >>> 0
}

function sameBand(a: Uint16Array, b: Uint16Array, from: number, to: number): boolean {
  if (a.length !== b.length) return false
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Duplicate groups over all documents, from content only (never from the dedup stage's
 * `exactOf`/`nearOf` marks, which only see documents of the same shard): identical text hashes
 * are exact copies; MinHash signatures whose Jaccard estimate reaches `threshold` are
 * near-duplicates (candidates: documents with an identical LSH band, then verified). Groups are
 * connected components; the representative is the first member in (uri, index) order. `docs`
 * must be sorted that way; `signatures[i]` belongs to `docs[i]`.
 *
 * Candidates are found band by band by sorting band hashes (a typed array), so memory stays a few
 * bytes per document whatever the number of bands.
 */
export function duplicateGroups(docs: readonly DocumentRecord[], signatures: readonly (Uint16Array | null)[], threshold: number): DuplicateMemberOut[][] {
  const parent = docs.map((_, i) => i)
  const find = (i: number): number => {
    let root = i
    while (parent[root] !== root) root = parent[root] as number
    while (parent[i] !== root) {
      const next = parent[i] as number
      parent[i] = root
      i = next
    }
    return root
  }
  const union = (i: number, j: number): void => {
    const a = find(i)
    const b = find(j)
    // The smaller index (earlier document) stays the root, so the representative is stable.
    if (a < b) parent[b] = a
    else if (b < a) parent[a] = b
  }

  const byHash = new Map<string, number>()
  docs.forEach((doc, i) => {
    const first = byHash.get(doc.textHash)
    if (first === undefined) byHash.set(doc.textHash, i)
    else union(first, i)
  })

  let bands = 0
  for (const sig of signatures) if (sig && sig.length > 0) bands = Math.max(bands, Math.ceil(sig.length / rowsPerBand(sig.length)))
  // hash * 2^21 + index is exact in a double while there are at most 2^21 documents.
  const packed = docs.length < 1 << 21
  const keys = new Float64Array(docs.length)
  const order: number[] = []
  // Pairs already compared (they share several bands when similar but below the threshold).
  const compared = new Set<number>()
  for (let band = 0; band < bands; band++) {
    let m = 0
    const hashes = new Map<number, number>()
    for (let i = 0; i < docs.length; i++) {
      const sig = signatures[i]
      if (!sig || sig.length === 0) continue
      const r = rowsPerBand(sig.length)
      if (band * r >= sig.length) continue
      const h = bandHash(sig, band * r, Math.min(sig.length, band * r + r))
      if (packed) keys[m++] = h * (1 << 21) + i
      else {
        hashes.set(i, h)
        order[m++] = i
      }
    }
    const entries: number[] = []
    if (packed) {
      const sorted = keys.subarray(0, m).sort()
      for (let k = 0; k < m; k++) entries.push((sorted[k] as number) % (1 << 21))
    } else {
      const slice = order.slice(0, m).sort((x, y) => (hashes.get(x) as number) - (hashes.get(y) as number) || x - y)
      entries.push(...slice)
    }
    const hashOf = (i: number): number => {
      const sig = signatures[i] as Uint16Array
      const r = rowsPerBand(sig.length)
      return bandHash(sig, band * r, Math.min(sig.length, band * r + r))
    }
    for (let start = 0; start < entries.length; ) {
      const h = hashOf(entries[start] as number)
      let end = start + 1
      while (end < entries.length && hashOf(entries[end] as number) === h) end++
      for (let x = start; x < end; x++) {
        for (let y = x + 1; y < end; y++) {
          const i = entries[x] as number
          const j = entries[y] as number
          if (find(i) === find(j)) continue
          const a = signatures[i] as Uint16Array
          const b = signatures[j] as Uint16Array
          const r = rowsPerBand(a.length)
          // Equal hashes of different bands (or lengths) are not candidates.
          if (!sameBand(a, b, band * r, Math.min(a.length, band * r + r))) continue
          const key = Math.min(i, j) * docs.length + Math.max(i, j)
          if (compared.has(key)) continue
          compared.add(key)
          if (reaches(a, b, threshold)) union(i, j)
        }
      }
      start = end
    }
  }

  const groups = new Map<number, number[]>()
  docs.forEach((_, i) => {
    const root = find(i)
    const members = groups.get(root)
    if (members) members.push(i)
    else groups.set(root, [i])
  })
  const out: DuplicateMemberOut[][] = []
  for (const [root, members] of [...groups].sort((p, q) => p[0] - q[0])) {
    if (members.length < 2) continue
    const rep = docs[root] as DocumentRecord
    out.push(
      members.map((i) => {
        const doc = docs[i] as DocumentRecord
        if (i === root) return { doc, kind: 'representative', similarity: 1 }
        if (doc.textHash === rep.textHash) return { doc, kind: 'exact', similarity: 1 }
        const a = signatures[i]
        const b = signatures[root]
        const sim = a && b ? minhashSimilarity(a, b) : 0
        return { doc, kind: 'near', similarity: sim }
      }),
    )
  }
  return out
}
