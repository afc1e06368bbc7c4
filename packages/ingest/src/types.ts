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
  readonly format: 'txt' | 'md' | 'html' | 'jsonl' | 'stdin'
  /** Size of the raw input in bytes. */
  readonly bytes: number
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
  /** Id of the first document with identical cleaned text, if any. */
  readonly exactOf: string | null
  /** Id of the first earlier document whose estimated Jaccard similarity >= threshold. */
  readonly nearOf: string | null
  /** Estimated Jaccard similarity to `nearOf` (0 when none). */
  readonly similarity: number
  /** MinHash signature over character shingles (plain numbers so it serialises). */
  readonly minhash: readonly number[]
}

declare module '@corpus/core' {
  interface Annotations {
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
