import * as report from '@corpus/report'
import { expect, test } from 'vitest'

test('public API', () => {
  expect(Object.keys(report).sort()).toMatchInlineSnapshot(`
    [
      "NAMED_ENTITY_TYPES",
      "REPORT_SCHEMA_VERSION",
      "ReportContentSchema",
      "ReportDeltaSchema",
      "ReportSchema",
      "RunHeaderSchema",
      "addDocument",
      "addQuarantine",
      "buildReport",
      "createAggregate",
      "diffReports",
      "mergeAggregateInto",
      "mergeAggregates",
      "parseReport",
      "renderMarkdown",
      "reportJsonSchema",
      "stringifyJson",
      "stringifyJsonPieces",
      "stringifyReport",
    ]
  `)
})
