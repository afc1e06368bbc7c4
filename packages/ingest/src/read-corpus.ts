import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { createDoc, CorpusError, withNote, type Doc, type Note, type QuarantineEntry, type QuarantineKind, type RunContext, type Source } from '@corpus/core'
import picomatch from 'picomatch'
import { contentId } from './content-id.js'
import { decodeBytes, decodeWith, normaliseText } from './decode-bytes.js'
import { parseGivenDate } from './internal/dates.js'
import { extractHtml, sniffHtmlCharset } from './internal/html.js'
import { splitLines, type RawLine } from './internal/lines.js'
import { extractMarkdown } from './internal/markdown.js'
import { formatOf, nameOf, uriOf, walkDirectory, type InputEntry } from './internal/walk.js'
import type { InputFormat, InputInfo } from './types.js'

/** Options of {@link readCorpus}. Every field is optional. */
export interface ReadCorpusOptions {
  /**
   * Globs (picomatch) a file inside a given folder must match, relative to that folder. A pattern
   * without `/` matches the file name at any depth. Files named explicitly are always read.
   * @default ['*.{txt,text,md,markdown,html,htm,xhtml,jsonl,ndjson}']
   */
  readonly include?: readonly string[]
  /**
   * Globs of files (or folders, whose whole subtree is skipped) to leave out inside given folders.
   * Hidden files and folders (a name starting with `.`, like `.git`) are always left out.
   * @default []
   */
  readonly exclude?: readonly string[]
  /**
   * Size limit per input in bytes: a larger file (or JSONL line, or stdin) is quarantined as
   * `too-large` without being read. For JSONL files the limit applies to each line.
   * @default 10485760 (10 MiB)
   */
  readonly maxBytes?: number
  /**
   * Accepted (and checked) for compatibility; it changes nothing since issue 6. Inputs are read one
   * at a time when the consumer pulls the next document: regular files with synchronous calls,
   * which cost far less CPU per file than promise-based reads, so nothing is gained by reading
   * ahead, and each input's cost falls in the reader's own time. Output order is the input order.
   * @deprecated
   * @default 4
   */
  readonly concurrency?: number
  /** The stream read for the path `-`. @default process.stdin */
  readonly stdin?: AsyncIterable<Uint8Array | string>
  /** Format of what arrives on stdin. @default 'txt' */
  readonly stdinFormat?: 'txt' | 'md' | 'html' | 'jsonl'
}

/** A path inside a folder with a segment starting with `.` (`.git/`, `.DS_Store`). */
const isHidden = (relative: string): boolean => relative.startsWith('.') || relative.includes('/.')
const DEFAULT_INCLUDE = ['*.{txt,text,md,markdown,html,htm,xhtml,jsonl,ndjson}']
const STAGE = 'ingest'

/**
 * A matcher for a list of globs: a pattern without `/` matches the file name at any depth, one
 * with `/` matches the whole relative path. (picomatch's own `basename` option mis-handles
 * patterns with `/`, so the two kinds get separate matchers.)
 */
function globMatcher(patterns: readonly string[]): (relative: string) => boolean {
  const names = patterns.filter((p) => !p.includes('/'))
  const paths = patterns.filter((p) => p.includes('/'))
  const byName = names.length > 0 ? picomatch(names, { dot: false }) : null
  const byPath = paths.length > 0 ? picomatch(paths, { dot: false }) : null
  return (relative) => (byPath?.(relative) ?? false) || (byName?.(relative.slice(relative.lastIndexOf('/') + 1)) ?? false)
}

/** A document or a quarantine entry, in input order. */
type Item = { readonly doc: Doc } | { readonly entry: QuarantineEntry }
/** What loading one input gave: finished items, or a JSONL stream read lazily by the consumer. */
type Loaded =
  | { readonly kind: 'items'; readonly items: readonly Item[] }
  | { readonly kind: 'jsonl'; readonly uri: string; readonly name: string; readonly open: () => AsyncIterable<Uint8Array | string> }

