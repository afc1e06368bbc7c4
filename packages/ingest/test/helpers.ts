import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pipeline, type Doc, type QuarantineEntry, type RunStats, type Source, type Stage } from '@corpus/core'
import { afterAll } from 'vitest'

/** The seed articles shipped in the repo (`corpus/`). */
export const seedDir = fileURLToPath(new URL('../../../corpus/', import.meta.url))
export const seedNames = ['000_2f88a1b3149f2a67', '001_23935d7d7433ec8e', '002_043d91b0fed916d0', '003_c93a3a839a127675', '004_ee66aee5bb630a0e'] as const
export const seedPath = (name: string): string => join(seedDir, `${name}.txt`)
export const seedText = (name: string): string => readFileSync(seedPath(name), 'utf8')
/** Gold annotations beside the checkout (`../shared/data/seed-gold`). */
export const goldDir = fileURLToPath(new URL('../../../../shared/data/seed-gold/', import.meta.url))

/** Run a source through stages and collect everything (tests only: buffers the output). */
export async function collect(source: Source, stages: readonly Stage[] = []): Promise<{ docs: Doc[]; quarantined: QuarantineEntry[]; stats: RunStats }> {
  const docs: Doc[] = []
  const quarantined: QuarantineEntry[] = []
  const stats = await pipeline(
    source,
    stages,
    async (stream) => {
      for await (const doc of stream) docs.push(doc)
    },
    { onQuarantine: (entry) => quarantined.push(entry), maxQuarantineRatio: 1 },
  )
  return { docs, quarantined, stats }
}

const tempRoots: string[] = []
afterAll(() => {
  for (const root of tempRoots.splice(0)) rmSync(root, { recursive: true, force: true })
})

/** A fresh temporary folder with the given files (string = UTF-8, bytes as given), removed after the test file. */
export function tempTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'corpus-ingest-'))
  tempRoots.push(root)
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, content)
  }
  return root
}

/** A readable for the `stdin` option. */
export async function* streamOf(...chunks: (string | Uint8Array)[]): AsyncIterable<Uint8Array | string> {
  for (const chunk of chunks) yield chunk
}
