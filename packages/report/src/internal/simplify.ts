import { createRequire } from 'node:module'

interface TrieNode extends Map<number, TrieNode> {
  trie_val?: string
}

interface OpenccTrie {
  readonly map: TrieNode
  loadDictGroup(group: unknown): void
  matchPrefix(text: string, from: number): { end: number; value: string } | null
}

interface Opencc {
  Converter(options: { from: string; to: string }): (text: string) => string
  Trie: new () => OpenccTrie
  Locale: { from: Record<string, unknown[]>; to: Record<string, unknown[]> }
}

/**
 * One dictionary group of opencc-js, applied exactly as opencc-js's `Trie.convert` applies it
 * (longest match at each position, unmatched characters copied), but without a trie walk and an
 * object per character: a character that starts no key of two or more characters is looked up
 * once in a table.
 */
class GroupConverter {
  private readonly trie: OpenccTrie
  /** Per BMP code unit: 0 no key starts here, 1 a one-character key only, 2 longer keys too. */
  private readonly kind = new Uint8Array(0x10000)
  private readonly single = new Map<number, string>()

  constructor(opencc: Opencc, group: unknown) {
    this.trie = new opencc.Trie()
    this.trie.loadDictGroup(group)
    for (const [code, node] of this.trie.map) {
      if (code > 0xffff) continue
      if (node.size > 0) this.kind[code] = 2
      else if (node.trie_val !== undefined) {
        this.kind[code] = 1
        this.single.set(code, node.trie_val)
      }
    }
  }

  /** The converted text, or null when the text needs opencc-js itself (astral characters, ideographic description sequences). */
  convert(text: string): string | null {
    let out = ''
    let run = 0
    const n = text.length
    for (let i = 0; i < n; ) {
      const c = text.charCodeAt(i)
      // Surrogates and U+2FF0-2FFF (opencc-js steps over description sequences as one unit).
      if ((c >= 0xd800 && c <= 0xdfff) || (c >= 0x2ff0 && c <= 0x2fff)) return null
      const kind = this.kind[c]
      if (kind === 0) {
        i++
      } else if (kind === 1) {
        out += text.slice(run, i) + (this.single.get(c) as string)
        run = ++i
      } else {
        const match = this.trie.matchPrefix(text, i)
        if (match) {
          out += text.slice(run, i) + match.value
          run = i = match.end
        } else i++
      }
    }
    return run === 0 ? text : out + text.slice(run)
  }
}

/**
 * opencc-js's Traditional (Taiwan) to Simplified conversion (`{ from: 'tw', to: 'cn' }`), with
 * the same output, faster: each dictionary group is applied by a {@link GroupConverter}, falling
 * back to opencc-js for text the fast path does not cover.
 */
export function twToCn(opencc: Opencc): (text: string) => string {
  const slow = opencc.Converter({ from: 'tw', to: 'cn' })
  const groups = [...(opencc.Locale.from.tw ?? []), ...(opencc.Locale.to.cn ?? [])].map((group) => new GroupConverter(opencc, group))
  return (text) => {
    let out: string | null = text
    for (const group of groups) {
      out = group.convert(out)
      if (out === null) return slow(text)
    }
    return out
  }
}

export function loadOpencc(): Opencc {
  return createRequire(import.meta.url)('opencc-js/t2cn') as Opencc
}
