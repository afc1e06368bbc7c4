import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CorpusError, pipeline, type QuarantineEntry } from '@corpus/core'
import { cleanText, readCorpus, type DocumentMeta, type Paragraph } from '@corpus/ingest'
import { parseCommandArgs } from '../args.js'

const help = `corpus eval ingest [paths...] [--gold-dir <dir>] [--json] [--check]

Runs the reader and the cleaner (readCorpus + cleanText) over the seed articles (default: the
repo's corpus/ folder, or the given files/folders) and compares with the hand annotation in
<gold-dir> (default: ../shared/data/seed-gold beside the repo): lines.jsonl gives the kind of every
non-empty line, meta.json the metadata. Documents are matched by file name (meta.name = gold doc).

Line scores: a gold line is "kept" by the cleaner when a kept paragraph covers it. Kept kinds are
title, body, byline, source, caption; boilerplate and image lines should be dropped.
  body recall          share of gold title/body/byline/source/caption lines kept
  boilerplate recall   share of gold boilerplate/image lines removed
  kept precision       share of kept lines that gold keeps
  kind accuracy        share of rightly kept lines whose paragraph kind equals the gold kind
Metadata: exact match per document of title, author, date (ISO) and the set of sources.
Target: boilerplate recall >= 0.95 with body recall >= 0.99 (--check exits 1 when missed).

--json prints the numbers as one JSON object instead of tables.`

const KEPT_KINDS = new Set(['title', 'body', 'byline', 'source', 'caption'])

interface GoldLine {
  readonly doc: string
  readonly line: number
  readonly start: number
  readonly end: number
  readonly kind: string
}

interface GoldMeta {
  readonly title: string | null
  readonly author: string | null
  readonly publication_date: string | null
  readonly source: readonly string[]
}

interface Predicted {
  readonly paragraphs: readonly Paragraph[]
  readonly meta: DocumentMeta
}

interface LineCounts {
  /** gold kept, kept */
  tp: number
  /** gold dropped, kept */
  fp: number
  /** gold kept, dropped */
  fn: number
  /** gold dropped, dropped */
  tn: number
  kindRight: number
}

interface DocScore extends LineCounts {
  readonly doc: string
  readonly found: boolean
  readonly misses: string[]
  readonly meta: Record<MetaField, boolean>
}

type MetaField = 'title' | 'author' | 'date' | 'sources'
const META_FIELDS: readonly MetaField[] = ['title', 'author', 'date', 'sources']

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b)
const fmt = (x: number | null): string => (x === null ? '  n/a' : x.toFixed(3))
const same = (a: string | null | undefined, b: string | null | undefined): boolean => (a ?? null)?.normalize('NFC').trim() === (b ?? null)?.normalize('NFC').trim()

function scoreLines(gold: readonly GoldLine[], predicted: Predicted | undefined): LineCounts & { misses: string[] } {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0, kindRight: 0, misses: [] as string[] }
  for (const line of gold) {
    const paragraph = predicted?.paragraphs.find((p) => p.sourceStart < line.end && p.sourceStart + (p.end - p.start) > line.start)
    const goldKept = KEPT_KINDS.has(line.kind)
    if (goldKept && paragraph) {
      counts.tp += 1
      if (paragraph.kind === line.kind) counts.kindRight += 1
      else counts.misses.push(`line ${line.line}: ${line.kind} kept as ${paragraph.kind}`)
    } else if (goldKept) {
      counts.fn += 1
      counts.misses.push(`line ${line.line}: ${line.kind} removed`)
    } else if (paragraph) {
      counts.fp += 1
      counts.misses.push(`line ${line.line}: ${line.kind} kept as ${paragraph.kind}`)
    } else {
      counts.tn += 1
    }
  }
  return counts
}

function scoreMeta(gold: GoldMeta | undefined, meta: DocumentMeta | undefined): Record<MetaField, boolean> {
  const sources = (list: readonly string[] | undefined) => JSON.stringify([...(list ?? [])].map((s) => s.normalize('NFC').trim()).sort())
  return {
    title: same(meta?.title, gold?.title),
    author: same(meta?.author, gold?.author),
    date: same(meta?.date, gold?.publication_date),
    sources: sources(meta?.sources) === sources(gold?.source),
  }
}

