import { Parser } from 'htmlparser2'

/** The main text of an HTML page and what its `<head>` says about it. */
export interface HtmlExtract {
  /** One block (paragraph, heading, list item, caption) per line, blocks separated by a blank line. */
  readonly text: string
  readonly title: string | null
  readonly author: string | null
  readonly date: string | null
  readonly url: string | null
}

/** Elements whose whole subtree is never article text. */
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed', 'video', 'audio',
  'nav', 'footer', 'aside', 'form', 'button', 'select', 'textarea', 'input', 'dialog', 'menu', 'head',
])
/** Share of the page's text that must remain after dropping class/id chrome, else those hints are ignored. */
const MIN_KEPT_SHARE = 0.3
/** Elements that start a new line of text. */
const BLOCK = new Set([
  'address', 'article', 'blockquote', 'body', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'br', 'center',
])
const SKIP_ROLES = /^(navigation|banner|contentinfo|complementary|search|menu|menubar|dialog|alert)$/i
// Class/id words of page chrome (after Mozilla Readability's "unlikely candidates").
const UNLIKELY = /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|footer|sidebar|share|sharing|social|comments?|related|advert|ads|banner|cookie|popup|modal|newsletter|subscribe|sponsor|promo|pagination|pager|masthead|tags?)([\s_-]|$)/i

interface Block {
  readonly text: string
  readonly inMain: boolean
  readonly inChrome: boolean
  readonly tag: string
}

/**
 * Extract the main text of an HTML page with htmlparser2: scripts, styles, navigation, footers,
 * asides, forms and hidden elements are dropped; each block element becomes one line. When the
 * page has `<article>`/`<main>` (or `role="main"`, `itemprop="articleBody"`) content, only that
 * content is kept, plus the page's `<h1>` if the article block has none. Elements whose class or
 * id names page chrome (`related`, `share`, `sidebar`, ...) are dropped too, unless that would
 * leave less than 30% of the text (a wrapper like `has-sidebar` around the whole page).
 */
export function extractHtml(html: string): HtmlExtract {
  const blocks: Block[] = []
  const stack: { name: string; skip: boolean; main: boolean; chrome: boolean }[] = []
  let buffer = ''
  let skipDepth = 0
  let mainDepth = 0
  let chromeDepth = 0
  let preDepth = 0
  let inTitle = false
  let titleText = ''
  let firstH1Outside: string | null = null
  let currentTag = 'body'
  const metaTags: Record<string, string> = {}
  let canonical: string | null = null
  let timeDatetime: string | null = null

  const flush = (): void => {
    const text = preDepth > 0 ? buffer.replace(/^\n+|\s+$/g, '') : buffer.replace(/\s+/g, ' ').trim()
    buffer = ''
    if (!text) return
    if (currentTag === 'h1' && mainDepth === 0 && firstH1Outside === null) firstH1Outside = text
    blocks.push({ text, inMain: mainDepth > 0, inChrome: chromeDepth > 0, tag: currentTag })
  }

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const role = attribs.role ?? ''
        const classId = `${attribs.class ?? ''} ${attribs.id ?? ''}`
        const isMain = name === 'article' || name === 'main' || /^main$/i.test(role) || /articleBody/i.test(attribs.itemprop ?? '')
        const hidden =
          'hidden' in attribs || attribs['aria-hidden'] === 'true' || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attribs.style ?? '')
        const chrome = !isMain && name !== 'body' && name !== 'html' && UNLIKELY.test(classId)
        const skip = SKIP.has(name) || SKIP_ROLES.test(role) || hidden
        if (name === 'title' && stack.at(-1)?.name === 'head') inTitle = true
        if (name === 'meta') {
          const key = (attribs.property ?? attribs.name ?? attribs.itemprop ?? '').toLowerCase()
          if (key && attribs.content && !(key in metaTags)) metaTags[key] = attribs.content
        }
        if (name === 'link' && /\bcanonical\b/i.test(attribs.rel ?? '') && attribs.href) canonical ??= attribs.href
        if (name === 'time' && attribs.datetime && timeDatetime === null) timeDatetime = attribs.datetime
        if (skipDepth === 0 && BLOCK.has(name)) {
          flush()
          currentTag = name
        }
        stack.push({ name, skip, main: isMain, chrome })
        if (skip) skipDepth += 1
        if (isMain) mainDepth += 1
        if (chrome) chromeDepth += 1
        if (name === 'pre') preDepth += 1
      },
      ontext(data) {
        if (inTitle) titleText += data
        if (skipDepth === 0) buffer += data
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false
        const open = stack.pop()
        if (!open) return
        if (skipDepth === 0 && BLOCK.has(open.name)) {
          flush()
          currentTag = stack.findLast((e) => BLOCK.has(e.name) && e.name !== 'br' && e.name !== 'hr')?.name ?? 'body'
        }
        if (open.skip) skipDepth -= 1
        if (open.main) mainDepth -= 1
        if (open.chrome) chromeDepth -= 1
        if (open.name === 'pre') preDepth -= 1
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.write(html)
  parser.end()
  flush()

  const size = (list: readonly Block[]): number => list.reduce((n, b) => n + b.text.length, 0)
  const mainBlocks = blocks.filter((b) => b.inMain)
  let chosen = mainBlocks.length > 0 ? mainBlocks : blocks
  const withoutChrome = chosen.filter((b) => !b.inChrome)
  if (size(withoutChrome) >= MIN_KEPT_SHARE * size(chosen)) chosen = withoutChrome
  const kept = chosen.map((b) => b.text)
  if (mainBlocks.length > 0 && !chosen.some((b) => b.tag === 'h1') && firstH1Outside !== null) kept.unshift(firstH1Outside)
  const clean = (value: string | null | undefined): string | null => {
    const v = value?.replace(/\s+/g, ' ').trim()
    return v ? v : null
  }
  return {
    text: kept.join('\n\n'),
    title: clean(metaTags['og:title']) ?? clean(titleText),
    author: clean(metaTags.author) ?? clean(metaTags['article:author']),
    date: clean(metaTags['article:published_time']) ?? clean(metaTags.datepublished) ?? clean(metaTags.pubdate) ?? clean(metaTags.date) ?? clean(timeDatetime),
    url: clean(canonical) ?? clean(metaTags['og:url']),
  }
}

/** The charset an HTML page declares in its first 2 KB (`<meta charset>` or http-equiv), if any. */
export function sniffHtmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048))
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head)
  return match?.[1]?.toLowerCase() ?? null
}