function quarantineItem(uri: string, index: number, rule: string, reason: string, kind: QuarantineKind): Item {
  return { entry: { docId: contentId(`input:${uri}#${index}`), source: { uri, index }, stage: STAGE, rule, reason, kind } }
}

const kindOf = (rule: string): QuarantineKind => (rule === 'empty' || rule === 'too-large' ? 'skipped' : 'invalid')

function validate(paths: readonly string[], options: ReadCorpusOptions): void {
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new CorpusError('E_CONFIG', `readCorpus: paths must be a non-empty list of paths (or "-"), got ${JSON.stringify(paths)}`)
  }
  if (paths.filter((p) => p === '-').length > 1) throw new CorpusError('E_CONFIG', 'readCorpus: "-" (stdin) can be given only once')
  const { maxBytes, concurrency, include, exclude, stdinFormat } = options
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0)) {
    throw new CorpusError('E_CONFIG', `readCorpus: maxBytes must be a positive integer, got ${String(maxBytes)}`)
  }
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new CorpusError('E_CONFIG', `readCorpus: concurrency must be a positive integer, got ${String(concurrency)}`)
  }
  for (const [name, globs] of [['include', include], ['exclude', exclude]] as const) {
    if (globs !== undefined && !(Array.isArray(globs) && globs.every((g) => typeof g === 'string' && g.length > 0))) {
      throw new CorpusError('E_CONFIG', `readCorpus: ${name} must be a list of glob strings, got ${JSON.stringify(globs)}`)
    }
  }
  if (stdinFormat !== undefined && !['txt', 'md', 'html', 'jsonl'].includes(stdinFormat)) {
    throw new CorpusError('E_CONFIG', `readCorpus: stdinFormat must be one of txt, md, html, jsonl, got "${String(stdinFormat)}"`)
  }
}

/** One input of {@link listInputs}: a file to read, stdin, or a folder entry that cannot be read. */
export type ListedInput = InputEntry

/** Every explicitly given path must exist before anything is read. */
async function checkPathsExist(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if (path === '-') continue
    try {
      await stat(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or folder' : (error as Error).message
      throw new CorpusError('E_INPUT', `cannot read input "${path}": ${why}`, { cause: error })
    }
  }
}

async function* walkInputs(paths: readonly string[], isIncluded: (rel: string) => boolean, isExcluded: (rel: string) => boolean): AsyncIterable<InputEntry> {
  for (const path of paths) {
    if (path === '-') {
      yield { kind: 'stdin' }
      continue
    }
    const info = await stat(path)
    if (info.isDirectory()) {
      yield* walkDirectory(path, uriOf(path), {
        accept: (rel) => !isHidden(rel) && isIncluded(rel) && !isExcluded(rel),
        prune: (rel) => isHidden(rel) || isExcluded(rel) || isExcluded(`${rel}/`),
      })
    } else {
      yield { kind: 'file', path, uri: uriOf(path), format: formatOf(path) }
    }
  }
}

/**
 * The inputs {@link readCorpus} would read for `paths` and `options` (`include`, `exclude`), in
 * the same order, without reading them: files (with the `uri` their documents get as
 * `source.uri`), `-` as stdin, and folder entries that cannot be read (quarantined by the reader
 * as `unreadable`). For callers that split a run into shards of files. A path that does not exist
 * is a fatal `E_INPUT` error, as in `readCorpus`.
 *
 * @example
 * for await (const input of listInputs(['corpus/'])) if (input.kind === 'file') console.log(input.uri)
 */
export async function* listInputs(paths: string[], options: Pick<ReadCorpusOptions, 'include' | 'exclude'> = {}): AsyncIterable<ListedInput> {
  validate(paths, options)
  await checkPathsExist(paths)
  yield* walkInputs(paths, globMatcher(options.include ?? DEFAULT_INCLUDE), globMatcher(options.exclude ?? []))
}

