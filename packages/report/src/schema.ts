import { z } from 'zod'

/**
 * The zod schemas of `report.json`. The TypeScript types below are inferred from them and the
 * shipped JSON Schema (`schema/report.schema.json`, {@link reportJsonSchema}) is generated from
 * them, so the three never drift apart.
 */

/** Version of the `report.json` layout; bumped on any incompatible change. */
export const REPORT_SCHEMA_VERSION = 1 as const

const count = z.number().int().nonnegative()
const counts = z.record(z.string(), count)

const SourceRef = z
  .object({
    uri: z.string().describe('Input the document came from, as given to the reader'),
    index: count.describe('Position of the document inside its input'),
  })
  .strict()

// Not strict: fields core may add to RunStats later are dropped when the header is parsed.
const RunStatsSchema = z.object({
  read: count,
  written: count,
  quarantined: count,
  quarantineByRule: counts.describe('Quarantined inputs by `stage/rule`'),
  counters: z.record(z.string(), z.number()).describe('Counters by `stage/metric`'),
})

/** The `run` header: everything that may differ between two runs over the same input. */
export const RunHeaderSchema = z
  .object({
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    pipeline: z.string().optional(),
    inputs: z.array(z.string()).describe('Input paths as given on the command line'),
    options: z.record(z.string(), z.unknown()).describe('Options the pipeline ran with (plain JSON)'),
    stats: RunStatsSchema,
    durationMs: z.number().nonnegative(),
    timings: z.record(z.string(), z.number().nonnegative()).optional().describe('Extra timings in milliseconds, by phase'),
    startedAt: z.string().optional().describe('ISO 8601 start time'),
  })
  .strict()

const LanguageInfo = z
  .object({
    lang: z.string().describe('BCP 47 tag of the document (`vi`, `zh-Hant`, `en`, `und`)'),
    confidence: z.number().min(0).max(1),
    shares: z.record(z.string(), z.number().min(0).max(1)).describe('Share of letters per language'),
    mixed: z.boolean(),
  })
  .strict()

const DocumentRow = z
  .object({
    id: z.string(),
    source: SourceRef,
    title: z.string().nullable(),
    byline: z.string().nullable(),
    author: z.string().nullable(),
    date: z.string().nullable().describe('Publication date, ISO 8601'),
    sources: z.array(z.string()).describe('Source attributions ("Vietnamnet")'),
    url: z.string().nullable(),
    language: LanguageInfo.nullable(),
    characters: count.describe('Unicode code points of the cleaned text'),
    paragraphs: count,
    entities: counts.describe('Entity mentions by type (PER, ORG, LOC, ...)'),
    mentions: count,
    duplicateOf: z
      .object({ id: z.string(), source: SourceRef })
      .strict()
      .nullable()
      .describe('Representative of the duplicate group this document belongs to (ids repeat for identical text, so with its source)'),
  })
  .strict()

const LanguageRow = z
  .object({
    lang: z.string(),
    documents: count.describe('Documents whose main language this is'),
    characters: count.describe('Characters of paragraphs labelled with this language'),
    paragraphs: count.describe('Paragraphs labelled with this language'),
  })
  .strict()

const MixedDocument = z
  .object({ id: z.string(), title: z.string().nullable(), lang: z.string(), shares: z.record(z.string(), z.number()) })
  .strict()

const DuplicateMember = z
  .object({
    id: z.string(),
    source: SourceRef,
    kind: z.enum(['representative', 'exact', 'near']),
    similarity: z
      .number()
      .min(0)
      .max(1)
      .describe('MinHash Jaccard estimate to the representative (1 for exact copies), over 16-bit hashes of the signature values'),
  })
  .strict()

const DuplicateGroup = z.object({ representative: z.string(), members: z.array(DuplicateMember).min(2) }).strict()

const SurfaceForm = z.object({ text: z.string(), lang: z.string(), count }).strict()

const EntityRow = z
  .object({
    id: z.string().describe('Canonical id, the same in every language (`loc:china`)'),
    type: z.string(),
    name: z.string().describe('Canonical English name'),
    names: z.record(z.string(), z.string()).describe('Preferred (most frequent) surface form per language'),
    forms: z.array(SurfaceForm),
    documents: count,
    mentions: count,
    languages: counts.describe('Mentions per surface-form language'),
  })
  .strict()

const CrossLanguageRow = z
  .object({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    names: z.record(z.string(), z.string()),
    languages: counts,
  })
  .strict()

const Pair = z.object({ a: z.string(), b: z.string(), count }).strict()
const PairTable = z
  .object({ total: count.describe('Distinct pairs before the cap'), pairs: z.array(Pair) })
  .strict()

