import { CorpusError } from '@corpus/core'
import { escapeInline as esc, mermaidLabel } from './internal/escape.js'
import { compareStrings } from './internal/records.js'
import type { Report, ReportContent, ReportDelta } from './schema.js'

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /** A "what changed" section (from {@link diffReports}); else `report.delta` when present. */
  readonly delta?: ReportDelta
  /** Rows per table before the "N more in report.json" line. @default 20 */
  readonly maxRows?: number
}

const NAMED = new Set(['PER', 'ORG', 'LOC', 'PRODUCT'])
const TYPE_ORDER = ['PER', 'ORG', 'LOC', 'PRODUCT', 'DATE', 'MONEY', 'PERCENT']

/** 12345 -> "12,345" (fixed, not the machine's locale). */
function fmt(n: number): string {
  const sign = n < 0 ? '-' : ''
  return sign + String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** A package name or version as a code span (no @-mention), escaped text when it is anything else. */
const code = (text: string): string => (/^[\w@/.:+-]{1,80}$/.test(text) ? `\`${text}\`` : esc(text))
const pct = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)}%`
const signed = (n: number): string => (n > 0 ? `+${fmt(n)}` : fmt(n))
const plural = (n: number, one: string, many = `${one}s`): string => `${fmt(n)} ${n === 1 ? one : many}`

function table(headers: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ]
}

/** A capped table: at most `max` rows, then "N more in report.json". */
function capped<T>(
  items: readonly T[],
  max: number,
  headers: readonly string[],
  align: readonly ('l' | 'r')[],
  row: (item: T, index: number) => string[],
  total = items.length,
): string[] {
  const shown = items.slice(0, max)
  const lines = table(headers, align, shown.map(row))
  const more = total - shown.length
  if (more > 0) lines.push('', `_${fmt(more)} more in report.json._`)
  return lines
}

function languageList(shares: Record<string, number>): string {
  return Object.entries(shares)
    .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))
    .map(([lang, share]) => `${esc(lang)} ${pct(share)}`)
    .join(', ')
}

/**
 * "Trung Quốc (vi) · 中國 (zh-Hant)": preferred names in their own script, most-mentioned language
 * first; one name used in several languages is listed once ("OpenAI (vi, en)").
 */
function namesByLanguage(names: Record<string, string>, languages: Record<string, number>): string {
  const langs = new Map<string, string[]>()
  const ordered = Object.entries(names).sort((a, b) => (languages[b[0]] ?? 0) - (languages[a[0]] ?? 0) || compareStrings(a[0], b[0]))
  for (const [lang, name] of ordered) langs.set(name, [...(langs.get(name) ?? []), lang])
  return [...langs].map(([name, ls]) => `${esc(name, 60)} (${ls.map((l) => esc(l)).join(', ')})`).join(' · ')
}

function summary(report: Report): string[] {
  const c = report.content
  const s = c.summary
  const langs = c.languages
    .filter((l) => l.documents > 0)
    .map((l) => `${esc(l.lang)} ${fmt(l.documents)}`)
    .join(', ')
  const other = c.entities.filter((e) => !NAMED.has(e.type)).length
  const rows: string[][] = [
    ['Documents', fmt(s.documents)],
    ['Languages (documents)', langs || '—'],
    ['Characters', fmt(s.characters)],
    ['Paragraphs', fmt(s.paragraphs)],
    ['Entities', `${fmt(s.entities - other)} named + ${fmt(other)} dates/amounts, ${plural(s.mentions, 'mention')}`],
    ['Entities in more than one language', fmt(c.crossLanguage.length)],
    ['Mixed-language documents', fmt(s.mixedDocuments)],
    ['Duplicate groups', `${fmt(s.duplicateGroups)} (${plural(s.duplicateDocuments, 'duplicate document')})`],
    ['Dated documents', s.dateRange ? `${fmt(s.datedDocuments)} (${esc(s.dateRange.from)} to ${esc(s.dateRange.to)})` : fmt(s.datedDocuments)],
    ['Quarantined inputs', fmt(s.quarantined)],
  ]
  return [
    '# Corpus report',
    '',
    `**${plural(s.documents, 'document')}** in ${plural(s.languages, 'language')}, ${plural(s.characters, 'character')}, ` +
      `${plural(s.entities, 'entity', 'entities')} (${plural(s.mentions, 'mention')}), ${fmt(s.quarantined)} quarantined.`,
    '',
    ...table(['Summary', ''], ['l', 'r'], rows),
    '',
    `<sub>${code(report.run.tool.name)} ${code(report.run.tool.version)}${report.run.pipeline ? `, pipeline ${code(report.run.pipeline)}` : ''}, ` +
      `report schema v${report.schemaVersion}. report.json is the source of truth; this page is rendered from it.</sub>`,
  ]
}

function deltaSection(delta: ReportDelta, max: number): string[] {
  const out = ['## What changed', '']
  if (!delta.changed) {
    out.push('Nothing changed since the previous report: same documents, entities, mentions and languages.')
    return out
  }
  out.push(
    `Documents ${fmt(delta.documents.before)} → ${fmt(delta.documents.after)} (${signed(delta.documents.after - delta.documents.before)}), ` +
      `mentions ${fmt(delta.mentions.before)} → ${fmt(delta.mentions.after)} (${signed(delta.mentions.after - delta.mentions.before)}).`,
  )
  if (delta.newLanguages.length > 0) {
    out.push('', `Languages seen for the first time: ${delta.newLanguages.map((l) => `**${esc(l.lang)}** (${plural(l.documents, 'document')})`).join(', ')}.`)
  }
  const docTable = (title: string, docs: ReportDelta['newDocuments']): void => {
    if (docs.length === 0) return
    out.push('', `### ${title} (${fmt(docs.length)})`, '')
    out.push(...capped(docs, max, ['Title', 'Language', 'Source'], ['l', 'l', 'l'], (d) => [d.title === null ? '_(untitled)_' : esc(d.title, 100), esc(d.lang), esc(d.source.uri, 80)]))
  }
  const entityTable = (title: string, entities: ReportDelta['newEntities']): void => {
    if (entities.length === 0) return
    out.push('', `### ${title} (${fmt(entities.length)})`, '')
    out.push(...capped(entities, max, ['Entity', 'Type', 'Mentions'], ['l', 'l', 'r'], (e) => [esc(e.name, 60), esc(e.type), fmt(e.mentions)]))
  }
  const changeTable = (title: string, changes: ReportDelta['rose']): void => {
    if (changes.length === 0) return
    out.push('', `### ${title}`, '')
    out.push(
      ...capped(changes, max, ['Entity', 'Type', 'Before', 'After', 'Change'], ['l', 'l', 'r', 'r', 'r'], (c) => [
        esc(c.name, 60),
        esc(c.type),
        fmt(c.before),
        fmt(c.after),
        signed(c.change),
      ]),
    )
  }
  docTable('New documents', delta.newDocuments)
  docTable('Documents no longer present', delta.removedDocuments)
  entityTable('New entities', delta.newEntities)
  entityTable('Entities no longer mentioned', delta.removedEntities)
  changeTable('Mentions rose most', delta.rose)
  changeTable('Mentions fell most', delta.fell)
  return out
}

