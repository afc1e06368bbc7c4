import { createHash } from 'node:crypto'

/**
 * Stable id of a text: the first 16 hex digits of the SHA-256 of its UTF-8 bytes. The same
 * text always gets the same id, on every machine and run.
 *
 * @example
 * contentId('Xin chào') // '…16 hex digits…'
 */
export function contentId(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16)
}
