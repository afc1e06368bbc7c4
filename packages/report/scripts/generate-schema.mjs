// Writes schema/report.schema.json from the zod schemas (via the built package).
// Run: pnpm --filter @corpus/report run schema
import { writeFileSync } from 'node:fs'
import { reportJsonSchema, stringifyJson } from '../dist/index.js'

const target = new URL('../schema/report.schema.json', import.meta.url)
writeFileSync(target, stringifyJson(reportJsonSchema))
process.stdout.write(`wrote ${target.pathname}\n`)
