/**
 * Annotation slices, one key per owning stage. Stage packages add their key by module
 * augmentation (`declare module '@corpus/core' { interface Annotations { language: ... } }`),
 * so core never imports a stage.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Annotations {}

/** A non-fatal warning attached to a document. */
export interface Note {
  readonly stage: string
  readonly rule: string
  readonly reason: string
}

/** Where a document came from: the input's URI (a path, `stdin`, ...) and its index in that input. */
export interface DocSource {
  readonly uri: string
  /** Position of the document inside its input (0 for a plain file, the line number - 1 for JSONL). */
  readonly index: number
}

/** One document flowing through the pipeline. Immutable and plain JSON. */
export interface Doc {
  /** Stable, derived from the content; never random. */
  readonly id: string
  /** NFC-normalised text. Every offset in every annotation is a UTF-16 index into it. */
  readonly text: string
  readonly source: DocSource
  readonly annotations: Readonly<Partial<Annotations>>
  readonly notes: readonly Note[]
}

/** Build a document with no annotations yet. */
export function createDoc(init: { id: string; text: string; source: DocSource; annotations?: Partial<Annotations> }): Doc {
  return { id: init.id, text: init.text, source: init.source, annotations: { ...(init.annotations ?? {}) }, notes: [] }
}

/** Return a copy of `doc` with one annotation key set. Never mutates `doc`. */
export function withAnnotation<K extends keyof Annotations>(doc: Doc, key: K, value: Annotations[K]): Doc {
  return { ...doc, annotations: { ...doc.annotations, [key]: value } }
}

/** Return a copy of `doc` with the text replaced; used by cleaning stages that own the text. */
export function withText(doc: Doc, text: string): Doc {
  return { ...doc, text }
}

/** Return a copy of `doc` with one more note. */
export function withNote(doc: Doc, note: Note): Doc {
  return { ...doc, notes: [...doc.notes, note] }
}