/**
 * Read files, folders (recursively, in path order) and `-` (stdin) as a stream of documents.
 * Handles `.txt`, `.md`, `.html`/`.htm` (main text only) and `.jsonl` (one document per line with
 * `text` and optional `id`, `title`, `url`, `date`, `author`). Bytes are decoded (UTF-8 with or
 * without BOM, UTF-16 with BOM), line breaks become LF, text is NFC. Inputs that are not a text
 * document are quarantined by stage `ingest` with rule `invalid-encoding`, `binary`, `empty`,
 * `too-large`, `unreadable` or `invalid-jsonl-record`; the rest go on. A path that does not exist
 * is a fatal `E_INPUT` error before anything is read.
 *
 * Each document's id is {@link contentId} of its decoded text; `source` is the path as given (or
 * joined with the path inside a given folder) and the index inside the input (JSONL line - 1).
 * The annotation `input` carries format, size, name and any metadata the input declared.
 *
 * Inputs are read one at a time, when the consumer pulls, and yielded in order: one file is held
 * in memory at a time, and JSONL files are streamed line by line.
 *
 * @example
 * const stats = await pipeline(readCorpus(['corpus/'], { exclude: ['drafts/**'] }), [cleanText()], sink)
 */
export function readCorpus(paths: string[], options: ReadCorpusOptions = {}): Source {
  validate(paths, options)
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024
  const stdinFormat = options.stdinFormat ?? 'txt'
  const isIncluded = globMatcher(options.include ?? DEFAULT_INCLUDE)
  const isExcluded = globMatcher(options.exclude ?? [])
  const inputPaths = [...paths]

  const entries = (): AsyncIterable<InputEntry> => walkInputs(inputPaths, isIncluded, isExcluded)

  async function load(entry: InputEntry): Promise<Loaded> {
    if (entry.kind === 'unreadable') return { kind: 'items', items: [quarantineItem(entry.uri, 0, 'unreadable', entry.reason, 'failed')] }
    if (entry.kind === 'stdin') {
      const stream = options.stdin ?? process.stdin
      if (stdinFormat === 'jsonl') return { kind: 'jsonl', uri: 'stdin', name: 'stdin', open: () => stream }
      const bytes = await readStream(stream, maxBytes)
      if (bytes === null) return { kind: 'items', items: [quarantineItem('stdin', 0, 'too-large', `stdin is over the limit of ${maxBytes} bytes`, 'skipped')] }
      return { kind: 'items', items: [fromBytes(bytes, 'stdin', 'stdin', stdinFormat === 'txt' ? 'stdin' : stdinFormat)] }
    }
    const { path, uri, format } = entry
    if (format === 'jsonl') return { kind: 'jsonl', uri, name: nameOf(path), open: () => createReadStream(path) }
    let read: FileContent
    try {
      const first = readFileBounded(path, maxBytes)
      read = 'special' in first ? await readSpecialFile(path, maxBytes) : first
    } catch (error) {
      return { kind: 'items', items: [quarantineItem(uri, 0, 'unreadable', (error as Error).message, 'failed')] }
    }
    if ('tooLarge' in read) {
      return { kind: 'items', items: [quarantineItem(uri, 0, 'too-large', read.tooLarge, 'skipped')] }
    }
    return { kind: 'items', items: [fromBytes(read.bytes, uri, nameOf(path), format)] }
  }

  async function* readJsonl(loaded: Extract<Loaded, { kind: 'jsonl' }>, ctx: RunContext): AsyncIterable<Item> {
    let lines: AsyncIterable<JsonlLine>
    let lastLine = 0
    let records = 0
    const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    try {
      lines = await jsonlLines(loaded.open(), maxBytes)
    } catch (error) {
      yield quarantineItem(loaded.uri, 0, 'unreadable', (error as Error).message, 'failed')
      return
    }
    try {
      for await (const line of lines) {
        if (ctx.signal.aborted) throw new CorpusError('E_ABORT', 'run aborted')
        lastLine = line.lineNo
        const index = line.lineNo - 1
        if ('tooLong' in line) {
          records += 1
          yield quarantineItem(loaded.uri, index, 'too-large', `line ${line.lineNo}: ${line.tooLong} bytes > maxBytes ${maxBytes}`, 'skipped')
        } else if ('rule' in line) {
          records += 1
          yield quarantineItem(loaded.uri, index, line.rule, line.reason, kindOf(line.rule))
        } else {
          let text: string | null = 'text' in line ? line.text : null
          let size = line.bytes instanceof Uint8Array ? line.bytes.length : line.bytes
          if (line.bytes instanceof Uint8Array) {
            const bytes = line.lineNo === 1 && line.bytes[0] === 0xef && line.bytes[1] === 0xbb && line.bytes[2] === 0xbf ? line.bytes.subarray(3) : line.bytes
            size = bytes.length
            const decoded = decodeUtf8(bytes, utf8)
            if (decoded === null) {
              records += 1
              yield quarantineItem(loaded.uri, index, 'invalid-encoding', `line ${line.lineNo}: bytes are not valid UTF-8`, 'invalid')
            }
            text = decoded
          }
          if (text !== null) {
            if (/^\s*$/.test(text)) {
              ctx.count('jsonl-blank-lines')
            } else {
              records += 1
              ctx.count('jsonl-records')
              yield fromRecord(text, size, loaded, index)
            }
          }
        }
      }
    } catch (error) {
      if (error instanceof CorpusError) throw error
      // A read error mid-file: the records read so far stay, the rest is one quarantine entry.
      yield quarantineItem(loaded.uri, lastLine, 'unreadable', `read failed after line ${lastLine}: ${(error as Error).message}`, 'failed')
      return
    }
    if (records === 0) yield quarantineItem(loaded.uri, 0, 'empty', 'JSONL input without any record', 'skipped')
  }

  function fromRecord(line: string, size: number, loaded: { uri: string; name: string }, index: number): Item {
    const bad = (reason: string): Item => quarantineItem(loaded.uri, index, 'invalid-jsonl-record', `line ${index + 1}: ${reason}`, 'invalid')
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch (error) {
      return bad(`not JSON (${(error as Error).message})`)
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return bad(`expected a JSON object, got ${Array.isArray(record) ? 'an array' : typeof record}`)
    const fields = record as Record<string, unknown>
    if (typeof fields.text !== 'string') return bad(`field "text" must be a string, got ${fields.text === undefined ? 'nothing' : typeof fields.text}`)
    const decoded = normaliseText(fields.text)
    if ('rule' in decoded) return quarantineItem(loaded.uri, index, decoded.rule, `line ${index + 1}: ${decoded.reason}`, kindOf(decoded.rule))
    const notes: Note[] = []
    const field = (key: string, allowNumber = false): string | null => {
      const value = fields[key]
      if (value === undefined || value === null) return null
      if (typeof value === 'string') return value.trim() ? value.trim().normalize('NFC') : null
      if (allowNumber && typeof value === 'number' && Number.isFinite(value)) return String(value)
      notes.push({ stage: STAGE, rule: 'ignored-field', reason: `line ${index + 1}: field "${key}" must be a string, got ${typeof value}` })
      return null
    }
    const externalId = field('id', true)
    const given = parseGivenDate(field('date'))
    const input: InputInfo = {
      format: 'jsonl',
      bytes: size,
      name: externalId ?? `${loaded.name}:${index + 1}`,
      externalId,
      title: field('title'),
      author: field('author'),
      date: given.date,
      datetime: given.datetime,
      url: field('url'),
    }
    let doc = createDoc({ id: contentId(decoded.text), text: decoded.text, source: { uri: loaded.uri, index }, annotations: { input } })
    for (const note of notes) doc = withNote(doc, note)
    return { doc }
  }

  return {
    sourceName: STAGE,
    assigns: ['input'],
    async *read(ctx) {
      // Every explicitly given path must exist before anything is read.
      await checkPathsExist(inputPaths)
      const emit = function* (item: Item): Iterable<Doc> {
        if ('entry' in item) ctx.quarantine(item.entry)
        else yield item.doc
      }
      for await (const entry of entries()) {
        if (ctx.signal.aborted) throw new CorpusError('E_ABORT', 'run aborted')
        const loaded = await load(entry)
        if (loaded.kind === 'items') {
          for (const item of loaded.items) {
            if ('doc' in item) ctx.count('bytes', item.doc.annotations.input?.bytes ?? 0)
            yield* emit(item)
          }
        } else {
          for await (const item of readJsonl(loaded, ctx)) yield* emit(item)
        }
        ctx.count('inputs')
      }
    },
  }
}

/** Turn the bytes of one non-JSONL input into a document or a quarantine entry. */
function fromBytes(bytes: Uint8Array, uri: string, name: string, format: InputFormat): Item {
  const fail = (rule: string, reason: string): Item => quarantineItem(uri, 0, rule, reason, kindOf(rule))
  // HTML and Markdown are normalised (NFC) once, after their markup is removed.
  const markup = format === 'html' || format === 'md'
  let decoded = decodeWith(bytes, undefined, !markup)
  if (format === 'html' && 'rule' in decoded && decoded.rule === 'invalid-encoding') {
    // Not UTF-8: try the charset the page declares (big5, windows-1258, gb18030, ...).
    const charset = sniffHtmlCharset(bytes)
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      const declared = decodeWith(bytes, charset, false)
      decoded = 'rule' in declared && declared.rule === 'invalid-encoding' ? { ...decoded, reason: `${decoded.reason}; nor valid ${charset} as declared` } : declared
    }
  }
  if ('rule' in decoded) return fail(decoded.rule, decoded.reason)
  let text = decoded.text
  let hints: { title: string | null; author: string | null; date: string | null; url: string | null } = { title: null, author: null, date: null, url: null }
  if (markup) {
    const extract = format === 'html' ? extractHtml(text) : extractMarkdown(text)
    const again = normaliseText(extract.text)
    if ('rule' in again) return fail(again.rule, `${again.reason} after removing ${format === 'html' ? 'HTML markup' : 'Markdown syntax'}`)
    text = again.text
    hints = extract
  }
  const given = parseGivenDate(hints.date)
  const input: InputInfo = {
    format,
    bytes: bytes.length,
    name,
    externalId: null,
    title: hints.title?.normalize('NFC') ?? null,
    author: hints.author?.normalize('NFC') ?? null,
    date: given.date,
    datetime: given.datetime,
    url: hints.url,
  }
  return { doc: createDoc({ id: contentId(text), text, source: { uri, index: 0 }, annotations: { input } }) }
}

