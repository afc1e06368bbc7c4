import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { isCorpusError } from '@corpus/core'
import {
  addDocument,
  addQuarantine,
  buildReport,
  createAggregate,
  diffReports,
  reportJsonSchema,
  ReportSchema,
  stringifyJson,
  type Report,
  type RunHeader,
} from '@corpus/report'
import { describe, expect, test } from 'vitest'
import { duplicateDocs, quarantineEntries, runHeader, seedDocs } from './helpers.js'

function fullReport(): Report {
  const aggregate = createAggregate()
  for (const doc of [...seedDocs(), ...duplicateDocs()]) addDocument(aggregate, doc)
  for (const entry of quarantineEntries()) addQuarantine(aggregate, entry)
  return buildReport(aggregate, runHeader())
}

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(reportJsonSchema)

describe('report.json schema', () => {
  test('a built report (with and without a delta) is valid, as JSON text too', () => {
    const report = fullReport()
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
    expect(validate(JSON.parse(stringifyJson(report)))).toBe(true)
    const previous = buildReport(createAggregate(), runHeader())
    const withDelta = { ...report, delta: diffReports(previous, report) }
    expect(validate(withDelta), JSON.stringify(validate.errors)).toBe(true)
    expect(ReportSchema.safeParse(withDelta).success).toBe(true)
  })

  test('an empty corpus gives a valid report', () => {
    const report = buildReport(createAggregate(), runHeader({ stats: { read: 0, written: 0, quarantined: 0, quarantineByRule: {}, counters: {} } }))
    expect(validate(report)).toBe(true)
    expect(report.content.summary).toMatchObject({ documents: 0, dateRange: null })
  })

  test('the schema rejects what is not a report', () => {
    type Loose = { content: { summary: { documents: number }; entities?: unknown; generatedAt?: string } }
    const report = JSON.parse(stringifyJson(fullReport())) as Loose
    expect(validate({ ...report, schemaVersion: 2 })).toBe(false)
    const negative = structuredClone(report)
    negative.content.summary.documents = -1
    expect(validate(negative)).toBe(false)
    const missing = structuredClone(report)
    delete missing.content.entities
    expect(validate(missing)).toBe(false)
    const extra = structuredClone(report)
    extra.content.generatedAt = '2026-01-01T00:00:00Z'
    expect(validate(extra)).toBe(false)
  })

  test('the shipped schema file is the one generated from the zod schemas', () => {
    const shipped = readFileSync(new URL('../schema/report.schema.json', import.meta.url), 'utf8')
    expect(shipped, 'regenerate with: pnpm --filter @corpus/report run schema').toBe(stringifyJson(reportJsonSchema))
  })

  test('buildReport refuses a malformed run header', () => {
    const aggregate = createAggregate()
    let error: unknown
    try {
      buildReport(aggregate, { ...runHeader(), durationMs: -5 } as RunHeader)
    } catch (e) {
      error = e
    }
    expect(isCorpusError(error) && error.code).toBe('E_CONFIG')
    expect(String(error)).toContain('durationMs')
  })
})
