/** Markdown turned into plain text lines, with what its front matter said. */
export interface MarkdownExtract {
  readonly text: string
  readonly title: string | null
  readonly author: string | null
  readonly date: string | null
  readonly url: string | null
}

/**
 * Strip Markdown syntax line by line so the cleaner sees the same text a reader would: YAML
 * front matter (its `title`, `author`, `date`, `url` are kept as hints), heading marks, emphasis,
 * inline code, link syntax (the link text stays), HTML tags, fences and rules. An image on its own
 * line becomes its file name, so the cleaner treats it like an image line in a text file (and
 * the line after it as a possible caption).
 */
export function extractMarkdown(source: string): MarkdownExtract {
  let body = source
  const hints: Record<string, string> = {}
  const front = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/.exec(source)
  if (front) {
    body = source.slice(front[0].length)
    for (const line of (front[1] ?? '').split('\n')) {
      const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line)
      if (m?.[1] && m[2]) hints[m[1].toLowerCase()] = m[2].trim().replace(/^(["'])(.*)\1$/, '$2')
    }
  }
  const lines: string[] = []
  for (const raw of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) continue // fence line; the code inside stays as text
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(raw) || /^\s{0,3}(=+|-+)\s*$/.test(raw)) {
      lines.push('') // thematic break or setext underline
      continue
    }
    if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(raw)) {
      lines.push('') // link reference definition
      continue
    }
    const image = /^\s*!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)\s*$/.exec(raw)
    if (image?.[1]) {
      lines.push(image[1])
      continue
    }
    let line = raw
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/\s+#+\s*$/, '')
      .replace(/^\s{0,3}>\s?/, '')
      .replace(/^(\s*)[-*+]\s+/, '$1• ')
    // The inline patterns scan (and some backtrack) the whole line: only run those whose marker
    // character the line has.
    if (line.includes('[')) {
      line = line
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    }
    if (line.includes('<')) line = line.replace(/<\/?[A-Za-z][^>]*>/g, '')
    if (line.includes('*') || line.includes('_')) {
      line = line
        .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
        .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1$2')
        .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2')
    }
    if (line.includes('`')) line = line.replace(/`([^`]+)`/g, '$1')
    line = line.replace(/\s+$/, '')
    lines.push(line)
  }
  const hint = (...keys: string[]): string | null => {
    for (const key of keys) if (hints[key]) return hints[key] ?? null
    return null
  }
  return {
    text: lines.join('\n'),
    title: hint('title'),
    author: hint('author', 'byline'),
    date: hint('date', 'published', 'pubdate'),
    url: hint('url', 'canonical', 'link'),
  }
}