/** What reading one file gave: its bytes, its size when over the limit, or "not a regular file". */
type FileContent = { readonly bytes: Uint8Array } | { readonly tooLarge: string }
type FileRead = FileContent | { readonly special: true }

/**
 * Read a regular file whole with synchronous calls (open, fstat, read, close): the size is checked
 * on the open descriptor before anything is read, so a file over `maxBytes` is never loaded. On
 * local disks and the page cache the synchronous calls cost about a tenth of the CPU time of the
 * promise-based ones (issue 6), and the files of a news corpus are small. Pipes, devices and other
 * special files answer `special` (they are read as streams, which do not block the event loop).
 */
function readFileBounded(path: string, maxBytes: number): FileRead {
  // O_NONBLOCK: opening a FIFO without a writer returns at once (and is then read as a stream)
  // instead of blocking the thread; it changes nothing for regular files.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) return { special: true }
    if (info.size > maxBytes) return { tooLarge: `${info.size} bytes > maxBytes ${maxBytes}` }
    // One byte more than fstat said, so a short read tells EOF without another call; a file that
    // grows while it is read is read on (up to the limit), like a read to EOF would.
    let buffer = Buffer.allocUnsafe(info.size + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { tooLarge: `over ${maxBytes} bytes (maxBytes) while reading` }
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2))
        buffer.copy(bigger, 0, 0, length)
        buffer = bigger
      }
      const got = readSync(fd, buffer, length, buffer.length - length, null)
      if (got === 0) break
      length += got
    }
    return { bytes: buffer.subarray(0, length) }
  } finally {
    closeSync(fd)
  }
}

