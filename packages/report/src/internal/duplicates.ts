import type { DocumentRecord } from '../aggregate.js'

/**
 * A MinHash signature as base64 of big-endian uint32 values: about 5 bytes per value in memory
 * instead of 8-16 for a number array, and the same in aggregate files. A value that is not a
 * uint32 is folded to one by a string hash (equal values stay equal).
 */
export function encodeSignature(signature: readonly number[]): string {
  const bytes = Buffer.alloc(signature.length * 4)
  signature.forEach((value, i) => {
    let v = value
    if (!(Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) {
      v = 0x811c9dc5
      for (const ch of String(value)) v = Math.imul(v ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0
    }
    bytes.writeUInt32BE(v, i * 4)
  })
  return bytes.toString('base64')
}

export function decodeSignature(encoded: string): number[] {
  const bytes = Buffer.from(encoded, 'base64')
  const out: number[] = []
  for (let i = 0; i + 4 <= bytes.length; i += 4) out.push(bytes.readUInt32BE(i))
  return out
}

/** Share of equal positions of two MinHash signatures: the Jaccard estimate. */
export function minhashSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0
  let equal = 0
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++
  return equal / a.length
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

/**
 * Duplicate groups over all documents, from content only (never from the dedup stage's
 * `exactOf`/`nearOf` marks, which only see documents of the same shard): identical text hashes
 * are exact copies; MinHash signatures whose Jaccard estimate reaches `threshold` are
 * near-duplicates (candidates from LSH bands, then verified). Groups are connected components;
 * the representative is the first member in (uri, index) order. `docs` must be sorted that way.
 */
export function duplicateGroups(docs: readonly DocumentRecord[], threshold: number): DuplicateMemberOut[][] {
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

  const signatures = docs.map((doc) => (doc.minhash ? decodeSignature(doc.minhash) : null))
  const buckets = new Map<string, number[]>()
  docs.forEach((_, i) => {
    const sig = signatures[i]
    if (!sig || sig.length === 0) return
    const r = rowsPerBand(sig.length)
    for (let band = 0; band * r < sig.length; band++) {
      const key = `${sig.length}:${band}:${sig.slice(band * r, band * r + r).join(',')}`
      const bucket = buckets.get(key)
      if (bucket) bucket.push(i)
      else buckets.set(key, [i])
    }
  })
  const compared = new Set<string>()
  for (const bucket of buckets.values()) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const i = bucket[x] as number
        const j = bucket[y] as number
        if (find(i) === find(j)) continue
        const pair = `${i},${j}`
        if (compared.has(pair)) continue
        compared.add(pair)
        const a = signatures[i]
        const b = signatures[j]
        if (a && b && minhashSimilarity(a, b) >= threshold) union(i, j)
      }
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
