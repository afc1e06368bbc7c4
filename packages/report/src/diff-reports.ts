import { CorpusError } from '@corpus/core'
import { compareStrings } from './internal/records.js'
import { ReportSchema, type Report, type ReportDelta } from './schema.js'

/** Options of {@link diffReports}. */
export interface DiffReportsOptions {
  /** Entities kept in each of `rose` and `fell`. @default 25 */
  readonly maxChanges?: number
}

/**
 * Check that `value` is a `report.json` this version can read (for `--since <report.json>`).
 * Throws `E_INPUT` naming the first problem.
 */
export function parseReport(value: unknown): Report {
  const parsed = ReportSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion
  throw new CorpusError(
    'E_INPUT',
    `not a report.json of schemaVersion ${ReportSchema.shape.schemaVersion.value} (found schemaVersion ${String(version)}): ` +
      `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
  )
}

/**
 * What changed from `previous` to `current`: new and removed documents (by id), new and removed
 * entities, the entities whose mentions rose or fell most, and languages seen for the first time.
 * Only the content is compared, never the `run` header, so re-running on the same input gives a
 * delta with `changed: false` and empty lists. `previous` is validated first (`E_INPUT`).
 *
 * @example
 * const delta = diffReports(parseReport(JSON.parse(await readFile('reports/report.json', 'utf8'))), report)
 */
export function diffReports(previous: Report, current: Report, options: DiffReportsOptions = {}): ReportDelta {
  const before = parseReport(previous).content
  const after = current.content
  const maxChanges = options.maxChanges ?? 25
  if (!Number.isInteger(maxChanges) || maxChanges < 0) throw new CorpusError('E_CONFIG', `maxChanges must be an integer >= 0, got ${maxChanges}`)

  const docIds = (docs: Report['content']['documents']): Set<string> => new Set(docs.map((d) => d.id))
  const beforeDocs = docIds(before.documents)
  const afterDocs = docIds(after.documents)
  const docRow = (d: Report['content']['documents'][number]): ReportDelta['newDocuments'][number] => ({
    id: d.id,
    title: d.title,
    lang: d.language?.lang ?? null,
    source: { ...d.source },
  })
  const newDocuments = after.documents.filter((d) => !beforeDocs.has(d.id)).map(docRow)
  const removedDocuments = before.documents.filter((d) => !afterDocs.has(d.id)).map(docRow)

  const beforeEntities = new Map(before.entities.map((e) => [e.id, e]))
  const afterEntities = new Map(after.entities.map((e) => [e.id, e]))
  const entityRow = (e: Report['content']['entities'][number]): ReportDelta['newEntities'][number] => ({
    id: e.id,
    type: e.type,
    name: e.name,
    mentions: e.mentions,
  })
  const newEntities = after.entities.filter((e) => !beforeEntities.has(e.id)).map(entityRow)
  const removedEntities = before.entities.filter((e) => !afterEntities.has(e.id)).map(entityRow)

  const changes: ReportDelta['rose'] = []
  for (const e of after.entities) {
    const old = beforeEntities.get(e.id)
    if (old && old.mentions !== e.mentions) {
      changes.push({ id: e.id, type: e.type, name: e.name, before: old.mentions, after: e.mentions, change: e.mentions - old.mentions })
    }
  }
  const rose = changes.filter((c) => c.change > 0).sort((a, b) => b.change - a.change || compareStrings(a.id, b.id))
  const fell = changes.filter((c) => c.change < 0).sort((a, b) => a.change - b.change || compareStrings(a.id, b.id))

  const seenBefore = new Set(before.languages.filter((l) => l.documents > 0).map((l) => l.lang))
  const newLanguages = after.languages
    .filter((l) => l.documents > 0 && !seenBefore.has(l.lang))
    .map((l) => ({ lang: l.lang, documents: l.documents }))

  const mentions = (c: Report['content']): number => c.entities.reduce((n, e) => n + e.mentions, 0)
  const changed =
    newDocuments.length + removedDocuments.length + newEntities.length + removedEntities.length + changes.length + newLanguages.length > 0
  return {
    changed,
    documents: { before: before.documents.length, after: after.documents.length },
    mentions: { before: mentions(before), after: mentions(after) },
    newDocuments,
    removedDocuments,
    newEntities,
    removedEntities,
    rose: rose.slice(0, maxChanges),
    fell: fell.slice(0, maxChanges),
    newLanguages,
  }
}