function languagesSection(c: ReportContent): string[] {
  const total = c.languages.reduce((n, l) => n + l.characters, 0)
  const out = ['## Languages', '']
  const charted = c.languages.filter((l) => l.characters > 0)
  if (charted.length > 0) {
    out.push('```mermaid', 'pie showData title Characters by paragraph language')
    for (const l of [...charted].sort((a, b) => b.characters - a.characters || compareStrings(a.lang, b.lang))) {
      out.push(`  "${mermaidLabel(l.lang)}" : ${l.characters}`)
    }
    out.push('```', '')
  }
  out.push(
    ...table(
      ['Language', 'Documents', 'Paragraphs', 'Characters', 'Share'],
      ['l', 'r', 'r', 'r', 'r'],
      c.languages.map((l) => [esc(l.lang), fmt(l.documents), fmt(l.paragraphs), fmt(l.characters), total > 0 ? pct(l.characters / total) : '—']),
    ),
    '',
    '<sub>Documents count each document once, by its main language; paragraphs and characters follow the label of each paragraph.</sub>',
  )
  if (c.mixedDocuments.length > 0) {
    out.push('', '### Mixed-language documents', '')
    out.push(...capped(c.mixedDocuments, 20, ['Title', 'Main', 'Shares'], ['l', 'l', 'l'], (d) => [d.title === null ? '_(untitled)_' : esc(d.title, 100), esc(d.lang), languageList(d.shares)]))
  }
  return out
}

