/** What a kept paragraph is, from the layout of a news page. */
export type ParagraphKind = 'title' | 'byline' | 'body' | 'caption' | 'source'

/** One kept paragraph. `start`/`end` index `doc.text` (the cleaned text), end exclusive. */
export interface Paragraph {
  readonly start: number
  readonly end: number
  readonly kind: ParagraphKind
  /** Offset of this paragraph's first character in the decoded input (before cleaning). */
  readonly sourceStart: number
  /** 1-based line number in the decoded input. */
  readonly line: number
}

/** Metadata read from the article text (or given by a JSONL record). */
export interface DocumentMeta {
  readonly title: string | null
  readonly byline: string | null
  readonly author: string | null
  /** Publication date, ISO 8601 (`2024-12-28`). */
  readonly date: string | null
  /** Local date-time when the byline gives a time (`2024-12-28T13:12`), no zone invented. */
  readonly datetime: string | null
  /** Source attributions ("The New York Times", "Baochinhphu.vn"). */
  readonly sources: readonly string[]
  readonly url: string | null
  readonly format: InputFormat
  /** Size of the raw input in bytes. */
  readonly bytes: number
  /**
   * Short name of the input: the file name without extension (`000_2f88a1b3149f2a67`), the
   * record's `id` for JSONL (else `<file name>:<line>`), `stdin` for standard input. Evaluations
   * match gold `doc` keys on it. Always set by `cleanText` (optional only for hand-built docs).
   */
  readonly name?: string | null
  /**
   * The id a JSONL record carried (`"id"` field), kept verbatim as a string. The document id
   * itself stays content-derived so that the same text always gets the same id.
   */
  readonly externalId?: string | null
}

/** How an input was read. `stdin` is plain text read from standard input. */
export type InputFormat = 'txt' | 'md' | 'html' | 'jsonl' | 'stdin'

/**
 * What the reader knew about an input before cleaning: its format, size, name, and the
 * metadata a JSONL record, HTML `<head>` or Markdown front matter gave. Assigned by
 * `readCorpus` (annotation key `input`); `cleanText` folds it into {@link DocumentMeta}.
 */
export interface InputInfo {
  readonly format: InputFormat
  /** Size of the raw input (file, or JSONL line) in bytes. */
  readonly bytes: number
  /** See {@link DocumentMeta.name}. */
  readonly name: string
  readonly externalId: string | null
  readonly title: string | null
  readonly author: string | null
  /** ISO 8601 date (`2024-12-28`) when the given date could be read, else null. */
  readonly date: string | null
  /** ISO local date-time (`2024-12-28T13:12`) when the given date had a time. */
  readonly datetime: string | null
  readonly url: string | null
}

/** One line removed by the cleaner, in offsets of the decoded input. */
export interface RemovedLine {
  readonly sourceStart: number
  readonly sourceEnd: number
  readonly line: number
  /** Stable rule: `image-file`, `navigation`, `related-list`, `repeated-title`, `junk-token`, ... */
  readonly rule: string
}

/** What cleaning did: removed lines and the size of the decoded input. */
export interface Cleaning {
  readonly sourceChars: number
  readonly removed: readonly RemovedLine[]
}

/** Duplicate marks. A duplicate stays in the stream; reports list it. */
export interface DuplicateInfo {
  /**
   * Id of the first document with identical cleaned text, if any. Ids come from the reader's
   * text, so two inputs with the same text share an id: use `ofSource` to tell them apart.
   */
  readonly exactOf: string | null
  /** Id of the first earlier document whose estimated Jaccard similarity >= threshold (null for exact duplicates). */
  readonly nearOf: string | null
  /** Estimated Jaccard similarity to the document named by `exactOf` or `nearOf` (1 for exact, 0 when none). */
  readonly similarity: number
  /** Source of the earlier document named by `exactOf` or `nearOf` (null when none). */
  readonly ofSource?: { readonly uri: string; readonly index: number } | null
  /** MinHash signature over character shingles (plain numbers so it serialises). */
  readonly minhash: readonly number[]
}

declare module '@corpus/core' {
  interface Annotations {
    /** Assigned by ingest's reader (`readCorpus`). */
    input: InputInfo
    /** Assigned by ingest's cleaner. */
    paragraphs: readonly Paragraph[]
    /** Assigned by ingest's cleaner. */
    meta: DocumentMeta
    /** Assigned by ingest's cleaner. */
    cleaning: Cleaning
    /** Assigned by ingest's dedup stage. */
    duplicate: DuplicateInfo
  }
}
