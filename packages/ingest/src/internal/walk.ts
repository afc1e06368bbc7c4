import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { basename, extname, join, posix, sep } from 'node:path'
import type { InputFormat } from '../types.js'

/** One input to read, in the order the reader yields them. */
export type InputEntry =
  | { readonly kind: 'file'; readonly path: string; readonly uri: string; readonly format: Exclude<InputFormat, 'stdin'> }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'unreadable'; readonly uri: string; readonly reason: string }

/** Extensions the reader knows, and the format each one means. */
const FORMATS: Readonly<Record<string, Exclude<InputFormat, 'stdin'>>> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
}

/** Format of a file from its extension; an unknown extension is read as plain text. */
export function formatOf(path: string): Exclude<InputFormat, 'stdin'> {
  return FORMATS[extname(path).toLowerCase()] ?? 'txt'
}

/** File name without its extension: `corpus/000_2f88.txt` -> `000_2f88`. */
export function nameOf(path: string): string {
  const base = basename(path)
  const ext = extname(base)
  return ext ? base.slice(0, -ext.length) : base
}

const toPosix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'))

export interface WalkOptions {
  /** Path relative to the walked folder (posix separators) -> read this file? */
  readonly accept: (relative: string) => boolean
  /** Folder path relative to the walked folder -> skip the whole subtree? */
  readonly prune: (relative: string) => boolean
}

/**
 * Yield the files under `root` depth-first in path order. Entries are sorted by name with a `/`
 * appended to folders, so the output order equals a plain sort of the full paths. Symlinks are
 * followed; a folder already visited (a link cycle) is not entered twice. A folder that cannot be
 * listed yields an `unreadable` entry instead of failing the run.
 */
export async function* walkDirectory(root: string, uriRoot: string, options: WalkOptions): AsyncIterable<InputEntry> {
  const visited = new Set<string>([await realpath(root)])
  async function* walk(dir: string, relative: string): AsyncIterable<InputEntry> {
    let dirents: Dirent[]
    try {
      dirents = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      yield { kind: 'unreadable', uri: posix.join(uriRoot, relative || '.'), reason: `cannot list folder: ${(error as Error).message}` }
      return
    }
    const items: { name: string; isDir: boolean; full: string }[] = []
    for (const dirent of dirents) {
      const full = join(dir, dirent.name)
      let isDir = dirent.isDirectory()
      let isFile = dirent.isFile()
      if (dirent.isSymbolicLink()) {
        try {
          const target = await stat(full)
          isDir = target.isDirectory()
          isFile = target.isFile()
        } catch (error) {
          const rel = relative ? `${relative}/${dirent.name}` : dirent.name
          if (options.accept(rel)) yield { kind: 'unreadable', uri: posix.join(uriRoot, rel), reason: `broken link: ${(error as Error).message}` }
          continue
        }
      }
      // Sockets, FIFOs and devices inside a folder are not documents.
      if (isDir || isFile) items.push({ name: dirent.name, isDir, full })
    }
    const key = (item: { name: string; isDir: boolean }): string => (item.isDir ? `${item.name}/` : item.name)
    items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    for (const item of items) {
      const rel = relative ? `${relative}/${item.name}` : item.name
      if (item.isDir) {
        if (options.prune(rel)) continue
        const real = await realpath(item.full)
        if (visited.has(real)) continue
        visited.add(real)
        yield* walk(item.full, rel)
      } else if (options.accept(rel)) {
        yield { kind: 'file', path: item.full, uri: posix.join(uriRoot, rel), format: formatOf(item.name) }
      }
    }
  }
  yield* walk(root, '')
}

/** The uri of a path given on the command line: as given, with posix separators. */
export function uriOf(path: string): string {
  return toPosix(path)
}