function readJson<T>(path: string, what: string): T {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new CorpusError('E_CONFIG', `eval ingest: cannot read ${what} ${path}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text) as T
  } catch (error) {
    throw new CorpusError('E_CONFIG', `eval ingest: ${what} ${path} is not JSON: ${(error as Error).message}`)
  }
}

function readGoldLines(path: string): GoldLine[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new CorpusError('E_CONFIG', `eval ingest: cannot read gold lines ${path}: ${(error as Error).message}`)
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as GoldLine
      } catch (error) {
        throw new CorpusError('E_CONFIG', `eval ingest: ${path} line ${i + 1} is not JSON: ${(error as Error).message}`)
      }
    })
}

/** `corpus eval ingest`: line-level and metadata scores of the cleaner against the seed gold. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    'gold-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(`${help}\n`)
    return 0
  }
  const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
  const goldDir = values['gold-dir'] ?? join(repoRoot, '..', 'shared', 'data', 'seed-gold')
  const paths = positionals.length > 0 ? positionals : [join(repoRoot, 'corpus')]
  const goldLines = readGoldLines(join(goldDir, 'lines.jsonl'))
  const goldMeta = readJson<Record<string, GoldMeta>>(join(goldDir, 'meta.json'), 'gold metadata')

  const predicted = new Map<string, Predicted>()
  const quarantined: QuarantineEntry[] = []
  await pipeline(
    readCorpus(paths),
    [cleanText()],
    async (docs) => {
      for await (const doc of docs) {
        const { paragraphs, meta } = doc.annotations
        if (paragraphs && meta?.name) predicted.set(meta.name, { paragraphs, meta })
      }
    },
    { onQuarantine: (entry) => quarantined.push(entry), maxQuarantineRatio: 1 },
  )

  const docNames = [...new Set([...goldLines.map((l) => l.doc), ...Object.keys(goldMeta)])].sort()
  const scores: DocScore[] = docNames.map((doc) => {
    const p = predicted.get(doc)
    const lines = scoreLines(
      goldLines.filter((l) => l.doc === doc),
      p,
    )
    return { doc, found: p !== undefined, ...lines, meta: scoreMeta(goldMeta[doc], p?.meta) }
  })
  const total = scores.reduce<LineCounts>(
    (t, s) => ({ tp: t.tp + s.tp, fp: t.fp + s.fp, fn: t.fn + s.fn, tn: t.tn + s.tn, kindRight: t.kindRight + s.kindRight }),
    { tp: 0, fp: 0, fn: 0, tn: 0, kindRight: 0 },
  )
  const summary = (c: LineCounts) => ({
    lines: c.tp + c.fp + c.fn + c.tn,
    bodyRecall: ratio(c.tp, c.tp + c.fn),
    boilerplateRecall: ratio(c.tn, c.tn + c.fp),
    keptPrecision: ratio(c.tp, c.tp + c.fp),
    kindAccuracy: ratio(c.kindRight, c.tp),
  })
  const totals = summary(total)
  const metaAccuracy = Object.fromEntries(META_FIELDS.map((f) => [f, ratio(scores.filter((s) => s.meta[f]).length, scores.length)])) as Record<MetaField, number | null>
  const met = (totals.boilerplateRecall ?? 0) >= 0.95 && (totals.bodyRecall ?? 0) >= 0.99

  if (values.json) {
    const result = {
      goldDir,
      documents: scores.map((s) => ({ doc: s.doc, found: s.found, ...summary(s), meta: s.meta, misses: s.misses })),
      total: totals,
      metaAccuracy,
      quarantined: quarantined.map((q) => ({ source: q.source, stage: q.stage, rule: q.rule, reason: q.reason })),
      targetMet: met,
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  } else {
    const out: string[] = []
    out.push(`eval ingest: ${scores.length} gold documents, ${goldLines.length} gold lines (${goldDir})`, '')
    out.push('document                lines  body-rec  boiler-rec  kept-prec  kind-acc  title author date  sources')
    const yes = (b: boolean): string => (b ? 'ok' : '--')
    for (const s of scores) {
      const m = summary(s)
      out.push(
        `${s.doc.padEnd(22)} ${String(m.lines).padStart(6)}  ${fmt(m.bodyRecall).padStart(8)}  ${fmt(m.boilerplateRecall).padStart(10)}  ${fmt(m.keptPrecision).padStart(9)}  ${fmt(m.kindAccuracy).padStart(8)}  ${yes(s.meta.title).padStart(5)} ${yes(s.meta.author).padStart(6)} ${yes(s.meta.date).padStart(4)}  ${yes(s.meta.sources).padStart(7)}${s.found ? '' : '  (not in the output)'}`,
      )
    }
    const metaCell = (f: MetaField): string => fmt(metaAccuracy[f])
    out.push(
      `${'total'.padEnd(22)} ${String(totals.lines).padStart(6)}  ${fmt(totals.bodyRecall).padStart(8)}  ${fmt(totals.boilerplateRecall).padStart(10)}  ${fmt(totals.keptPrecision).padStart(9)}  ${fmt(totals.kindAccuracy).padStart(8)}`,
      '',
      `metadata accuracy: title ${metaCell('title')}  author ${metaCell('author')}  date ${metaCell('date')}  sources ${metaCell('sources')}`,
      `lines: ${total.tp} kept rightly, ${total.tn} removed rightly, ${total.fn} kept lines removed, ${total.fp} boilerplate lines kept`,
      `target (boilerplate recall >= 0.95, body recall >= 0.99): ${met ? 'met' : 'NOT met'}`,
    )
    const misses = scores.flatMap((s) => s.misses.map((m) => `  ${s.doc} ${m}`))
    if (misses.length > 0) out.push('', 'differences:', ...misses)
    if (quarantined.length > 0) out.push('', 'quarantined:', ...quarantined.map((q) => `  ${q.source.uri} ${q.stage}/${q.rule}: ${q.reason}`))
    process.stdout.write(`${out.join('\n')}\n`)
  }
  return values.check && !met ? 1 : 0
}
