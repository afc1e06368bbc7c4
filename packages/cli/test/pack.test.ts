import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './helpers.js'

const packages = ['core', 'ingest', 'langid', 'entities', 'report'] as const

// Library use as a user's code would do it: pack the built packages, install the tarballs in a
// project outside the workspace, import them as ESM and type-check against the shipped types.
describe('packed packages', () => {
  it('install into a scratch project, import as ESM, and their types resolve', async () => {
    const work = await mkdtemp(join(tmpdir(), 'corpus-pack-'))
    const tarballs = join(work, 'tarballs')
    for (const name of packages) {
      execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(repoRoot, 'packages', name), stdio: 'pipe' })
    }
    const files = await readdir(tarballs)
    const tarballOf = (name: string) => `file:${join(tarballs, files.find((f) => f.startsWith(`corpus-${name}-`))!)}`
    const project = join(work, 'app')
    const deps = Object.fromEntries(packages.map((name) => [`@corpus/${name}`, tarballOf(name)]))
    await execFileSync('mkdir', ['-p', project])
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'scratch-app', private: true, type: 'module', dependencies: deps, pnpm: { overrides: deps } }, null, 2),
    )
    await writeFile(
      join(project, 'app.ts'),
      `import { pipeline, type Doc } from '@corpus/core'
import { readCorpus, cleanText } from '@corpus/ingest'
import { detectLanguage } from '@corpus/langid'
import { extractEntities } from '@corpus/entities'
import { createAggregate, addDocument, buildReport } from '@corpus/report'

const docs: Doc[] = []
const aggregate = createAggregate()
const stats = await pipeline(readCorpus([process.argv[2]!]), [cleanText(), detectLanguage(), extractEntities()], async (stream) => {
  for await (const doc of stream) {
    docs.push(doc)
    addDocument(aggregate, doc)
  }
})
const lang: string | undefined = docs[0]?.annotations.language?.lang
const ids = docs[0]?.annotations.entities?.map((e) => e.id) ?? []
console.log(JSON.stringify({ written: stats.written, lang, hasChina: ids.includes(docs[0]!.annotations.entities!.find((e) => e.text === 'Trung Quốc')!.id) }))
void buildReport
`,
    )
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', skipLibCheck: false, types: ['node'] }, files: ['app.ts'] }),
    )
    execFileSync('pnpm', ['install', '--prefer-offline', '--ignore-workspace', '--config.auto-install-peers=false'], { cwd: project, stdio: 'pipe' })
    execFileSync('pnpm', ['add', '--prefer-offline', '--ignore-workspace', '-D', 'typescript@5.9.3', '@types/node@20'], { cwd: project, stdio: 'pipe' })
    // Types resolve: a strict type-check of the user's file against the shipped .d.ts files.
    execFileSync(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: project, stdio: 'pipe' })
    const seed = join(repoRoot, 'corpus', '000_2f88a1b3149f2a67.txt')
    const output = execFileSync(process.execPath, [join(project, 'out', 'app.js'), seed], { cwd: project, encoding: 'utf8' })
    expect(JSON.parse(output)).toEqual({ written: 1, lang: 'vi', hasChina: true })
  }, 240_000)
})