/** Read a pipe or device given as an input path to its end, or answer its size once over `maxBytes`. */
async function readSpecialFile(path: string, maxBytes: number): Promise<FileContent> {
  const handle = await open(path, 'r')
  try {
    const bytes = await readStream(handle.createReadStream({ autoClose: false }), maxBytes)
    return bytes === null ? { tooLarge: `over ${maxBytes} bytes (maxBytes) while reading` } : { bytes }
  } finally {
    await handle.close()
  }
}

/** Read a whole stream, or return null as soon as it passes `maxBytes`. */
async function readStream(stream: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<Uint8Array | null> {
  const parts: Uint8Array[] = []
  let size = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
    size += bytes.length
    if (size > maxBytes) return null
    parts.push(bytes)
  }
  return Buffer.concat(parts)
}

/** A JSONL line: raw bytes, too long, already decoded (UTF-16 files), or not readable at all. */
type JsonlLine = RawLine | { readonly lineNo: number; readonly text: string; readonly bytes: number } | { readonly lineNo: number; readonly rule: string; readonly reason: string }

function decodeUtf8(bytes: Uint8Array, decoder: InstanceType<typeof TextDecoder>): string | null {
  try {
    return decoder.decode(bytes)
  } catch (error) {
    if (error instanceof TypeError) return null
    throw error
  }
}