function documentsSection(c: ReportContent, max: number): string[] {
  const titles = new Map(c.documents.map((d) => [d.id, d.title ?? d.id]))
  const withDuplicates = c.documents.some((d) => d.duplicateOf !== null)
  const source = (s: { uri: string; index: number }): string => `${esc(s.uri, 80)}${s.index > 0 ? ` #${s.index}` : ''}`
  return [
    '## Documents',
    '',
    ...capped(
      c.documents,
      max,
      ['Title / source', 'Language', 'Date', 'Characters', 'Paragraphs', 'Entities PER / ORG / LOC / other', ...(withDuplicates ? ['Duplicate of'] : [])],
      ['l', 'l', 'l', 'r', 'r', 'r', ...(withDuplicates ? (['l'] as const) : [])],
      (d) => {
        const by = (t: string): number => d.entities[t] ?? 0
        const other = Object.entries(d.entities)
          .filter(([t]) => !['PER', 'ORG', 'LOC'].includes(t))
          .reduce((n, [, v]) => n + v, 0)
        const lang = d.language ? `${esc(d.language.lang)}${d.language.mixed ? ` (mixed: ${languageList(d.language.shares)})` : ''}` : '—'
        return [
          `${d.title === null ? '_(untitled)_' : esc(d.title, 100)}<br><sub>${source(d.source)}</sub>`,
          lang,
          esc(d.date),
          fmt(d.characters),
          fmt(d.paragraphs),
          `${fmt(by('PER'))} / ${fmt(by('ORG'))} / ${fmt(by('LOC'))} / ${fmt(other)}`,
          ...(withDuplicates
            ? [d.duplicateOf ? `${esc(titles.get(d.duplicateOf.id) ?? d.duplicateOf.id, 60)}<br><sub>${source(d.duplicateOf.source)}</sub>` : '—']
            : []),
        ]
      },
    ),
  ]
}

function entitiesSection(c: ReportContent, max: number): string[] {
  const named = c.entities.filter((e) => NAMED.has(e.type))
  const out = ['## Entities', '']
  const top = named.slice(0, 10)
  if (top.length > 0) {
    const peak = Math.max(...top.map((e) => e.mentions))
    out.push(
      '```mermaid',
      'xychart-beta horizontal',
      '  title "Top entities by mentions"',
      `  x-axis [${top.map((e) => `"${mermaidLabel(e.name, 22)}"`).join(', ')}]`,
      `  y-axis "Mentions" 0 --> ${Math.max(1, peak)}`,
      `  bar [${top.map((e) => e.mentions).join(', ')}]`,
      '```',
      '',
    )
  }
  out.push(
    ...capped(
      named,
      max,
      ['Entity', 'Type', 'Names in the articles', 'Mentions', 'Documents', 'Surface forms'],
      ['l', 'l', 'l', 'r', 'r', 'r'],
      (e) => [`**${esc(e.name, 60)}**`, esc(e.type), namesByLanguage(e.names, e.languages), fmt(e.mentions), fmt(e.documents), fmt(e.forms.length)],
    ),
  )
  const values = c.entities.filter((e) => !NAMED.has(e.type))
  if (values.length > 0) {
    const byType = new Map<string, number>()
    for (const e of values) byType.set(e.type, (byType.get(e.type) ?? 0) + e.mentions)
    const parts = [...byType]
      .sort((a, b) => TYPE_ORDER.indexOf(a[0]) - TYPE_ORDER.indexOf(b[0]) || compareStrings(a[0], b[0]))
      .map(([t, n]) => `${esc(t)} ${fmt(n)}`)
    out.push('', `Dates, amounts and percentages: ${plural(values.length, 'distinct value')} (mentions: ${parts.join(', ')}), listed in report.json.`)
  }
  return out
}