const Keyword = z
  .object({
    term: z.string(),
    score: z.number().nonnegative().describe('Corpus TF-IDF: count x (ln((1 + N) / (1 + df)) + 1)'),
    documentFrequency: count,
    count,
  })
  .strict()

const KeywordTable = z
  .object({
    lang: z.string(),
    documents: count,
    vocabulary: count.describe('Distinct terms before the cap'),
    terms: z.array(Keyword),
  })
  .strict()

const TimelineSeries = z
  .object({
    id: z.string(),
    name: z.string(),
    mentions: count,
    points: z.array(z.object({ date: z.string(), mentions: count }).strict()),
  })
  .strict()

const QuarantineRuleRow = z.object({ stage: z.string(), rule: z.string(), count }).strict()
const QuarantineRow = z
  .object({
    docId: z.string(),
    source: SourceRef,
    stage: z.string(),
    rule: z.string(),
    reason: z.string(),
    kind: z.string(),
  })
  .strict()

/** The deterministic part of the report: same input, same bytes. */
export const ReportContentSchema = z
  .object({
    summary: z
      .object({
        documents: count,
        characters: count,
        paragraphs: count,
        languages: count,
        entities: count.describe('Distinct canonical ids'),
        mentions: count,
        quarantined: count,
        duplicateGroups: count,
        duplicateDocuments: count.describe('Documents in a duplicate group other than its representative'),
        mixedDocuments: count,
        datedDocuments: count,
        dateRange: z.object({ from: z.string(), to: z.string() }).strict().nullable(),
      })
      .strict(),
    languages: z.array(LanguageRow),
    documents: z.array(DocumentRow),
    mixedDocuments: z.array(MixedDocument),
    duplicates: z.array(DuplicateGroup),
    entities: z.array(EntityRow),
    crossLanguage: z.array(CrossLanguageRow),
    cooccurrence: z.object({ paragraph: PairTable, document: PairTable }).strict(),
    keywords: z.array(KeywordTable),
    timeline: z
      .object({ datedDocuments: count, undatedDocuments: count, entities: count, series: z.array(TimelineSeries) })
      .strict(),
    quarantine: z.object({ total: count, byRule: z.array(QuarantineRuleRow), entries: z.array(QuarantineRow) }).strict(),
    limits: z
      .object({ cooccurrencePairs: count, keywordsPerLanguage: count, timelineEntities: count })
      .strict()
      .describe('Caps applied when the report was built'),
  })
  .strict()

const DeltaDocument = z
  .object({ id: z.string(), title: z.string().nullable(), lang: z.string().nullable(), source: SourceRef })
  .strict()
const DeltaEntity = z.object({ id: z.string(), type: z.string(), name: z.string(), mentions: count }).strict()
const DeltaChange = z
  .object({ id: z.string(), type: z.string(), name: z.string(), before: count, after: count, change: z.number().int() })
  .strict()

/** "What changed" between two reports ({@link diffReports}). */
export const ReportDeltaSchema = z
  .object({
    changed: z.boolean().describe('False when the two contents describe the same documents, entities and languages'),
    documents: z.object({ before: count, after: count }).strict(),
    mentions: z.object({ before: count, after: count }).strict(),
    newDocuments: z.array(DeltaDocument),
    removedDocuments: z.array(DeltaDocument),
    newEntities: z.array(DeltaEntity),
    removedEntities: z.array(DeltaEntity),
    rose: z.array(DeltaChange).describe('Entities in both reports whose mentions rose most'),
    fell: z.array(DeltaChange).describe('Entities in both reports whose mentions fell most'),
    newLanguages: z.array(z.object({ lang: z.string(), documents: count }).strict()),
  })
  .strict()

/** `report.json`: schema version, the run header, the deterministic content, optionally a delta. */
export const ReportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    run: RunHeaderSchema,
    content: ReportContentSchema,
    delta: ReportDeltaSchema.optional().describe('Present when the run was compared with a previous report'),
  })
  .strict()
  .describe('report.json written by `corpus run`')

export type Report = z.infer<typeof ReportSchema>
export type RunHeader = z.infer<typeof RunHeaderSchema>
export type ReportContent = z.infer<typeof ReportContentSchema>
export type ReportDelta = z.infer<typeof ReportDeltaSchema>
export type DocumentRow = z.infer<typeof DocumentRow>
export type EntityRow = z.infer<typeof EntityRow>
export type KeywordTable = z.infer<typeof KeywordTable>
export type DuplicateGroup = z.infer<typeof DuplicateGroup>
