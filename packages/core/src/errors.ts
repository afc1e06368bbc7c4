/** Stable error codes for fatal failures (the run stops). */
export type CorpusErrorCode =
  | 'E_CONFIG'
  | 'E_INPUT'
  | 'E_OUTPUT'
  | 'E_ABORT'
  | 'E_INVARIANT'
  | 'E_QUARANTINE_RATIO'
  | 'E_PIPELINE'
  | 'E_QUEUE'

/** A fatal error: invalid config, unwritable output, abort, broken invariant. */
export class CorpusError extends Error {
  readonly code: CorpusErrorCode
  constructor(code: CorpusErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CorpusError'
    this.code = code
  }
}

/** True when `value` is a {@link CorpusError}, also across module copies. */
export function isCorpusError(value: unknown): value is CorpusError {
  return value instanceof Error && value.name === 'CorpusError' && typeof (value as { code?: unknown }).code === 'string'
}