function crossLanguageSection(c: ReportContent, max: number): string[] {
  const out = ['## Entities across languages', '']
  if (c.crossLanguage.length === 0) return [...out, 'No entity was mentioned in more than one language.']
  const langs = new Map<string, number>()
  for (const e of c.crossLanguage) for (const [lang, n] of Object.entries(e.languages)) langs.set(lang, (langs.get(lang) ?? 0) + n)
  const columns = [...langs].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([lang]) => lang)
  out.push(
    `${plural(c.crossLanguage.length, 'entity', 'entities')} appear under more than one language. Each cell is the preferred name in that language, with its mentions.`,
    '',
    ...capped(c.crossLanguage, max, ['Entity', 'Type', ...columns.map((l) => esc(l))], ['l', 'l', ...columns.map(() => 'l' as const)], (e) => [
      `**${esc(e.name, 60)}**`,
      esc(e.type),
      ...columns.map((lang) => (e.names[lang] !== undefined ? `${esc(e.names[lang], 40)} (${fmt(e.languages[lang] ?? 0)})` : '')),
    ]),
  )
  return out
}

function cooccurrenceSection(c: ReportContent, max: number): string[] {
  const names = new Map(c.entities.map((e) => [e.id, e.name]))
  const name = (id: string): string => esc(names.get(id) ?? id, 50)
  const out = ['## Entities mentioned together', '']
  const part = (title: string, unit: string, t: ReportContent['cooccurrence']['paragraph']): void => {
    out.push(`### ${title}`, '')
    if (t.pairs.length === 0) {
      out.push('No pair.', '')
      return
    }
    out.push(...capped(t.pairs, max, ['Entity', 'Entity', unit], ['l', 'l', 'r'], (p) => [name(p.a), name(p.b), fmt(p.count)], t.total), '')
  }
  part('In the same paragraph', 'Paragraphs', c.cooccurrence.paragraph)
  part('In the same document', 'Documents', c.cooccurrence.document)
  out.pop()
  return out
}

function keywordsSection(c: ReportContent, max: number): string[] {
  const out = ['## Keywords', '']
  const tables = c.keywords.filter((k) => k.terms.length > 0)
  if (tables.length === 0) return [...out, 'No keyword.']
  const rows = Math.min(max, Math.max(...tables.map((k) => k.terms.length)))
  out.push(
    'Corpus TF-IDF per language: Chinese words segmented with jieba, Vietnamese and other space-separated languages as syllables and syllable pairs, stopwords removed.',
    '',
    ...table(
      ['#', ...tables.map((k) => `${esc(k.lang)} (${plural(k.documents, 'doc')})`)],
      ['r', ...tables.map(() => 'l' as const)],
      Array.from({ length: rows }, (_, i) => [
        String(i + 1),
        ...tables.map((k) => {
          const t = k.terms[i]
          return t ? `${esc(t.term, 40)} (${fmt(t.count)})` : ''
        }),
      ]),
    ),
  )
  return out
}

