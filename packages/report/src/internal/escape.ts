/**
 * Escaping of untrusted article text for GitHub-flavoured Markdown. Every character that Markdown,
 * GFM tables, HTML, math or GitHub's autolinking reads as syntax is escaped (a character reference
 * or a backslash), so text is shown as written and can neither break a table nor inject a link, an
 * image, HTML or code.
 */
const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  // A pipe is a reference, not `\|`: GFM splits table cells before it reads backslash escapes.
  '|': '&#124;',
}

// Line breaks, controls and bidi overrides: a newline would end a table row; an override could
// make a cell read backwards.
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/gu
const INVISIBLE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu

/** Cut to `maxChars` code points, with an ellipsis when cut. */
export function truncate(text: string, maxChars: number): string {
  const chars = [...text]
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('').trimEnd()}…`
}

/**
 * One line of escaped text, safe inside a table cell, a list item or a heading. Empty text becomes
 * an em dash so a cell is never blank.
 */
export function escapeInline(text: string | null | undefined, maxChars = 160): string {
  if (text === null || text === undefined) return '—'
  const flat = truncate(text.replace(INVISIBLE, '').replace(BREAKING, ' ').trim(), maxChars)
  if (flat === '') return '—'
  return (
    flat
      // Backslash escapes keep the text readable in a terminal pager (before the references,
      // whose `#` must stay as it is).
      .replace(/[\\`*_~$#[\]]/g, (c) => `\\${c}`)
      .replace(/[&<>|]/g, (c) => REFERENCES[c] ?? c)
      // No autolinks (`https://`, `www.`) and no @-mentions of GitHub users.
      .replace(/:\/\//g, ':&#47;&#47;')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}&#46;`)
      .replace(/@/g, '&#64;\u2060')
  )
}

/**
 * A label inside a Mermaid chart: Mermaid has no escaping of its own inside quotes, so everything
 * but letters, digits, spaces and harmless punctuation becomes a space.
 */
export function mermaidLabel(text: string, maxChars = 28): string {
  const clean = text
    .replace(/[^\p{L}\p{M}\p{N} .,'()+-]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
  return clean === '' ? '?' : truncate(clean, maxChars)
}