/**
 * Lines of a JSONL stream. UTF-8 (the JSONL norm) is split as bytes, one line at a time; a file
 * starting with a UTF-16 BOM is decoded whole (so `maxBytes` applies to the file) and split after.
 */
async function jsonlLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): Promise<AsyncIterable<JsonlLine>> {
  const iterator = chunks[Symbol.asyncIterator]()
  const head = await iterator.next()
  const firstChunk = head.done ? undefined : head.value
  const rest: AsyncIterable<Uint8Array | string> = {
    [Symbol.asyncIterator]: () => {
      let sentFirst = firstChunk === undefined
      return {
        next: async () => {
          if (!sentFirst) {
            sentFirst = true
            return { done: false, value: firstChunk as Uint8Array | string }
          }
          return iterator.next()
        },
      }
    },
  }
  const isUtf16 = firstChunk instanceof Uint8Array && ((firstChunk[0] === 0xff && firstChunk[1] === 0xfe) || (firstChunk[0] === 0xfe && firstChunk[1] === 0xff))
  if (!isUtf16) return splitLines(rest, maxBytes)
  return (async function* (): AsyncIterable<JsonlLine> {
    const bytes = await readStream(rest, maxBytes)
    if (bytes === null) {
      yield { lineNo: 1, rule: 'too-large', reason: `UTF-16 JSONL input over maxBytes ${maxBytes} (UTF-16 files are read whole)` }
      return
    }
    const decoded = decodeBytes(bytes)
    if ('rule' in decoded) {
      if (decoded.rule !== 'empty') yield { lineNo: 1, rule: decoded.rule, reason: decoded.reason }
      return
    }
    const lines = decoded.text.split('\n')
    for (const [i, text] of lines.entries()) yield { lineNo: i + 1, text, bytes: new TextEncoder().encode(text).length }
  })()
}
