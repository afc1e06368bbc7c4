import { z } from 'zod'
import { ReportSchema } from './schema.js'

/**
 * The JSON Schema (draft 2020-12) of `report.json`, generated from the same zod schema the
 * TypeScript types are inferred from. Shipped as `schema/report.schema.json`
 * (`pnpm --filter @corpus/report run schema` regenerates it).
 */
export const reportJsonSchema: Readonly<Record<string, unknown>> = Object.freeze({
  ...z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' }),
  title: 'corpus report.json',
})