function timelineSection(c: ReportContent, max: number): string[] {
  const t = c.timeline
  const out = ['## Timeline', '']
  if (t.series.length === 0) {
    return [...out, `No dated mentions: ${plural(t.undatedDocuments, 'document')} without a publication date.`]
  }
  out.push(
    `Mentions by article date (${plural(t.datedDocuments, 'dated document')}, ${fmt(t.undatedDocuments)} without a date).`,
    '',
    ...capped(
      t.series,
      max,
      ['Entity', 'Mentions', 'By date'],
      ['l', 'r', 'l'],
      (s) => {
        const shown = s.points.slice(-6).map((p) => `${esc(p.date)}: ${fmt(p.mentions)}`)
        const hidden = s.points.length - shown.length
        return [esc(s.name, 60), fmt(s.mentions), `${hidden > 0 ? `(${fmt(hidden)} earlier dates) ` : ''}${shown.join(', ')}`]
      },
      t.entities,
    ),
  )
  return out
}

function duplicatesSection(c: ReportContent, max: number): string[] {
  const out = ['## Duplicates', '']
  if (c.duplicates.length === 0) return [...out, 'No exact or near-duplicate documents.']
  const titles = new Map(c.documents.map((d) => [d.id, d.title ?? d.id]))
  const rows = c.duplicates.flatMap((g, i) => g.members.map((m) => ({ group: i + 1, ...m })))
  out.push(
    ...capped(rows, max, ['Group', 'Document', 'Source', 'Kind', 'Similarity'], ['r', 'l', 'l', 'l', 'r'], (m) => [
      String(m.group),
      esc(titles.get(m.id) ?? m.id, 80),
      esc(m.source.uri, 80),
      m.kind,
      m.kind === 'representative' ? '—' : m.similarity.toFixed(2),
    ]),
  )
  return out
}

function quarantineSection(c: ReportContent, max: number): string[] {
  const q = c.quarantine
  const out = ['## Quarantine', '']
  if (q.total === 0) return [...out, 'No input was quarantined.']
  out.push(
    `${plural(q.total, 'input')} quarantined; each is a line of quarantine.jsonl.`,
    '',
    '### By rule',
    '',
    ...capped(q.byRule, max, ['Stage', 'Rule', 'Inputs'], ['l', 'l', 'r'], (r) => [esc(r.stage), esc(r.rule), fmt(r.count)]),
    '',
    '### By input',
    '',
    ...capped(q.entries, max, ['Source', 'Stage', 'Rule', 'Reason'], ['l', 'l', 'l', 'l'], (e) => [
      `${esc(e.source.uri, 80)}${e.source.index > 0 ? ` #${e.source.index}` : ''}`,
      esc(e.stage),
      esc(e.rule),
      esc(e.reason, 120),
    ]),
  )
  return out
}

/**
 * Render `report.md` from a report: summary first, then "what changed" (with a delta), languages
 * (Mermaid pie), documents, entities (Mermaid bar chart), entities across languages,
 * co-occurrence, keywords, timeline, duplicates and quarantine. Tables stop after `maxRows` with
 * "N more in report.json". All article text is escaped. Deterministic: same report, same bytes.
 *
 * @example
 * await writeFile('reports/report.md', renderMarkdown(report, { delta: diffReports(previous, report) }))
 */
export function renderMarkdown(report: Report, options: RenderMarkdownOptions = {}): string {
  const max = options.maxRows ?? 20
  if (!Number.isInteger(max) || max < 1) throw new CorpusError('E_CONFIG', `maxRows must be an integer >= 1, got ${String(max)}`)
  const c = report.content
  const delta = options.delta ?? report.delta
  const sections: string[][] = [
    summary(report),
    ...(delta ? [deltaSection(delta, max)] : []),
    languagesSection(c),
    documentsSection(c, max),
    entitiesSection(c, max),
    crossLanguageSection(c, max),
    cooccurrenceSection(c, max),
    keywordsSection(c, max),
    timelineSection(c, max),
    duplicatesSection(c, max),
    quarantineSection(c, max),
  ]
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`
}
